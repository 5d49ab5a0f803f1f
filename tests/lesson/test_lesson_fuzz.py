"""Property tests: whatever text the parser is fed, it returns a Lesson or raises LessonError.

Random text, TOML-shaped token soup, random documents built from the format's own keys, and
mutations of real lesson files.  Any other exception (or a hang, caught with an alarm) fails.
"""

import json
import os
import signal
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logicsim.lesson import Lesson, LessonError, lesson_dir, lesson_names, parse_lesson, read_lesson
from logicsim.lesson.checks import parse_check
from logicsim.lesson.errors import CheckSyntaxError

# LESSON_FUZZ_EXAMPLES=3000 python -m pytest tests/lesson/test_lesson_fuzz.py for a long hunt.
SETTINGS = settings(
    max_examples=int(os.environ.get("LESSON_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEEDS = [(lesson_dir() / f"{n}.toml").read_text(encoding="utf-8") for n in lesson_names()]
if not SEEDS:  # pragma: no cover - the shipped lessons are always there
    SEEDS = ['title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\ncheck = "net.Q == 1"\n']


@contextmanager
def no_hang(seconds=10):
    """Fail instead of hanging if the parser takes longer than ``seconds``."""

    def alarm(signum, frame):
        raise AssertionError(f"parser took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def parses_cleanly(text):
    with no_hang():
        try:
            lesson = parse_lesson(text, "fuzz.toml")
        except LessonError as exc:
            assert exc.path == "fuzz.toml"
            assert str(exc).startswith("fuzz.toml")
            assert "\n" not in exc.message.strip() or "check" in exc.message
            return None
    assert isinstance(lesson, Lesson)
    return lesson


@SETTINGS
@given(st.text(max_size=400))
def test_random_text(text):
    parses_cleanly(text)


TOKENS = [
    "title",
    "summary",
    "say",
    "say.en",
    "say.bn",
    "set",
    "act",
    "check",
    "wait",
    "focus",
    "needs",
    "do",
    "repeat",
    "hint",
    "format",
    "[[step]]",
    "[needs]",
    "[step.set]",
    "=",
    " ",
    "\n",
    '"',
    "'",
    '"""',
    "{",
    "}",
    "[",
    "]",
    ",",
    ".",
    "1",
    "-3",
    "0.5",
    "1e9",
    "true",
    "nan",
    "inf",
    '"tick"',
    '"net.Q == 1"',
    '"input.S"',
    "circuit",
    "eig1",
    '"sr_latch_nor"',
    "hidden_size",
    "#",
    "\\",
    "ক",
    "\t",
    '"next"',
    "step",
]


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS), max_size=80))
def test_token_soup(tokens):
    parses_cleanly("".join(tokens))


KEYS = st.sampled_from(
    [
        "title",
        "summary",
        "say",
        "en",
        "bn",
        "set",
        "act",
        "check",
        "wait",
        "focus",
        "needs",
        "do",
        "repeat",
        "hint",
        "step",
        "format",
        "circuit",
        "input.S",
        "eig1",
        "hidden_size",
        "n",
        "net",
        "epochs",
        "x",
    ]
)
SCALARS = (
    st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.booleans()
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "tick",
            "next",
            "net.Q == 1",
            "regime == 'x'",
            "logic.inputs",
            "rnn",
            "sr_latch_nor",
            "off",
            "h[t=0] > 0",
        ]
    )
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan"
            if v != v
            else ("inf" if v == float("inf") else "-inf" if v == -float("inf") else repr(v))
        )
    if isinstance(v, int | str):
        return json.dumps(v, ensure_ascii=False) if isinstance(v, str) else str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


@SETTINGS
@given(
    st.dictionaries(KEYS, VALUES, max_size=5),
    st.lists(st.dictionaries(KEYS, VALUES, max_size=6), max_size=4),
)
def test_random_documents_from_the_formats_keys(top, steps):
    lines = [f"{json.dumps(k)} = {toml_value(v)}" for k, v in top.items() if k != "step"]
    for step in steps:
        lines.append("[[step]]")
        lines += [f"{json.dumps(k)} = {toml_value(v)}" for k, v in step.items()]
    parses_cleanly("\n".join(lines) + "\n")


@SETTINGS
@given(st.sampled_from(SEEDS), st.data())
def test_mutated_real_lessons(seed, data):
    text = seed
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["delete", "insert", "replace", "dup_line", "swap"]))
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        if kind == "delete":
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + data.draw(st.sampled_from(TOKENS) | st.text(max_size=5)) + text[i:]
        elif kind == "replace":
            text = text[:i] + data.draw(st.sampled_from(TOKENS)) + text[j:]
        else:
            lines = text.split("\n")
            a = data.draw(st.integers(0, len(lines) - 1))
            b = data.draw(st.integers(0, len(lines) - 1))
            if kind == "dup_line":
                lines.insert(b, lines[a])
            else:
                lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    parses_cleanly(text)


@SETTINGS
@given(st.sampled_from(SEEDS), st.binary(max_size=8), st.integers(0, 10_000))
def test_random_bytes_in_a_file(seed, junk, at):
    """Bytes that are not UTF-8 (or NUL, or a BOM) in a real file: read_lesson stays clean."""
    import tempfile

    data = seed.encode("utf-8")
    at = min(at, len(data))
    data = data[:at] + junk + data[at:]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "fuzz.toml")
        with open(path, "wb") as f:
            f.write(data)
        with no_hang():
            try:
                read_lesson(path)
            except LessonError as exc:
                assert exc.path == path


CHECK_ALPHABET = st.sampled_from(
    list("abhtQx019.[]()=<>!+-*/,'\" _")
    + ["==", "+-", "±", "and", "or", "not", "abs(", "net.Q", "h[t=", "grad_norm_log10"]
)


@SETTINGS
@given(st.lists(CHECK_ALPHABET, max_size=60))
def test_check_parser_only_raises_check_syntax_error(parts):
    with no_hang():
        try:
            parse_check("".join(parts))
        except CheckSyntaxError as exc:
            assert 0 <= exc.offset <= len("".join(parts))


def test_seeds_are_the_shipped_lessons():
    # the mutation test starts from real files
    assert len(SEEDS) >= 9
    for text in SEEDS:
        assert parses_cleanly(text) is not None
