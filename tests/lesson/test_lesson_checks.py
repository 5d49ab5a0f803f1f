"""The check mini-language: parsing, located syntax errors, and evaluation against values."""

import math

import numpy as np
import pytest

from logicsim.lesson.check_eval import evaluate
from logicsim.lesson.check_names import index_for, index_problem, names_in
from logicsim.lesson.checks import MAX_DEPTH, MAX_LENGTH, Name, parse_check
from logicsim.lesson.errors import CheckSyntaxError

VALUES = {
    "net.Q": 1,
    "net.X": "X",
    "regime": "vanishing guaranteed",
    "accuracy": 0.97,
    "lambda1": 5.2001,
    "rho": 0.9,
    "oscillating": False,
}


def lookup(name, index):
    if name == "grad_norm_log10":
        ((key, t),) = index[0]
        return -4.0 + t
    if name == "h":
        row = np.array([0.1, 0.5, -0.2])
        flat = [v for group in index for _, v in group]
        return row if len(flat) == 1 else row[flat[1]]
    if name in VALUES:
        return VALUES[name]
    raise KeyError(name)


def ok(text):
    return evaluate(parse_check(text), lookup)


# check text, expected pass/fail (rows read like a truth table)
CASES = [
    ("net.Q == 1", True),
    ("net.Q == 0", False),
    ("net.Q != 0", True),
    ("grad_norm_log10[t=0] < -3", True),
    ("grad_norm_log10[t=2] < -3", False),
    ('regime == "vanishing guaranteed"', True),
    ("regime == 'exploding possible'", False),
    ("accuracy >= 0.95", True),
    ("accuracy >= 0.98", False),
    ("lambda1 == 5.2 +- 0.01", True),
    ("lambda1 == 5.2 ± 0.01", True),
    ("lambda1 == 5.2 +- 1e-5", False),
    ("lambda1 != 5.2 +- 1e-5", True),
    ("lambda1 == 5.2", False),
    ("rho == 0.9", True),
    ("rho == 0.3 * 3", True),  # 0.8999999999999999 equals 0.9 within 1e-9 relative
    ("abs(lambda1 - 5.2) <= 1e-3", True),
    ("approx(lambda1, 5.2, 1e-3)", True),
    ("-3 < grad_norm_log10[t=2] < 0", True),
    ("-3 < grad_norm_log10[t=5] < 0", False),
    ("all(h[t=3] > -1)", True),
    ("any(h[t=3] > 0.4)", True),
    ("all(h[3] > 0)", False),
    ("max(h[3]) == 0.5", True),
    ("h[t=3, unit=1] == 0.5", True),
    ("h[3][1] == 0.5", True),
    ("len(h[3]) == 3", True),
    ("not oscillating", True),
    ("oscillating or net.Q == 1", True),
    ("oscillating and net.Q == 1", False),
    ("(1 + 2) * 3 == 9", True),
    ("2 - 3 - 4 == -5", True),  # left-associative
    ("8 / 4 / 2 == 1", True),
    ("log10(100) == 2", True),
    ("mean(h[3]) == 0.4 / 3 +- 1e-12", True),
    ("min(1, 2, -3) == -3", True),
    ("true", True),
    ("tanh(0) == 0 and sigmoid(0) == 0.5 and exp(0) == 1", True),
    ("all(tanh(h[3]) < h[3] + 1e-12)", False),  # tanh(-0.2) > -0.2
    ('contains(regime, "vanishing")', True),
    ('contains(regime, "exploding")', False),
    ("false or true", True),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_check_truth_table(text, expected):
    outcome = ok(text)
    assert outcome.error is None, outcome.error
    assert outcome.passed is expected


def test_observed_values_are_reported():
    outcome = ok("grad_norm_log10[t=0] < -3 and net.Q == 1")
    assert outcome.observed == {"grad_norm_log10[t=0]": -4.0, "net.Q": 1}


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("h[3] > 0", "all(...) or any(...)"),  # an array is not one truth value
        ("net.X == 1", "cannot compare"),  # an unknown net value 'X' is not a number
        ('regime < "a"', "only compare with == or !="),
        ("1 / 0 == 1", "division by zero"),
        ("missing == 1", "cannot read missing"),
        ("h[1.5] == 0", "whole number"),
        ("regime == 'x' +- 1", "tolerance needs numbers"),
    ],
)
def test_evaluation_problems_fail_the_check_without_raising(text, fragment):
    outcome = ok(text)
    assert outcome.passed is False
    assert fragment in outcome.error


def test_nan_never_passes():
    outcome = evaluate(parse_check("x != 1"), lambda n, i: math.nan)
    assert outcome.passed is True  # nan != 1 is honestly true
    outcome = evaluate(parse_check("x"), lambda n, i: math.nan)
    assert outcome.passed is False


@pytest.mark.parametrize(
    "text, offset, fragment",
    [
        ("Q ==", 4, "expected a number"),
        ("Q == 1 +", 8, "expected a number"),
        ("a +- 3", 2, "tolerance"),
        ("x < 1 +- 2", 6, "only goes with == or !="),
        ("foo(1) > 0", 0, "unknown function 'foo'"),
        ('x == "abc', 5, "not closed"),
        ("a $ b", 2, "unexpected character '$'"),
        ("h[t=1 == 0", 6, "expected ']'"),
        ("abs(1, 2) > 0", 0, "takes 1 argument"),
        ("", 0, "empty check"),
        ("   ", 0, "empty check"),
        ("x == 1 2", 7, "expected an operator"),
        ("(x == 1", 7, "expected ')'"),
        ("net.Q = 1", 6, "use == to compare"),
    ],
)
def test_syntax_errors_are_located(text, offset, fragment):
    with pytest.raises(CheckSyntaxError) as exc:
        parse_check(text)
    assert exc.value.offset == offset
    assert fragment in exc.value.message


def test_limits_keep_parsing_bounded():
    with pytest.raises(CheckSyntaxError, match="longer than"):
        parse_check("x" * (MAX_LENGTH + 1))
    with pytest.raises(CheckSyntaxError, match="nests deeper"):
        parse_check("(" * (MAX_DEPTH + 5) + "1" + ")" * (MAX_DEPTH + 5))
    with pytest.raises(CheckSyntaxError, match="nests deeper"):
        parse_check("-" * 300 + "1")
    with pytest.raises(CheckSyntaxError, match="nests deeper"):
        parse_check("not " * 60 + "x")


def test_names_and_indexes():
    node = parse_check("h[t=3, unit=0] > 0 and net.Q == abs(grad_norm_log10[t=-1])")
    names = names_in(node)
    assert [n.name for n in names] == ["h", "net.Q", "grad_norm_log10"]
    assert index_problem(names[0], ("t", "unit")) is None
    assert "takes no [index]" in index_problem(names[0], ())
    assert "has no index 't'" in index_problem(names[2], ("k",))
    h_unit_only = parse_check("h[unit=0] > 0")
    assert "before the later ones" in index_problem(names_in(h_unit_only)[0], ("t", "unit"))
    twice = parse_check("h[t=0, t=1] > 0")
    assert "twice" in index_problem(names_in(twice)[0], ("t", "unit"))
    too_many = parse_check("grad_norm_log10[1, 2] > 0")
    assert "at most 1" in index_problem(names_in(too_many)[0], ("t",))
    assert index_for(((("t", 3), (None, 0)),), ("t", "unit")) == {"t": 3, "unit": 0}
    assert index_for((((None, 3),), ((None, 1),)), ("t", "unit")) == {"t": 3, "unit": 1}
    assert index_for((), ("t",)) is None
    assert isinstance(names[0], Name)


def test_never_uses_eval():
    # Python syntax outside the language is rejected, never executed.
    for text in ("__import__('os')", "[1][0] == 1", "lambda: 1", "x if y else z", "x.y()"):
        with pytest.raises(CheckSyntaxError):
            parse_check(text)
    # A dotted name is only a name: reading it asks lookup for that exact text, never getattr.
    asked = []
    outcome = evaluate(parse_check("x.__class__ == 1"), lambda n, i: asked.append(n) or 1)
    assert asked == ["x.__class__"] and outcome.passed
