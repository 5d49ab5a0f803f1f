"""From a parsed circuit (``logicsim.logic``) to what the schematic draws, and back.

Pure translation between the core's circuit definition and
:class:`logicsim_gui.schematic.SchematicSpec`:
gates become symbols, subcircuit instances become boxes named after what they use (their port
names written inside), the file's ``[layout]`` table becomes hand placements, and the
core's gate labels (``"ff0.q"`` inside an instance) map to the symbol that shows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from logicsim_gui.schematic_layout import GateSpec, SchematicSpec


def spec_of(circuit: Any, prefix: str = "") -> SchematicSpec:
    """Drawing of one level of a parsed circuit: its gates and its subcircuit instances as boxes.

    ``prefix`` (``"ff0."`` when looking inside instance ``ff0``) is put before every net and gate
    name, so they match the workbench's instance paths.
    """
    p = prefix
    gates = [
        GateSpec(
            p + g.output,
            g.op,
            tuple(p + n for n in g.inputs),
            (p + g.output,),
            ("D", "C", "Q") if g.op.upper() == "DFF" else (),
            (1,) if g.op.upper() == "DFF" else (),
        )
        for g in circuit.gates
    ]
    for inst in getattr(circuit, "instances", ()):
        sub = inst.circuit
        in_ports = [q for q in (*sub.inputs, *sub.clocks) if q in inst.ports]
        out_ports = [q for q in sub.outputs if q in inst.ports]
        ins = tuple(p + inst.ports[q] for q in in_ports)
        outs = tuple(p + inst.ports[q] for q in out_ports)
        clock_pins = tuple(k for k, q in enumerate(in_ports) if q in sub.clocks)
        gates.append(
            GateSpec(p + inst.name, inst.use, ins, outs, (*in_ports, *out_ports), clock_pins)
        )
    clocks = [c for c in circuit.clocks if c not in circuit.inputs]
    inputs = tuple(p + n for n in (*circuit.inputs, *clocks))
    layout = getattr(circuit, "layout", None)
    places = {p + k: (v.col, v.row, v.facing) for k, v in layout.parts.items()} if layout else {}
    lamps = {p + k: (v.col, v.row) for k, v in layout.lamps.items()} if layout else {}
    return SchematicSpec(inputs, tuple(p + n for n in circuit.outputs), tuple(gates), places, lamps)


def circuit_at(circuit: Any, path: str) -> Any:
    """The definition of the instance at ``path`` (``"ff0"`` or ``"ff0.m"``; ``""`` = top level)."""
    for name in filter(None, path.split(".")):
        inst = {i.name: i for i in getattr(circuit, "instances", ())}.get(name)
        if inst is None:
            break
        circuit = inst.circuit
    return circuit


def drawn_gates(labels: Iterable[str], drawn: Iterable[str]) -> set[str]:
    """Symbols to highlight for the core's changed-gate ``labels``: the gate itself, or the
    innermost drawn instance box that contains it."""
    drawn = set(drawn)
    out = set()
    for label in labels:
        if label in drawn:
            out.add(label)
            continue
        parts = label.split(".")
        for k in range(len(parts) - 1, 0, -1):
            if ".".join(parts[:k]) in drawn:
                out.add(".".join(parts[:k]))
                break
    return out
