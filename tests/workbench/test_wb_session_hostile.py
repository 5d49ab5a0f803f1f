"""Hand-edited or hostile session files are refused whole, and the workbench stays usable."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from logicsim.errors import FileFormatError
from logicsim.workbench import Workbench


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict:
    wb = Workbench()
    wb.set("circuit", "sr_latch_nor")
    wb.set("input.S", 1)
    path = tmp_path_factory.mktemp("s") / "good.json"
    wb.save_session(path)
    return json.loads(path.read_text(encoding="utf-8"))


def _sim(s: dict) -> dict:
    return s["logic"]["sim"]


CASES = {
    "an event replaced by null": (
        lambda s: _sim(s).__setitem__("changed", None),
        "unknown changed",
    ),
    "the netlist replaced": (lambda s: _sim(s).__setitem__("netlist", {"x": 1}), "unknown netlist"),
    "a method name": (lambda s: _sim(s).__setitem__("settle", 1), "unknown settle"),
    "an index out of range": (
        lambda s: _sim(s).__setitem__("_dirty", {"__set__": [999999]}),
        "index 999999 is out of range",
    ),
    "a wrong tag": (lambda s: _sim(s).__setitem__("_held", [1, 2]), "expected __set__"),
    "a counter as text": (lambda s: _sim(s).__setitem__("step_count", "a"), "expected a number"),
    "a negative counter": (lambda s: _sim(s).__setitem__("half_ticks", -3), "whole number >= 0"),
    "an attribute missing": (lambda s: _sim(s).pop("_v"), "missing _v"),
    "a negative time": (lambda s: s["recurrent"].__setitem__("time", -5), "recurrent time"),
    "a time past the end": (lambda s: s["recurrent"].__setitem__("time", 10**6), "recurrent time"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_session_is_refused_and_changes_nothing(saved: dict, tmp_path: Path, case: str) -> None:
    edit, message = CASES[case]
    state = copy.deepcopy(saved)
    edit(state)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(state), encoding="utf-8")
    wb = Workbench()
    wb.set("circuit", "d_flipflop")
    before = wb.observe("cycle"), wb.get("circuit"), wb.get("time")
    with pytest.raises(FileFormatError, match=message):
        wb.load_session(path)
    assert (wb.observe("cycle"), wb.get("circuit"), wb.get("time")) == before
    # and every action still works
    wb.act("tick")
    wb.act("settle")
    wb.set("time", 1)
    assert wb.observe("cycle") == before[0] + 1


def test_deeply_nested_session_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(FileFormatError, match="nested too deeply"):
        Workbench().load_session(path)


def test_the_good_session_still_loads(saved: dict, tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text(json.dumps(saved), encoding="utf-8")
    wb = Workbench()
    wb.load_session(path)
    assert wb.get("circuit") == "sr_latch_nor" and wb.observe("net.Q") == 1
