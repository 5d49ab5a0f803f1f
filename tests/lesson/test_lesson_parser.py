"""Lesson files: a valid file parses; every kind of mistake is a LessonError at the right place."""

import pytest

from logicsim.errors import FileFormatError
from logicsim.lesson import LessonError, parse_lesson, read_lesson

GOOD = """\
format = 1
title = "A latch remembers"
summary.en = "Set, reset, hold."
summary.bn = "সেট, রিসেট, ধরে রাখা।"

[needs]
circuit = "sr_latch_nor"
seed = 0

[[step]]
title = "Set"
say.en = "Raise **S**: the latch is set."
say.bn = "**S** তুলুন: ল্যাচটি সেট হয়।"
set = { "input.S" = 1, input.R = 0 }
act = "settle"
focus = "logic.inputs"
check = ["net.Q == 1", "not oscillating"]

[[step]]
say = "Drop S and look: Q stays."
set.input.S = 0
act = [{ do = "run_cycles", n = 2 }, "tick"]
wait = { do = "toggle", net = "R", hint = "Flip R on." }
check = "net.Q == 0"

[[step]]
say.en = "Gradients: eigenvalue 0.5."
set = { eig_mode = "real", eig1 = 0.5, eig2 = 0.5, "gate.i" = "off" }
wait = "next"
check = ['grad_norm_log10[t=0] < -3', 'regime == "vanishing guaranteed"', "h[t=-1, unit=0] > -1"]
"""


def lines_of(text, needle):
    """1-based (line, column) of the first occurrence of needle in text."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def test_good_lesson_parses_into_steps():
    lesson = parse_lesson(GOOD, "good.toml")
    assert lesson.name == "good"
    assert lesson.heading() == "A latch remembers"
    assert lesson.blurb("bn") == "সেট, রিসেট, ধরে রাখা।"
    assert lesson.needs == (("circuit", "sr_latch_nor"), ("seed", 0))
    assert len(lesson.steps) == 3 and lesson.n_checks == 6
    s1, s2, s3 = lesson.steps
    assert s1.sets == (("input.S", 1), ("input.R", 0))
    assert [a.name for a in s1.acts] == ["settle"]
    assert s1.focus == ("logic.inputs",)
    assert s1.text("bn").startswith("**S** তুলুন") and s2.text("bn") == s2.text("en")
    assert s1.heading() == "Set" and s2.heading() == "Step 2"
    assert s2.sets == (("input.S", 0),)
    assert [(a.name, a.args) for a in s2.acts] == [("run_cycles", {"n": 2}), ("tick", {})]
    assert s2.wait.action.name == "toggle" and s2.wait.action.args == {"net": "R"}
    assert s2.wait.hint == {"en": "Flip R on."}
    assert s3.wait is not None and s3.wait.action is None
    assert s3.sets[-1] == ("gate.i", "off")
    assert [c.text for c in s3.checks][1] == 'regime == "vanishing guaranteed"'
    # steps and checks remember where they are written
    assert s1.line == lines_of(GOOD, "[[step]]")[0]
    assert s2.checks[0].line == lines_of(GOOD, '"net.Q == 0"')[0]
    assert lesson.languages == ("en",)  # step 2 and 3 are English only


def mutate(old, new, count=1):
    assert old in GOOD, old
    return GOOD.replace(old, new, count)


# (replacement, expected message fragment, text whose position the error must point at)
ERRORS = [
    ("seed = 0", "unknown control 'sed' (did you mean 'seed'?)", "sed = 0"),
    ('act = "settle"', "unknown action 'setle' (did you mean 'settle'?)", '"setle"'),
    ("n = 2", "argument n: expected a number, got 'two'", 'n = "two"'),
    ("eig1 = 0.5", "set eig1: 9.5 is above the maximum 4", "eig1 = 9.5"),
    ('"input.S" = 1', "set input.S: expected 0 or 1, got 2", '"input.S" = 2'),
    ('focus = "logic.inputs"', "unknown focus target 'logic.input'", '"logic.input"'),
    ('"net.Q == 0"', "unknown observable 'nett.Q'", "nett.Q"),
    ('"not oscillating"', "use == to compare", '"not oscillating ="'),
    ('hint = "Flip R on."', "action toggle has no argument 'colour'", "colour"),
    ('wait = "next"', 'wrong type: wait is "next" or a table', "wait = 3"),
    ('say = "Drop S', "unknown step key 'sya' (did you mean 'say'?)", "sya"),
    ('title = "Set"', "unknown step key 'titel'", "titel"),
]
REPLACEMENTS = {
    "seed = 0": "sed = 0",
    'act = "settle"': 'act = "setle"',
    "n = 2": 'n = "two"',
    "eig1 = 0.5": "eig1 = 9.5",
    '"input.S" = 1': '"input.S" = 2',
    'focus = "logic.inputs"': 'focus = "logic.input"',
    '"net.Q == 0"': '"nett.Q == 0"',
    '"not oscillating"': '"not oscillating ="',
    'hint = "Flip R on."': 'colour = "red"',
    'wait = "next"': "wait = 3",
    'say = "Drop S': 'sya = "Drop S',
    'title = "Set"': 'titel = "Set"',
}


@pytest.mark.parametrize("old, fragment, where", ERRORS, ids=[e[1][:30] for e in ERRORS])
def test_errors_name_file_line_and_column(old, fragment, where):
    text = mutate(old, REPLACEMENTS[old])
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "bad.toml")
    err = exc.value
    assert isinstance(err, FileFormatError) and isinstance(err, ValueError)
    assert fragment in err.message, err.message
    line, col = lines_of(text, where)
    assert err.line == line, (str(err), line, col)
    assert err.column is not None and abs(err.column - col) <= len(where), (str(err), line, col)
    assert str(err).startswith(f"bad.toml:{err.line}:{err.column}: ")


def test_check_syntax_error_points_inside_the_string():
    text = mutate('"net.Q == 0"', '"net.Q == 0 +"')
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "bad.toml")
    line, col = lines_of(text, '"net.Q == 0 +"')
    assert (exc.value.line, exc.value.column) == (line, col + len("net.Q == 0 +") + 1)
    assert "step 2: check 'net.Q == 0 +': expected a number" in exc.value.message


def test_toml_syntax_error_keeps_tomllib_position():
    text = mutate("seed = 0", "seed = ")
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "bad.toml")
    assert exc.value.line == lines_of(text, "seed = ")[0]
    assert exc.value.message.startswith("TOML syntax: Invalid value")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "missing title"),
        ('title = "t"\nsummary = "s"\n', "missing steps"),
        ('title = "t"\nsummary = "s"\nstep = 3\n', "missing steps"),
        ('title = "t"\nsummary = "s"\n[[step]]\nset = {}\n', "missing say"),
        ('title = "t"\nsummary.bn = "s"\n[[step]]\nsay = "x"\n', "summary needs an English"),
        ('title = 5\nsummary = "s"\n[[step]]\nsay = "x"\n', "wrong type: title"),
        ('format = 3\ntitle = "t"\nsummary = "s"\n[[step]]\nsay = "x"\n', "format 3 is not"),
        ('format = 2\ntitle = "t"\nsummary = "s"\n[[step]]\nsay = "x"\n', "format 2 needs minutes"),
        ('title = "t"\nsummary = "s"\nextra = 1\n[[step]]\nsay = "x"\n', "unknown key 'extra'"),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nact = { n = 3 }\n', "missing do"),
        (
            'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nact = "run_cycles"\n',
            "run_cycles needs argument(s) n",
        ),
        (
            'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nact = {do="tick", repeat=0}\n',
            "repeat must be",
        ),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = {EN = "x"}\n', "not a language code"),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "  "\n', "say.en is empty"),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\ncheck = 1\n', "a check is a string"),
        (
            'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\ncheck = "h[k=1] > 0"\n',
            "h has no index 'k'",
        ),
        (
            'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\ncheck = "rho[0] > 0"\n',
            "takes no [index]",
        ),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nset = 4\n', "set must be a table"),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nfocus = [1]\n', "focus takes"),
        (
            'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\n[[step]]\nsay = "y"\n'
            "set.a.b.c.d.e.f.g.h = 1\n",
            "nest too deeply",
        ),
    ],
)
def test_structural_errors(text, fragment):
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "s.toml")
    assert fragment in exc.value.message


def test_files_not_found_or_not_utf8(tmp_path):
    with pytest.raises(LessonError, match="No such file"):
        read_lesson(tmp_path / "missing.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'title = "t"\nsummary = "caf\xe9"\n')
    with pytest.raises(LessonError) as exc:
        read_lesson(bad)
    assert exc.value.line == 2 and "not UTF-8" in exc.value.message
    good = tmp_path / "good.toml"
    good.write_text(GOOD, encoding="utf-8")
    assert read_lesson(good).path == str(good)


@pytest.mark.parametrize(
    "old, new, fragment, where",
    [
        (
            'circuit = "sr_latch_nor"',
            'circuit = "sr_latch_nro"',
            "unknown circuit 'sr_latch_nro'",
            'circuit = "sr_latch_nro"',
        ),
        (
            "input.R = 0 }",
            "input.T = 0 }",
            "circuit 'sr_latch_nor' has no input 'T' (inputs: R, S)",
            "input.T",
        ),
        ('net = "R"', 'net = "Q"', "has no input 'Q'", '"Q"'),
        ('"net.Q == 0"', '"net.P == 0"', "circuit 'sr_latch_nor' has no net 'P'", "net.P"),
        (
            'circuit = "sr_latch_nor"',
            'circuit = "nowhere/latch.toml"',
            "circuit file 'nowhere/latch.toml' does not exist",
            "nowhere",
        ),
    ],
)
def test_circuit_names_are_checked_against_the_library(old, new, fragment, where):
    text = mutate(old, new)
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "bad.toml")
    assert fragment in exc.value.message
    assert exc.value.line == lines_of(text, where)[0]


def test_circuit_files_are_read_for_their_inputs(tmp_path):
    (tmp_path / "buf.toml").write_text(
        'name = "buffer"\ninputs = ["A"]\noutputs = ["Y"]\n'
        '[gates]\nY = { op = "BUF", in = ["A"] }\n',
        encoding="utf-8",
    )
    text = (
        f'title = "t"\nsummary = "s"\nneeds.circuit = "{tmp_path / "buf.toml"}"\n'
        '[[step]]\nsay = "x"\nset = { "input.A" = 1 }\ncheck = "net.Y == 1"\n'
    )
    assert parse_lesson(text, "ok.toml").needs[0][0] == "circuit"
    with pytest.raises(LessonError, match="has no input 'B'"):
        parse_lesson(text.replace("input.A", "input.B"), "bad.toml")


def test_focus_accepts_a_control_or_action_name():
    text = mutate('focus = "logic.inputs"', 'focus = ["eig1", "input.S", "train", "logic.inputs"]')
    lesson = parse_lesson(text, "f.toml")
    assert lesson.steps[0].focus == ("gradient.sliders", "logic.inputs", "training")


def test_the_readme_example_is_a_valid_lesson_that_plays():
    from logicsim.lesson import LessonPlayer, lesson_dir

    readme = (lesson_dir() / "README.md").read_text(encoding="utf-8")
    example = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    lesson = parse_lesson(example, "README.md")
    assert len(lesson.steps) == 2 and lesson.languages == ("en",)
    assert lesson.steps[0].text("bn").startswith("**S**")
    report = LessonPlayer(lesson).run_to_end()
    assert report.passed, [c.describe() for c in report.checks]
