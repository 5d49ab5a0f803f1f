"""The static registry: complete, self-consistent, documented, and strict about values."""

from __future__ import annotations

from pathlib import Path

import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import registry as reg
from logicsim.workbench.registry import (
    ACTIONS,
    CONTROLS,
    FOCUS_TARGETS,
    KINDS,
    OBSERVABLES,
    lookup_control,
    lookup_observable,
    normalize_index,
    validate_action,
    validate_control,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "workbench.md"

BRIEF_FOCUS = """
logic.circuit logic.schematic logic.inputs logic.clock logic.waveform logic.truth_table
recurrent.cell recurrent.sequence recurrent.time recurrent.heatmap recurrent.gates
recurrent.backward
gradient.sliders gradient.plot gradient.readouts formula training""".split()
# Panels added with the neuron, batch and demo benches: the app registers these too.
BRIEF_FOCUS += ["gradient.clip", "neuron", "batch", "demo"]


def test_focus_targets_are_exactly_the_panels_the_app_registers():
    assert sorted(FOCUS_TARGETS) == sorted(BRIEF_FOCUS)


def test_every_entry_names_a_real_focus_target_and_has_a_doc():
    for spec in list(CONTROLS.values()) + list(ACTIONS.values()):
        assert spec.focus in FOCUS_TARGETS, spec.name
        assert spec.doc.strip(), spec.name
    for spec in OBSERVABLES.values():
        assert spec.doc.strip(), spec.name


def test_control_kinds_and_ranges_are_well_formed():
    for c in CONTROLS.values():
        assert c.kind in KINDS, c.name
        if c.kind == "choice":
            assert c.choices, c.name
        if c.low is not None and c.high is not None:
            assert c.low <= c.high, c.name
    for a in ACTIONS.values():
        for arg in a.args:
            assert arg.kind in KINDS, (a.name, arg.name)


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("input.S", 1, 1),
        ("input.S", True, 1),
        ("input.clk_2", "0", 0),
        ("cell", "lstm", "lstm"),
        ("hidden_size", 4.0, 4),
        ("eig1", 1, 1.0),
        ("normal", False, False),
        ("gate.f", "off", None),
        ("gate.f", None, None),
        ("gate.i", 1, 1.0),
        ("train.models", "rnn, lstm", ["rnn", "lstm"]),
        ("watch", ["Q", "Qn"], ["Q", "Qn"]),
        ("time", 0, 0),
    ],
)
def test_valid_values_are_converted(name, value, expected):
    got = validate_control(name, value)
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("input.S", 2, "0 or 1"),
        ("cell", "gru", "not one of"),
        ("hidden_size", 0, "below the minimum 1"),
        ("hidden_size", 257, "above the maximum 256"),
        ("hidden_size", 2.5, "whole number"),
        ("hidden_size", True, "expected a number"),
        ("eig1", float("nan"), "finite"),
        ("eig1", "0.9", "expected a number"),
        ("normal", "yes", "true or false"),
        ("gate.o", 1.5, "above the maximum 1"),
        ("cell", None, "value is required"),
        ("train.models", ["rnn", "gru"], "not one of"),
        ("time", -1, "below the minimum 0"),
        ("sequence", 7, "expected text"),
    ],
)
def test_bad_values_raise_naming_the_control(name, value, words):
    with pytest.raises(LogicsimError) as err:
        validate_control(name, value)
    assert name in str(err.value) and words in str(err.value)


def test_unknown_names_raise():
    for bad in ("celll", "input.", "input.9x", "net.Q", "input.<NET>"):
        with pytest.raises(LogicsimError, match="unknown control"):
            lookup_control(bad)
    with pytest.raises(LogicsimError, match="unknown action"):
        validate_action("jump")
    with pytest.raises(LogicsimError, match="unknown observable"):
        lookup_observable("hh")


def test_patterns_resolve():
    assert lookup_control("input.D").name == "input.<NET>"
    assert lookup_observable("net.ff1.q").name == "net.<NET>"
    assert lookup_observable("waveform.Q").name == "waveform.<NET>"
    assert lookup_observable("cell").name == "cell"  # every control is observable


def test_action_arguments_are_checked_and_defaults_filled():
    assert validate_action("run_cycles", {"n": 3}) == {"n": 3}
    assert validate_action("train", {}) == {"epochs": None, "seeds": None, "seed": None}
    assert validate_action("export_formula", {"format": "c", "path": "x.c"})["overwrite"] is False
    with pytest.raises(LogicsimError, match="needs argument 'n'"):
        validate_action("run_cycles", {})
    with pytest.raises(LogicsimError, match="has no argument 'm'"):
        validate_action("run_cycles", {"n": 1, "m": 2})
    with pytest.raises(LogicsimError, match=r"run_cycles\(n\).*above the maximum"):
        validate_action("run_cycles", {"n": 10**9})


def test_index_forms():
    assert normalize_index("h", None) == ()
    assert normalize_index("h", 3) == (3,)
    assert normalize_index("h", (3, 1)) == (3, 1)
    assert normalize_index("h", {"t": 3, "unit": 1}) == (3, 1)
    assert normalize_index("h", {"t": -1}) == (-1,)
    assert normalize_index("grad_norm_log10", {"t": 0}) == (0,)
    with pytest.raises(LogicsimError, match="unknown index 'k'"):
        normalize_index("h", {"k": 1})
    with pytest.raises(LogicsimError, match="'t' must be given"):
        normalize_index("h", {"unit": 1})
    with pytest.raises(LogicsimError, match="at most 1 index"):
        normalize_index("grad_norm_log10", (1, 2))
    with pytest.raises(LogicsimError, match="whole number"):
        normalize_index("h", 1.5)
    with pytest.raises(LogicsimError, match="at most 0 indexes"):
        normalize_index("rho", 0)


def test_docs_listing_matches_the_code():
    text = DOC.read_text(encoding="utf-8")
    assert reg.registry_markdown() in text, "regenerate with: python -m logicsim.workbench.registry"
