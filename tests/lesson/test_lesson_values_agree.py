"""``lesson check`` and ``lesson play`` accept and reject the same control values (issue 14).

The checker used to keep its own copy of the workbench's value rules, and the two drifted:
``set = { "input.S" = 1.0 }`` passed ``logicsim lesson check`` and then failed when played.  Now
both use :func:`logicsim.workbench.specs.check_value`; this test tries a battery of values on
every control of the registry.
"""

import json

import pytest

from logicsim.errors import LogicsimError
from logicsim.lesson import LessonError, LessonPlayer, parse_lesson
from logicsim.workbench import CONTROLS, Workbench

#: Controls whose accepted values also depend on the workbench's state (the loaded circuit's
#: nets, the sequence's length, the batch text), which only a running workbench can know.
STATE_DEPENDENT = {"watch", "drill", "sequence", "time", "train.models", "batch.text", "batch.size"}
CIRCUIT = "sr_latch_nor"


def toml(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    return "[" + ", ".join(toml(v) for v in value) + "]"


def battery(spec):
    values = [0, 1, 1.0, 2, -1, 0.5, 3.5, 1e9, True, False, "0", "1", "off", "x", "", [], ["x"]]
    if spec.choices:
        values += [spec.choices[0], list(spec.choices[:1])]
    if spec.low is not None:
        values += [spec.low, spec.low - 1, int(spec.low) - 1]
    if spec.high is not None:  # (the top of a large range is slow to build, so only past it)
        values += [spec.high + 1, spec.high + 0.5]
        if spec.high <= 100:
            values.append(spec.high)
    return values


def lesson_text(name, value):
    return (
        f'title = "t"\nsummary = "s"\nneeds.circuit = "{CIRCUIT}"\n[[step]]\nsay = "x"\n'
        f'set = {{ "{name}" = {toml(value)} }}\n'
    )


CASES = [
    ("input.S" if key == "input.<NET>" else key, value)
    for key, spec in CONTROLS.items()
    for value in battery(spec)
]


@pytest.fixture(scope="module")
def bench():
    wb = Workbench()
    wb.set("circuit", CIRCUIT)
    return wb, wb.snapshot()


def test_every_control_is_tried():
    names = {name for name, _ in CASES}
    assert len(names) == len(CONTROLS) and "input.S" in names


def test_check_and_play_agree_on_every_control(bench):
    wb, start = bench
    disagree = []
    for name, value in CASES:
        try:
            parse_lesson(lesson_text(name, value), "v.toml")
            checked, check_msg = True, ""
        except LessonError as exc:
            checked, check_msg = False, exc.message
        wb.restore(start)
        try:
            wb.set(name, value)
            played, play_msg = True, ""
        except LogicsimError as exc:
            played, play_msg = False, str(exc)
        if not checked:
            # a value the checker refuses is refused in play, for the same reason (a circuit
            # name is checked against the circuit library, in its own words)
            same_reason = play_msg in check_msg or name == "circuit"
            if played or not same_reason:
                disagree.append((name, value, check_msg, play_msg))
        elif not played and name not in STATE_DEPENDENT:
            disagree.append((name, value, "accepted by check", play_msg))
    assert not disagree, disagree[:10]


def test_the_drifted_value_of_issue_14_is_refused_by_check():
    with pytest.raises(LessonError) as exc:
        parse_lesson(lesson_text("input.S", 1.0), "v.toml")
    assert "set input.S: expected 0 or 1, got 1.0" in exc.value.message


def test_a_value_check_accepts_plays_through_the_player():
    lesson = parse_lesson(lesson_text("input.S", True) + 'check = "net.Q == 1"\n', "v.toml")
    report = LessonPlayer(lesson).run_to_end()
    assert report.passed
