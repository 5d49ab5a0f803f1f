"""The demo bench: the four architecture demos, trained from the workbench."""

from __future__ import annotations

import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import Workbench
from logicsim.workbench.demo_bench import BUDGETS, DEMO_NAMES, SAMPLES


def test_demo_names_are_the_tasks_modules_demos():
    from logicsim.training.architectures import DEMOS

    assert DEMO_NAMES == tuple(DEMOS) == tuple(BUDGETS) == tuple(SAMPLES)


def test_untrained_demo_says_so():
    wb = Workbench()
    assert wb.observe("demo.trained") is False
    with pytest.raises(LogicsimError, match="not been trained"):
        wb.observe("demo.accuracy")


def test_spell_digits_learns_and_answers_prompts():
    wb = Workbench()
    wb.act("train_demo", demo="spell-digits")
    assert wb.observe("demo.trained") is True
    assert wb.observe("demo.architecture") == "vector -> sequence"
    assert wb.observe("demo.accuracy") >= 0.9
    assert wb.observe("demo.loss_last") < wb.observe("demo.loss_first") / 10
    assert wb.observe("demo.output") == wb.observe("demo.expected") == "seven"
    wb.set("demo.prompt", "4")
    assert wb.observe("demo.output") == "four"
    wb.set("demo.prompt", "x")
    with pytest.raises(LogicsimError, match="one digit"):
        wb.observe("demo.output")


def test_training_is_deterministic_and_the_budget_counts():
    a, b = Workbench(), Workbench()
    for wb in (a, b):
        wb.set("demo.steps", 5)
        wb.act("train_demo", demo="spell-digits")
    assert a.demo.result()["losses"] == b.demo.result()["losses"]
    assert len(a.demo.result()["losses"]) == 5


def test_results_survive_snapshots_and_demo_switches(tmp_path):
    wb = Workbench()
    wb.set("demo.steps", 20)
    wb.act("train_demo", demo="spell-digits")
    acc = wb.observe("demo.accuracy")
    snap = wb.snapshot()
    wb.set("demo", "reverse")
    assert wb.observe("demo.trained") is False
    wb.restore(snap)
    assert wb.observe("demo") == "spell-digits" and wb.observe("demo.accuracy") == acc
    wb.save_session(tmp_path / "s.json")
    other = Workbench()
    other.load_session(tmp_path / "s.json")
    assert other.observe("demo.accuracy") == acc
    assert other.observe("demo.output") == wb.observe("demo.output")  # stored with the results
    other.set("demo.prompt", "3")
    with pytest.raises(LogicsimError, match="train the spell-digits demo again"):
        other.observe("demo.output")  # the model itself is not part of a session


@pytest.mark.slow
@pytest.mark.parametrize(
    "demo, floor", [("expression-value", 0.8), ("reverse", 0.9), ("autocomplete", 0.5)]
)
def test_the_other_demos_learn_within_their_budget(demo, floor):
    wb = Workbench()
    wb.act("train_demo", demo=demo)
    assert wb.observe("demo.accuracy") >= floor
    assert wb.observe("demo.loss_last") < wb.observe("demo.loss_first") / 2
    expected = wb.observe("demo.expected")
    assert expected == "" or wb.observe("demo.output") == expected


def test_cancel_stops_a_demo_training_from_another_thread_and_keeps_nothing():
    import threading
    import time

    wb = Workbench()
    bench = wb.demo
    events = []
    bench.changed.connect(lambda *why: events.append(why))
    for demo, steps in (("expression-value", 100_000), ("autocomplete", 1000)):
        bench.update(demo=demo, steps=steps)  # minutes of training if nothing stops it
        out = {}
        worker = threading.Thread(target=lambda out=out: out.update(result=bench.train()))
        worker.start()
        time.sleep(0.3)
        bench.cancel()
        worker.join(timeout=30)
        assert not worker.is_alive()  # it stopped (the join's timeout only guards a hang)
        assert out["result"] is None and bench.cancelled
        done, planned = bench.progress  # steps (autocomplete: batches) counted as they start
        assert 0 < done < planned and planned >= steps
        assert demo not in bench.results and events[-1] == ("cancelled",)
    # a request left over from a cancelled run does not stop the next one
    bench.update(demo="spell-digits", steps=3)
    result = bench.train()
    assert result is not None and not bench.cancelled and len(result["losses"]) == 3
    assert bench.progress == (3, 3)


def test_fit_stops_before_the_step_when_asked():
    import numpy as np

    from logicsim.training.architectures._common import fit

    p = {"w": np.zeros(2)}
    calls = []

    def step(rng):
        calls.append(1)
        return 1.0, {"w": np.ones(2)}

    losses = fit(p, step, 10, 0.1, should_stop=lambda: len(calls) >= 4)
    assert len(losses) == 4 == len(calls)
