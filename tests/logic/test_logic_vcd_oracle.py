"""Our VCD files read by an outside parser (pyvcd's ``vcd.reader``) match the simulation.

The round-trip tests in ``test_logic_waveform.py`` read the files back with our own reader, which
shares the writer's assumptions.  Here pyvcd tokenizes the file and the value of every net at
every timestamp is compared with the simulator's own levels, sampled directly (not through
:class:`~logicsim.logic.Waveform`), at clock and at micro-step resolution.
"""

import io

import numpy as np
import pytest
from vcd.reader import TokenKind, tokenize

from logicsim.logic import WaveformRecorder, X, load_circuit

LEVEL = {"0": 0, "1": 1, "x": X, "X": X}


def read_with_pyvcd(text: str) -> tuple[str, dict[str, dict[int, int]]]:
    """Timescale and ``{dotted net name: {time: level}}`` of every value change in ``text``.

    Names are the scope path below the top module plus the variable's reference, joined with
    dots, as the simulator names nets inside instances.
    """
    scope: list[str] = []
    ids: dict[str, list[str]] = {}
    changes: dict[str, dict[int, int]] = {}
    timescale, time = "", None
    for tok in tokenize(io.BytesIO(text.encode("ascii"))):
        if tok.kind is TokenKind.TIMESCALE:
            timescale = f"{tok.timescale.magnitude} {tok.timescale.unit.value}"
        elif tok.kind is TokenKind.SCOPE:
            scope.append(tok.scope.ident)
        elif tok.kind is TokenKind.UPSCOPE:
            scope.pop()
        elif tok.kind is TokenKind.VAR:
            assert tok.var.size == 1
            name = ".".join(scope[1:] + [tok.var.reference])
            ids.setdefault(tok.var.id_code, []).append(name)
            changes[name] = {}
        elif tok.kind is TokenKind.CHANGE_TIME:
            assert time is None or tok.time_change > time, "timestamps must increase"
            time = tok.time_change
        elif tok.kind is TokenKind.CHANGE_SCALAR:
            assert time is not None, "a value change before the first timestamp"
            for name in ids[tok.scalar_change.id_code]:
                changes[name][time] = LEVEL[tok.scalar_change.value]
    return timescale, changes


def level_at(changes: dict[int, int], t: int) -> int | None:
    """The level a VCD viewer shows at time ``t``: the last change at or before it."""
    before = [time for time in changes if time <= t]
    return changes[max(before)] if before else None


def check_against(text: str, expected: dict[int, dict[str, int]]) -> None:
    """Every net in ``text`` has, at every time in ``expected`` from the file's first
    timestamp on, the simulator's level; the first timestamp declares every net."""
    timescale, changes = read_with_pyvcd(text)
    assert timescale == "1 ns"
    assert set(changes) == set(next(iter(expected.values())))
    first = min(min(c) for c in changes.values())
    assert all(first in c for c in changes.values()), "$dumpvars must give every net a level"
    assert first in expected
    vcd_times = {t for c in changes.values() for t in c}
    assert vcd_times <= set(expected), "a timestamp the simulation never had"
    for t, levels in expected.items():
        if t < first:
            continue
        seen = {name: level_at(c, t) for name, c in changes.items()}
        assert seen == levels, f"t = {t}"


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("init", ["0", "x"])
def test_clock_resolution_vcd_matches_the_simulation(fast, init):
    circuit = load_circuit("counter4")
    enable = np.array([1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])  # (cycles,)
    wave = circuit.simulator(init=init).run(len(enable), inputs={"EN": enable}, fast=fast)

    ref = circuit.simulator(init=init)  # stepped by hand, half tick by half tick
    ref.set_input("EN", int(enable[0]))
    ref.settle()
    expected = {ref.half_ticks: ref.values()}  # the power-on state, before the first edge
    for level in enable:
        ref.set_input("EN", int(level))
        ref.settle()
        for _ in range(2):
            ref.half_tick()
            expected[ref.half_ticks] = ref.values()
    check_against(wave.vcd_text(), expected)
    assert {"tf0.d", "tf3.d"} <= set(expected[0])  # nets inside instances are scoped


def test_step_resolution_vcd_matches_every_micro_step():
    sim = load_circuit("sr_latch_nor").simulator(init="x")
    rec = WaveformRecorder(sim, resolution="step")
    expected = {sim.step_count: sim.values()}
    for inputs in ({"S": 1, "R": 0}, {"S": 0, "R": 0}, {"S": 0, "R": 1}, {"S": 0, "R": 0}):
        sim.set_inputs(inputs)
        expected[sim.step_count] = sim.values()
        while not sim.stable:
            sim.micro_step()
            expected[sim.step_count] = sim.values()
    _, changes = read_with_pyvcd(rec.waveform().vcd_text())
    assert changes["Q"][0] == X  # power-on: the latch does not know its state yet
    assert 1 in changes["Q"].values() and 0 in changes["Q"].values()
    check_against(rec.waveform().vcd_text(), expected)
