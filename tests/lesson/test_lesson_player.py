"""The player's state machine on a small fake workbench: forward, back (exact), waits, checks."""

import copy

import pytest

from logicsim.errors import LogicsimError
from logicsim.lesson import LessonError, LessonPlayer, parse_lesson
from logicsim.lesson.registry import ActionSpec, Registry
from logicsim.workbench.specs import Arg

REGISTRY = Registry(
    controls={"x": Arg("x", "int", "", low=0, high=100), "input.<NET>": Arg("input", "bit", "")},
    actions={
        "inc": ActionSpec({"by": Arg("by", "int", "", low=1, high=10)}),
        "toggle": ActionSpec({"net": Arg("net", "str", "")}, frozenset({"net"})),
        "explode": ActionSpec(),
    },
    observables={"x": (), "net.<NET>": (), "history": ("k",), "actions": ()},
    focus_targets={"panel", "other"},
)


class FakeWorkbench:
    """Enough of logicsim.workbench.Workbench for the player: set/act/observe/snapshot/restore."""

    def __init__(self):
        self.state = {"x": 0, "nets": {"A": 0, "B": 0}, "history": [], "actions": 0}
        self.snapshots = 0

    def set(self, name, value):
        if name == "x":
            self.state["x"] = value
        elif name.startswith("input."):
            net = name[6:]
            if net not in self.state["nets"]:
                raise LogicsimError(f"no input net {net!r}")
            self.state["nets"][net] = int(value)
        self.state["history"].append(f"set {name}={value}")

    def act(self, name, **args):
        self.state["actions"] += 1
        if name == "inc":
            self.state["x"] += args.get("by", 1)
        elif name == "toggle":
            self.state["nets"][args["net"]] ^= 1
        elif name == "explode":
            raise LogicsimError("boom")
        self.state["history"].append(f"act {name}")

    def observe(self, name, index=None):
        if name.startswith("net."):
            return self.state["nets"][name[4:]]
        if name == "history":
            return self.state["history"][index["k"]] if index else self.state["history"]
        return self.state[name]

    def snapshot(self):
        self.snapshots += 1
        return copy.deepcopy(self.state)

    def restore(self, state):
        self.state = copy.deepcopy(state)


LESSON = """
title = "Fake"
summary = "A lesson for the fake workbench."
needs.x = 5

[[step]]
say = "Start at five."
check = ["x == 5", "net.A == 0"]

[[step]]
say = "Add two, twice."
act = { do = "inc", by = 2, repeat = 2 }
focus = ["panel", "other"]
check = "x == 9"

[[step]]
say = "Flip A yourself."
wait = { do = "toggle", net = "A", hint = "Click A." }
check = ["net.A == 1", "x == 9"]

[[step]]
say = "This check is meant to fail."
set = { x = 1 }
wait = "next"
check = ["x == 2", "history[k=-1] == 'set x=1'"]
"""


def make(interactive=False, wb=None):
    lesson = parse_lesson(LESSON, "fake.toml", REGISTRY)
    wb = wb or FakeWorkbench()
    return LessonPlayer(lesson, wb, interactive=interactive, fresh=False, registry=REGISTRY), wb


def test_headless_run_reports_every_check_in_order():
    player, wb = make()
    report = player.run_to_end()
    assert [c.passed for c in report.checks] == [True, True, True, True, True, False, True]
    assert report.passed is False
    first = report.first_failure
    assert (first.step, first.text, first.observed) == (3, "x == 2", {"x": 1})
    line = LESSON[: LESSON.index('["x == 2"')].count("\n") + 1
    assert first.describe() == f"step 4 (line {line}): x == 2 -> FAILED (x = 1)"
    assert report.steps[2].performed_wait is True  # headless did the learner's toggle
    assert wb.state["nets"]["A"] == 1
    assert player.at_end and player.forward() is None
    d = report.to_dict()
    assert d["lesson"] == "fake" and d["passed"] is False and len(d["checks"]) == 7


def test_back_restores_the_exact_earlier_state():
    player, wb = make()
    states = [copy.deepcopy(wb.state)]
    for _ in range(4):
        player.forward()
        states.append(copy.deepcopy(wb.state))
    for k in range(4, 0, -1):
        assert wb.state == states[k]
        player.back()
        assert player.position == k - 1
        assert wb.state == states[k - 1]
    player.back()  # at the start: nothing happens
    assert player.position == 0 and wb.state == states[0]
    # replaying gives the same states again
    for k in range(1, 5):
        player.forward()
        assert wb.state == states[k]


def test_restart_goes_back_to_the_state_after_needs():
    player, wb = make()
    start = copy.deepcopy(wb.state)
    assert start["x"] == 5
    player.run_to_end()
    player.restart()
    assert wb.state == start and player.position == 0 and player.results == []


def test_interactive_wait_stops_until_the_learner_acts():
    player, wb = make(interactive=True)
    seen, focused = [], []
    player.changed.connect(lambda: seen.append(player.position))
    player.focus_requested.connect(focused.append)
    player.forward()
    player.forward()
    assert focused == ["panel", "other"]
    player.forward()  # step 3 waits for a toggle
    assert player.waiting and not player.results[-1].checked
    wb.act("toggle", net="A")  # the learner clicks
    player.learner_acted()
    result = player.results[-1]
    assert not player.waiting and result.checked and result.passed
    assert result.performed_wait is False
    assert seen == [1, 2, 3, 3]


def test_next_on_a_waiting_step_does_the_action_for_the_learner():
    player, wb = make(interactive=True)
    for _ in range(3):
        player.forward()
    assert player.waiting
    player.forward()  # Next without acting: the player toggles A, checks, enters step 4
    assert player.results[2].performed_wait and player.results[2].passed
    assert player.position == 4 and wb.state["nets"]["A"] == 1


def test_back_from_a_waiting_step_restores_and_clears_the_wait():
    player, wb = make(interactive=True)
    for _ in range(3):
        player.forward()
    before = copy.deepcopy(wb.state)
    player.back()
    assert not player.waiting and player.position == 2 and wb.state != {}
    player.forward()
    assert player.waiting and wb.state == before


def test_runtime_errors_name_the_step_and_leave_the_state_unchanged():
    text = LESSON.replace('act = { do = "inc", by = 2, repeat = 2 }', 'act = ["inc", "explode"]')
    lesson = parse_lesson(text, "fake.toml", REGISTRY)
    wb = FakeWorkbench()
    player = LessonPlayer(lesson, wb, fresh=False, registry=REGISTRY)
    player.forward()
    before = copy.deepcopy(wb.state)
    with pytest.raises(LessonError, match=r"fake.toml:\d+: step 2: explode\(\): boom"):
        player.forward()
    assert wb.state == before and player.position == 1
    bad_net = LESSON.replace("needs.x = 5", "needs.x = 5\nneeds.input.Z = 1")
    with pytest.raises(LessonError, match="needs: set input.Z = 1: no input net 'Z'"):
        LessonPlayer(
            parse_lesson(bad_net, "fake.toml", REGISTRY),
            FakeWorkbench(),
            fresh=False,
            registry=REGISTRY,
        )


def test_fresh_start_resets_to_a_default_workbench():
    lesson = parse_lesson(LESSON, "fake.toml", REGISTRY)
    wb = FakeWorkbench()
    wb.state["nets"]["B"] = 1  # the learner had changed something before opening the lesson
    LessonPlayer(lesson, wb, registry=REGISTRY)
    assert wb.state["nets"]["B"] == 0 and wb.state["x"] == 5
