"""State-transition tables of small sequential circuits.

The state is the outputs of the D flip-flops (for circuits built from gates only: the first
output that lies on a feedback loop, e.g. ``Q`` of a latch).  Every (present state, input)
combination is one batch row of a single simulator: the state nets are given their levels at
power-on, the inputs are applied, the circuit settles (outputs are read: Mealy outputs), then one
clock pulse is given when the circuit has a clock and the state nets are read as the next state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.logic.circuit import Circuit
from logicsim.logic.netlist import Netlist
from logicsim.logic.values import level_text

#: Largest number of state bits plus inputs tabulated.
MAX_BITS = 12


@dataclass
class StateTable:
    """Rows of (present state, inputs) -> (next state, outputs); levels are 0/1/2 (= X)."""

    state_names: list[str]  # state nets
    input_names: list[str]  # inputs (clocks excluded)
    output_names: list[str]  # outputs
    present: np.ndarray  # shape (R, m)
    inputs: np.ndarray  # shape (R, n)
    next: np.ndarray  # shape (R, m)
    outputs: np.ndarray  # shape (R, o): after settling, before the clock pulse

    def format(self) -> str:
        """Aligned text: ``state | inputs -> next state | outputs``."""
        groups = [
            self.state_names,
            self.input_names,
            [n + "'" for n in self.state_names],
            self.output_names,
        ]
        arrays = [self.present, self.inputs, self.next, self.outputs]
        seps = [" | ", " -> ", " | "]

        def line(cells: list[list[str]]) -> str:
            parts = [
                " ".join(c.rjust(max(len(n), 1)) for c, n in zip(cell, names, strict=True))
                for cell, names in zip(cells, groups, strict=True)
            ]
            return parts[0] + seps[0] + parts[1] + seps[1] + parts[2] + seps[2] + parts[3]

        out = [line([list(g) for g in groups])]
        for r in range(len(self.present)):
            out.append(line([[level_text(v) for v in a[r]] for a in arrays]))
        return "\n".join(out) + "\n"


def state_nets(netlist: Netlist) -> list[int]:
    """Nets holding the state: DFF outputs, else the first output on a feedback loop."""
    dffs = [g.output for g in netlist.dffs]
    if dffs:
        return dffs
    for out in netlist.outputs:
        if _on_loop(netlist, out):
            return [out]
    return []


def _on_loop(nl: Netlist, net: int) -> bool:
    seen, stack = set(), [net]
    while stack:
        n = stack.pop()
        for gi in nl.fanout[n]:
            o = nl.gates[gi].output
            if o == net:
                return True
            if o not in seen:
                seen.add(o)
                stack.append(o)
    return False


def state_table(circuit: Circuit) -> StateTable:
    """Tabulate every (state, input) pair of a small sequential circuit."""
    from logicsim.logic.simulator import Simulator

    nl = circuit.flatten()
    states = state_nets(nl)
    if not states:
        raise LogicsimError(f"circuit {circuit.key!r} holds no state; use its truth table")
    m, n = len(states), len(circuit.inputs)
    if m + n > MAX_BITS:
        raise LogicsimError(
            f"circuit {circuit.key!r} has {m} state bits and {n} inputs; state tables stop at "
            f"{MAX_BITS} bits"
        )
    rows = 2 ** (m + n)
    r = np.arange(rows)
    bits = (r[:, None] >> np.arange(m + n - 1, -1, -1)[None, :]) & 1  # (R, m + n)
    names = [nl.net_names[s] for s in states]
    init_values = {name: bits[:, i] for i, name in enumerate(names)}
    sim = Simulator(nl, batch=rows, init="x", init_values=init_values, on_oscillation="x")
    sim.set_inputs({name: bits[:, m + j] for j, name in enumerate(circuit.inputs)})
    sim.hold(names)  # let the rest of a feedback loop agree with the chosen state first
    sim.settle()
    sim.release()
    sim.settle()
    outputs = np.stack([sim.get(o) for o in circuit.outputs], axis=1)  # (R, o)
    if circuit.clocks:
        sim.tick()
    nxt = np.stack([sim.get(s) for s in names], axis=1)  # (R, m)
    return StateTable(
        names,
        list(circuit.inputs),
        list(circuit.outputs),
        bits[:, :m].astype(np.int8),
        bits[:, m:].astype(np.int8),
        nxt,
        outputs,
    )
