"""Cancelling a long lesson move from another thread (what the dock's Cancel button does): the
running action stops at its next chunk, the move raises StepCancelled and the state from before
the move comes back; the player reports how much of the move's estimated work is done."""

import threading
from pathlib import Path

import numpy as np
import pytest

import logicsim.workbench.logic_bench as logic_bench
from logicsim.lesson import load_lesson, parse_lesson
from logicsim.lesson.errors import StepCancelled
from logicsim.lesson.model import Action
from logicsim.lesson.player import LessonPlayer
from logicsim.workbench import Workbench
from logicsim.workbench.logic_bench import LogicBench

#: A micro-stepped circuit (no compiled fast path): a few hundred microseconds per cycle, so
#: 100,000 cycles take far longer than the test waits before cancelling.
SLOW_CIRCUIT = "ms_d_flipflop"

LESSON = f"""format = 1
title = "t"
summary = "s"

[needs]
circuit = "{SLOW_CIRCUIT}"

[[step]]
say = "one tick"
act = "tick"

[[step]]
say = "a long run"
act = [{{ do = "run_cycles", n = 100000, repeat = 3 }}]
"""


#: A lesson whose second step trains for 20 epochs (shared with the dock's tests).
TRAINING = Path(__file__).parent / "data" / "long_training.toml"


def _signal_after_first_chunk(monkeypatch) -> threading.Event:
    """An event set once a simulator's ``run`` has returned its first chunk of clock cycles."""
    from logicsim.logic.simulator import Simulator

    ran = threading.Event()
    run = Simulator.run

    def run_and_signal(self, cycles, *args, **kwargs):
        wave = run(self, cycles, *args, **kwargs)
        ran.set()
        return wave

    monkeypatch.setattr(Simulator, "run", run_and_signal)
    return ran


def _cancel_once_started(player: LessonPlayer, started: threading.Event) -> StepCancelled:
    """Run ``player.forward()`` on a thread, cancel it once ``started`` is set, and return the
    StepCancelled it raised (no time limit here: the suite's per-test timeout guards a hang)."""
    outcome: dict[str, Exception] = {}

    def move() -> None:
        try:
            player.forward()
        except StepCancelled as exc:
            outcome["error"] = exc
        finally:
            started.set()  # a move that ended early must not leave the test waiting

    player.begin_work()
    worker = threading.Thread(target=move)
    worker.start()
    started.wait()
    progress = player.work_seconds()
    player.cancel()
    worker.join()
    error = outcome.get("error")
    assert isinstance(error, StepCancelled), "the move ended before it could be cancelled"
    assert progress > 0  # the running action's share counted before the cancel
    return error


@pytest.mark.parametrize("circuit", ["shift_register4", "jk_flipflop", "sr_latch_nor"])
def test_run_cycles_in_chunks_gives_the_same_waveform(monkeypatch, circuit):
    whole, chunked = LogicBench(circuit), LogicBench(circuit)
    monkeypatch.setattr(logic_bench, "RUN_CHUNK", 10**9)
    whole.run_cycles(300)
    monkeypatch.setattr(logic_bench, "RUN_CHUNK", 7)
    chunked.run_cycles(300)
    assert np.array_equal(np.array(whole._samples), np.array(chunked._samples))
    assert whole._times == chunked._times and whole.cycle == chunked.cycle
    assert whole.oscillation_text == chunked.oscillation_text
    assert chunked.progress == (300, 300) and not chunked.cancelled


def test_oscillation_found_in_an_early_chunk_is_still_reported(monkeypatch):
    bench = LogicBench("jk_flipflop")
    monkeypatch.setattr(logic_bench, "RUN_CHUNK", 1)
    calls = []
    run = bench.sim.run

    def spy(cycles):
        wave = run(cycles)
        calls.append(list(bench.sim.oscillating))
        if len(calls) == 1:
            bench.sim.oscillating = ["Q"]  # pretend the first chunk saw an oscillation
        return wave

    monkeypatch.setattr(bench.sim, "run", spy)
    bench.run_cycles(3)
    assert len(calls) == 3 and "Q" in bench.oscillation_text  # each run() starts a fresh list


def test_logic_bench_cancel_stops_after_the_current_chunk(monkeypatch):
    bench = LogicBench(SLOW_CIRCUIT)
    first_chunk = _signal_after_first_chunk(monkeypatch)
    worker = threading.Thread(target=bench.run_cycles, args=(100_000,))
    worker.start()
    first_chunk.wait()
    bench.cancel()
    worker.join()
    done, planned = bench.progress
    assert bench.cancelled and 0 < done < planned == 100_000
    assert bench.cycle == done  # the cycles run are kept, and shown
    bench.run_cycles(2)  # an old request does not stop the next run
    assert not bench.cancelled and bench.progress == (2, 2)


def test_cancelling_a_long_step_undoes_it(monkeypatch):
    wb = Workbench()
    player = LessonPlayer(parse_lesson(LESSON, "long.toml"), wb, interactive=True)
    player.forward()
    before = wb.snapshot()
    cycle = wb.logic.cycle
    error = _cancel_once_started(player, _signal_after_first_chunk(monkeypatch))
    assert "step 2 cancelled" in str(error)
    assert player.position == 1 and len(player.results) == 1  # back on step 1
    after = wb.snapshot()["logic"]
    assert wb.logic.cycle == cycle and wb.observe("cycle") == cycle
    assert np.array_equal(after["samples"], before["logic"]["samples"])
    assert np.array_equal(after["times"], before["logic"]["times"])
    player.begin_work()  # the next move is not cancelled by the old request
    player.back()
    assert player.position == 0


def test_work_seconds_counts_finished_actions_and_the_running_one():
    wb = Workbench()
    player = LessonPlayer(parse_lesson(LESSON, "long.toml"), wb, interactive=True)
    player.begin_work()
    assert player.work_seconds() == 0.0
    player.forward()  # one tick: a tiny but non-zero estimate
    assert player.work_seconds() > 0
    player._work_now = ("run_cycles", 10.0)
    wb.logic.progress = (25, 100)
    assert player.work_seconds() == pytest.approx(player._work_done + 2.5)
    player.begin_work()
    assert player.work_seconds() == 0.0 and not player.cancel_requested


def test_cancel_reaches_only_the_action_running():
    wb = Workbench()
    calls = []
    wb.cancel_work = calls.append  # record what the player asks the workbench to stop
    player = LessonPlayer(parse_lesson(LESSON, "long.toml"), wb, interactive=True)
    player.cancel()  # nothing running: only the player's own flag
    assert calls == [] and player.cancel_requested
    player.begin_work()
    player._work_now = ("train", 1.0)
    player.cancel()
    assert calls == ["train"]


def test_workbench_action_fraction():
    wb = Workbench()
    wb.logic.progress = (3, 12)
    wb.demo.progress = (1, 4)
    wb.training.fraction = 0.5
    assert wb.action_fraction("run_cycles") == 0.25
    assert wb.action_fraction("train_demo") == 0.25
    assert wb.action_fraction("train") == 0.5
    assert wb.action_fraction("tick") is None


def test_a_failing_show_me_leaves_no_half_done_state():
    text = """format = 2
title = "t"
summary = "s"
minutes = 1
objectives = ["o"]
recap = ["a", "b", "c"]

[needs]
circuit = "sr_latch_nor"

[[step]]
say = "do it"
task.goal = "Set Q."
task.until = "net.Q == 1"
task.show = { set = { "input.S" = 1 }, act = [{ do = "toggle", net = "R" }, "use_trained"] }
"""
    wb = Workbench()
    player = LessonPlayer(parse_lesson(text, "t.toml"), wb, interactive=True)
    player.forward()
    before = wb.snapshot()
    with pytest.raises(Exception, match="use_trained"):
        player.show_me()  # use_trained fails: nothing was trained
    assert wb.get("input.S") == before["logic"]["inputs"]["S"]
    assert wb.get("input.R") == before["logic"]["inputs"]["R"]
    assert player.phase == "task"


def test_budget_of_an_action_on_the_running_workbench():
    from logicsim.lesson.budget import action_seconds, circuit_gates, workbench_seconds

    wb = Workbench()
    wb.set("circuit", SLOW_CIRCUIT)
    act = Action("run_cycles", {"n": 1000}, 2)
    assert workbench_seconds(act, wb) == action_seconds(act, circuit_gates(SLOW_CIRCUIT), {})
    assert workbench_seconds(act, object()) > 0  # a registry without benches: the defaults


def test_cancelling_a_training_step_undoes_it():
    wb = Workbench()
    player = LessonPlayer(load_lesson(str(TRAINING)), wb, interactive=True)
    player.forward()
    task = wb.get("train.task")
    first_epoch = threading.Event()
    wb.training.progress.connect(lambda info: first_epoch.set())
    error = _cancel_once_started(player, first_epoch)
    assert "step 2 cancelled" in str(error)
    assert player.position == 1 and wb.observe("epochs_done") == 0
    assert not wb.training.running and wb.get("train.task") == task != "echo"  # settings too
