"""Snapshots, sessions, linked time and events of the whole Workbench."""

from __future__ import annotations

import json

import numpy as np
import pytest

from logicsim.errors import FileFormatError, LogicsimError
from logicsim.workbench import Workbench


def busy_workbench() -> Workbench:
    """A workbench with something non-default on every bench."""
    wb = Workbench()
    wb.set("circuit", "shift_register4")
    wb.set("input.D", 1)
    wb.act("tick")
    wb.set("input.D", 0)
    wb.act("run_cycles", n=2)
    wb.set("cell", "lstm")
    wb.set("hidden_size", 3)
    wb.set("difficulty", "normal")
    wb.set("time", 5)
    wb.set("gate.f", 1.0)
    wb.act("backward")
    wb.set("eig_mode", "complex")
    wb.set("eig_mag", 1.05)
    wb.set("normal", False)
    wb.set("non_normality", 1.5)
    wb.set("formula.what", "bptt")
    wb.set("train.epochs", 1)
    wb.set("train.batches", 2)
    wb.set("train.models", ["lstm"])
    wb.act("train")
    wb.set("linked_time", True)
    return wb


def numbers(wb: Workbench) -> dict:
    """Everything a view would draw, as arrays/values (to compare exactly)."""
    lg, rc, gb, tb = wb.logic, wb.recurrent, wb.gradient, wb.training
    return {
        "nets": lg.values(),
        "wave": lg.waveform(),
        "times": lg.sample_times,
        "cycle": lg.cycle,
        "micro": lg.micro_steps,
        "h": rc.h.copy(),
        "c": None if rc.c is None else rc.c.copy(),
        "gates": {k: v.copy() for k, v in rc.gates.items()},
        "dh": None if rc.dh is None else rc.dh.copy(),
        "time": rc.time,
        "seq": rc.sequence,
        "weights": rc.state_dict(),
        "curve": gb.curve.copy(),
        "cc": gb.cc_curve.copy(),
        "W": gb.W.copy(),
        "regime": gb.regime,
        "formula": wb.formula.get_state(),
        "hist": {m: {k: v.copy() for k, v in h.items()} for m, h in tb.history.items()},
        "linked": wb.linked_time,
    }


def assert_same(a, b, path="") -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), path
        for k in a:
            assert_same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.shape == b.shape, path
        assert np.array_equal(a, b, equal_nan=True), path  # bit-identical
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def is_plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(is_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool, np.ndarray))


def test_snapshot_is_plain_data_and_restores_exactly():
    wb = busy_workbench()
    snap = wb.snapshot()
    assert is_plain(snap)
    want = numbers(wb)
    # change everything, then go back
    wb.set("circuit", "half_adder")
    wb.set("cell", "rnn")
    wb.set("sequence", "BXaYE")
    wb.set("eig1", 1.5)
    wb.set("eig_mode", "real")
    wb.set("formula.cell", "lstm")
    wb.set("linked_time", False)
    wb.restore(snap)
    assert_same(numbers(wb), want)
    # the snapshot itself was not changed by later edits (copies, not references)
    assert_same(wb.snapshot()["recurrent"], snap["recurrent"])


def test_restore_continues_the_same_way():
    wb = busy_workbench()
    snap = wb.snapshot()
    wb.act("tick")
    wb.act("step_forward")
    after_once = numbers(wb)
    wb.restore(snap)
    wb.act("tick")
    wb.act("step_forward")
    assert_same(numbers(wb), after_once)


def test_session_round_trip_gives_identical_numbers(tmp_path):
    wb = busy_workbench()
    path = tmp_path / "run.json"
    wb.save_session(path)
    fresh = Workbench()
    events = []
    fresh.restored.connect(lambda: events.append("restored"))
    fresh.load_session(path)
    assert_same(numbers(fresh), numbers(wb))
    assert events == ["restored"]
    data = json.loads(path.read_text())  # standard JSON (no NaN tokens)
    assert "NaN" not in path.read_text()
    assert set(data["recurrent"]["weights"]) >= {"weight_hh_l0", "head.weight"}  # weights travel


def test_session_keeps_loaded_weights(tmp_path):
    wb = Workbench()
    wb.set("train.epochs", 1)
    wb.set("train.batches", 2)
    wb.set("train.seeds", 2)
    wb.act("train")
    wb.act("use_trained", model="lstm", member=1)
    trained = wb.recurrent.state_dict()
    wb.save_session(tmp_path / "s.json")
    other = Workbench()
    other.load_session(tmp_path / "s.json")
    assert_same(other.recurrent.state_dict(), trained)
    assert_same(other.recurrent.h, wb.recurrent.h)


def test_session_never_overwrites_silently(tmp_path):
    wb = Workbench()
    path = tmp_path / "s.json"
    path.write_text("keep me")
    with pytest.raises(LogicsimError, match="exists"):
        wb.save_session(path)
    assert path.read_text() == "keep me"
    wb.save_session(path, overwrite=True)
    assert json.loads(path.read_text())["version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temp file left


def test_malformed_session_files_name_file_and_line(tmp_path):
    wb = Workbench()
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "version": 1,\n  "logic": [1, 2,,]\n}\n')
    with pytest.raises(FileFormatError) as err:
        wb.load_session(bad)
    assert err.value.path == str(bad) and err.value.line == 3
    assert str(err.value).startswith(f"{bad}:3:")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"version": 1}')
    with pytest.raises(FileFormatError, match="lacks"):
        wb.load_session(wrong)
    broken = tmp_path / "broken.json"
    good = tmp_path / "good.json"
    wb.save_session(good)
    data = json.loads(good.read_text())
    data["recurrent"]["hidden_size"] = "many"
    broken.write_text(json.dumps(data))
    wb.set("cell", "lstm")
    wb.set("circuit", "d_flipflop")
    before = numbers(wb)
    with pytest.raises(FileFormatError, match="hidden_size: expected a number"):
        wb.load_session(broken)
    assert_same(numbers(wb), before)  # a failed load leaves the workbench as it was
    data["recurrent"]["hidden_size"] = 4
    data["recurrent"]["weights"] = {"weight_ih_l0": [[1.0]]}  # wrong shape, found while applying
    broken.write_text(json.dumps(data))
    with pytest.raises(FileFormatError, match=broken.name):
        wb.load_session(broken)
    assert_same(numbers(wb), before)
    with pytest.raises(LogicsimError, match="no such session"):
        wb.load_session(tmp_path / "missing.json")


def test_linked_tick_advances_clock_and_time_together():
    wb = Workbench()
    wb.set("circuit", "d_flipflop")
    wb.act("tick")
    assert (wb.observe("cycle"), wb.observe("time")) == (1, 0)
    wb.set("linked_time", True)
    for k in range(1, 4):
        wb.act("tick")
        assert (wb.observe("cycle"), wb.observe("time")) == (1 + k, k)
    wb.set("time", wb.observe("T"))
    wb.act("tick")  # time stays at T, the clock keeps going
    assert (wb.observe("cycle"), wb.observe("time")) == (5, wb.observe("T"))


def test_every_bench_emits_changed_and_the_workbench_relays():
    wb = Workbench()
    seen = []
    wb.changed.connect(lambda bench, reason: seen.append((bench, reason)))
    per_bench = {name: [] for name in ("logic", "recurrent", "gradient", "formula", "training")}
    for name, log in per_bench.items():
        getattr(wb, name).changed.connect(log.append)
    wb.set("input.S", 1)
    wb.set("circuit", "half_adder")
    wb.act("step_forward")
    wb.set("hidden_size", 2)
    wb.act("backward")
    wb.set("eig1", 0.3)
    wb.set("formula.n", 2)
    wb.set("train.seeds", 3)
    wb.set("linked_time", True)
    assert per_bench["logic"] == ["values", "circuit"]
    assert per_bench["recurrent"] == ["time", "model", "backward"]
    assert per_bench["gradient"] == ["curve"]
    assert per_bench["formula"] == ["formula"]
    assert per_bench["training"] == ["config"]
    assert seen[-1] == ("workbench", "linked_time")
    assert ("recurrent", "backward") in seen and ("logic", "circuit") in seen


def test_restore_rejects_garbage():
    wb = Workbench()
    with pytest.raises(LogicsimError, match="lacks"):
        wb.restore({"version": 1})
    with pytest.raises(LogicsimError, match="mapping"):
        wb.restore([1, 2])


def test_logic_restore_mid_micro_steps_continues_identically(tmp_path):
    wb = Workbench()
    wb.set("input.S", 1)
    wb.set("input.R", 1)
    wb.set("gate_step", True)
    wb.set("input.S", 0)
    wb.set("input.R", 0)
    wb.act("micro_step")  # half way into the lockstep oscillation, gates still pending
    snap = wb.snapshot()
    wb.save_session(tmp_path / "mid.json")
    run = [(tuple(sorted(wb.act("micro_step"))), wb.observe("net.Q")) for _ in range(3)]
    for fresh in (wb, Workbench()):
        if fresh is wb:
            fresh.restore(snap)
        else:
            fresh.load_session(tmp_path / "mid.json")
        again = [(tuple(sorted(fresh.act("micro_step"))), fresh.observe("net.Q")) for _ in range(3)]
        assert again == run
        assert fresh.logic.micro_steps == wb.logic.micro_steps


def test_hand_edited_session_with_inconsistent_arrays_is_a_file_error(tmp_path):
    wb = Workbench()
    wb.set("cell", "lstm")
    path = tmp_path / "s.json"
    wb.save_session(path)
    data = json.loads(path.read_text())
    data["recurrent"]["gate_schedule"]["i"]["__array__"] = [1.0]  # wrong length for T
    data["recurrent"]["gate_schedule"]["i"]["shape"] = [1]
    path.write_text(json.dumps(data))
    before = numbers(wb)
    with pytest.raises(FileFormatError, match="s.json"):
        wb.load_session(path)
    assert_same(numbers(wb), before)
