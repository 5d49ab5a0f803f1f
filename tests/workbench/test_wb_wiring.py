"""The registry tables wire every name: the Workbench has no per-name code."""

from __future__ import annotations

import inspect

import pytest

from logicsim.workbench import Workbench
from logicsim.workbench.registry import ACTIONS, CONTROLS, OBSERVABLES
from logicsim.workbench.specs import Action, Control, Observable, resolve


@pytest.fixture(scope="module")
def wb():
    return Workbench()


def _target(wb, spec):
    return wb if spec.bench == "workbench" else getattr(wb, spec.bench)


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_every_control_names_a_setting_or_a_setter_and_getter_that_exist(wb, name):
    spec = CONTROLS[name]
    target = _target(wb, spec)
    if spec.setting is not None:
        assert spec.setter is None and spec.getter is None, name
        target.update(**{spec.setting: getattr(target, spec.setting)})  # both ends exist
    else:
        assert callable(getattr(target, str(spec.setter))), name
        assert hasattr(type(target), str(spec.getter)) or hasattr(target, str(spec.getter)), name


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_method_takes_exactly_its_arguments(wb, name):
    spec = ACTIONS[name]
    method = resolve(wb, spec.method)
    params = inspect.signature(method).parameters
    assert [a.name for a in spec.args] == [p for p in params if p != "self"], name


@pytest.mark.parametrize("name", sorted(OBSERVABLES))
def test_every_observable_has_a_reader(wb, name):
    spec = OBSERVABLES[name]
    if callable(spec.read):
        assert spec.read.__module__ == "logicsim.workbench.readers", name
    else:
        bench, attr = spec.read.removesuffix("()").split(".")
        assert (
            bench == spec.bench
            and hasattr(type(getattr(wb, bench)), attr)
            or hasattr(getattr(wb, bench), attr)
        ), name
    assert len(spec.first) <= len(spec.axes), name


def test_a_new_entry_in_each_table_works_without_touching_the_workbench(monkeypatch):
    """What CONTRIBUTING.md promises: one table entry wires a control, an action, an observable."""
    import logicsim.workbench.registry as reg

    wb = Workbench()
    monkeypatch.setitem(
        reg.CONTROLS,
        "neuron.weight",
        Control(
            "neuron.weight", "float", "w again", "neuron", "neuron", low=-4, high=4, setting="w"
        ),
    )
    monkeypatch.setitem(
        reg.ACTIONS,
        "neuron_hold",
        Action("neuron_hold", "hold", "neuron", "neuron", method="neuron.run"),
    )
    monkeypatch.setitem(
        reg.OBSERVABLES,
        "neuron.history",
        Observable("neuron.history", "h so far", "neuron", "list", ("t",), read="neuron.history"),
    )
    wb.set("neuron.weight", 2.5)
    assert wb.neuron.w == 2.5 and wb.get("neuron.weight") == 2.5
    wb.act("neuron_hold")
    assert wb.observe("neuron.history", -1) == wb.observe("neuron.h")
    assert wb.observe("neuron.history") == wb.observe("neuron.trace")


def test_index_numbering_comes_from_the_table(wb):
    wb.set("cell", "lstm")
    T = wb.observe("T")
    assert OBSERVABLES["i"].first == (1,) and OBSERVABLES["h"].first == ()
    assert wb.observe("i", (1, 0)) == wb.observe("i", (-T, 0))
    with pytest.raises(Exception, match=r"i: t = 0 is out of range 1\.\."):
        wb.observe("i", (0, 0))
    assert len(wb.observe("h")) == T + 1
