"""The grid of the schematic: which cell each part sits in, and where its pins are.

Every part (input pin, gate, subcircuit box, output lamp) sits in one cell of a column and a
row.  Positions come from the circuit file's ``[layout]`` table when it has one
(:attr:`SchematicSpec.places`); otherwise, and for parts it leaves out, columns follow the logic
depth (:func:`levels`, linear time: feedback edges found by one depth-first search, then a
longest-path pass in topological order) and rows follow the rows of the drivers.  The wires
are routed by :mod:`logicsim_gui.schematic_layout`.  Pure geometry, no Qt widgets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Above this many gates the schematic shows a summary instead of drawing every gate.
MAX_DRAWN = 400

GATE_W, GATE_H, BOX_W = 64.0, 44.0, 84.0  # symbol box; subcircuit / flip-flop box width
PIN_H, LAMP_D = 28.0, 24.0  # input pin height, lamp diameter
LABEL_H = 20.0  # band above each part for its name
CHAR_W = 8.0  # rough width of one character of the 13 px label font


@dataclass(frozen=True)
class GateSpec:
    """One gate of the drawing."""

    name: str  # instance name (unique), e.g. "g1" or "ff0/nor1"
    op: str  # "and", "or", "not", "nand", "nor", "xor", "xnor", "buf", or anything else (a box)
    inputs: tuple[str, ...]  # nets read, in pin order
    outputs: tuple[str, ...]  # nets driven
    pins: tuple[str, ...] = ()  # box only: port names, inputs then outputs (written inside)
    clocks: tuple[int, ...] = ()  # box only: input pins that are clocks (drawn with a ▷ mark)


@dataclass(frozen=True)
class SchematicSpec:
    """What the schematic draws: the circuit's external pins and its gates."""

    inputs: tuple[str, ...]  # input nets (clickable pins on the left)
    outputs: tuple[str, ...]  # output nets (lamps on the right)
    gates: tuple[GateSpec, ...] = field(default=())  # gates in any order
    #: hand placement: gate or input name -> (column, row, "east" | "west")
    places: Mapping[str, tuple[int, int, str]] = field(default_factory=dict)
    #: hand placement of output lamps: output net -> (column, row)
    lamp_places: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Part:
    """One drawn part and its place."""

    name: str  # gate name, or the net of an input pin / output lamp
    kind: str  # "input", "gate" or "lamp"
    op: str  # gate op ("" for pins and lamps)
    col: int
    row: int
    facing: str = "east"
    w: float = GATE_W
    h: float = GATE_H
    x: float = 0.0  # top-left corner of the body, scene units (pixels at 100 %)
    y: float = 0.0


# -- columns ------------------------------------------------------------------------------
def levels(spec: SchematicSpec) -> dict[str, int]:
    """Column of every gate: 1 + the deepest driver of its inputs, feedback edges ignored.

    Linear time: one iterative depth-first search marks the edges that close a loop (edges
    to a gate still on the search stack), then Kahn's algorithm takes the gates in
    topological order of the remaining edges and gives each the longest path to it.
    """
    gates = spec.gates
    n = len(gates)
    driver: dict[str, int] = {}
    for i, g in enumerate(gates):
        for net in g.outputs:
            driver[net] = i
    succ: list[list[int]] = [[] for _ in range(n)]
    fed = [False] * n  # reads a gate's output
    for j, g in enumerate(gates):
        for net in g.inputs:
            d = driver.get(net)
            if d is not None:
                succ[d].append(j)
                fed[j] = True
    back: list[set[int]] = [set() for _ in range(n)]  # back[i]: successors reached by a loop edge
    state = bytearray(n)  # 0 new, 1 on the stack, 2 done
    roots = [i for i in range(n) if not fed[i]] + [i for i in range(n) if fed[i]]
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            i, k = stack[-1]
            if k < len(succ[i]):
                stack[-1] = (i, k + 1)
                j = succ[i][k]
                if state[j] == 1:
                    back[i].add(j)
                elif state[j] == 0:
                    state[j] = 1
                    stack.append((j, 0))
            else:
                state[i] = 2
                stack.pop()
    indeg = [0] * n
    for i in range(n):
        for j in succ[i]:
            if j not in back[i]:
                indeg[j] += 1
    level = [1] * n
    ready = [i for i in range(n) if indeg[i] == 0]
    while ready:
        i = ready.pop()
        for j in succ[i]:
            if j in back[i]:
                continue
            level[j] = max(level[j], level[i] + 1)
            indeg[j] -= 1
            if indeg[j] == 0:
                ready.append(j)
    return {g.name: level[i] for i, g in enumerate(gates)}


def summary(spec: SchematicSpec) -> list[str]:
    """Lines describing a circuit too big to draw: gate counts by type, pins, depth."""
    counts = Counter(g.op.upper() for g in spec.gates)
    depth = max(levels(spec).values(), default=0)
    by_type = ", ".join(f"{op} {k}" for op, k in sorted(counts.items(), key=lambda t: -t[1]))
    return [
        f"{len(spec.gates):,} gates: too many to draw (the schematic draws up to {MAX_DRAWN}).",
        f"by type: {by_type}",
        f"{_count(len(spec.inputs), 'input')}, {_count(len(spec.outputs), 'output')}, "
        f"depth {_count(depth, 'gate level')}",
        "The timing diagram and the truth table still work; built from subcircuits, the",
        "circuit would be drawn one level at a time.",
    ]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


# -- parts ----------------------------------------------------------------------------------
def _is_box(op: str) -> bool:
    from logicsim_gui.gate_shapes import shape_of  # imports QtGui only for the path helpers

    return shape_of(op)[0] == "box"


def gate_height(g: GateSpec) -> float:
    """Height of the symbol of ``g``: room for every pin."""
    n = max(len(g.inputs), len(g.outputs), 1)
    return max(GATE_H, (18.0 if _is_box(g.op) else 14.0) * n)


def pin_offset(k: int, n: int, h: float) -> float:
    """Vertical position of pin ``k`` of ``n`` on a side of height ``h``."""
    if n <= 1:
        return h / 2
    margin = min(10.0, h / (2 * n))
    return margin + k * (h - 2 * margin) / (n - 1)


def make_parts(spec: SchematicSpec) -> dict[tuple[str, str], Part]:
    parts: dict[tuple[str, str], Part] = {}
    for net in spec.inputs:
        w = max(46.0, CHAR_W * len(net) + 14)
        parts[("input", net)] = Part(net, "input", "", 0, 0, w=w, h=PIN_H)
    for g in spec.gates:
        w = BOX_W if _is_box(g.op) else GATE_W
        parts[("gate", g.name)] = Part(g.name, "gate", g.op, 0, 0, w=w, h=gate_height(g))
    for net in spec.outputs:
        w = LAMP_D + 6 + CHAR_W * len(net)
        parts[("lamp", net)] = Part(net, "lamp", "", 0, 0, w=w, h=LAMP_D)
    return parts


def place_parts(spec: SchematicSpec, parts: dict[tuple[str, str], Part]) -> None:
    """Give every part a cell: the hand layout where given, else by logic depth."""
    level = levels(spec)
    places, lamp_places = spec.places, spec.lamp_places
    taken: set[tuple[int, int]] = set()
    for (kind, name), p in parts.items():
        where = lamp_places.get(name) if kind == "lamp" else places.get(name)
        if where is not None:
            p.col, p.row = int(where[0]), int(where[1])
            if kind != "lamp" and len(where) > 2:
                p.facing = str(where[2])
            taken.add((p.col, p.row))
    row_of: dict[str, float] = {}  # net -> row of its driver, for the barycentre
    hand = bool(places or lamp_places)

    def free(col: int, want: float, last: int) -> int:
        r = max(int(round(want)), last + 1, 0)
        while (col, r) in taken:
            r += 1
        taken.add((col, r))
        return r

    last = -1
    for net in spec.inputs:
        p = parts[("input", net)]
        if net in places:
            row_of[net] = p.row
            continue
        p.col, p.row = 0, free(0, last + 1, last)
        last = p.row
        row_of[net] = p.row
    for g in spec.gates:
        if g.name in places:
            for net in g.outputs:
                row_of[net] = parts[("gate", g.name)].row
    by_col: dict[int, list[GateSpec]] = {}
    for g in spec.gates:
        if g.name not in places:
            by_col.setdefault(level[g.name], []).append(g)
    for col in sorted(by_col):

        def want(g: GateSpec) -> float:
            rows = [row_of[n] for n in g.inputs if n in row_of]
            return sum(rows) / len(rows) if rows else 1e9

        wanted = [(want(g), k, g) for k, g in enumerate(by_col[col])]
        wanted.sort(key=lambda t: (t[0], t[1]))
        last = -1
        for w, _, g in wanted:
            p = parts[("gate", g.name)]
            p.col = col
            p.row = free(col, w if w < 1e9 else last + 1, last)
            last = p.row
            for net in g.outputs:
                row_of[net] = p.row
    right = max((p.col for (k, _), p in parts.items() if k != "lamp"), default=0) + 1
    if hand:
        right = max([right, *(c for c, _ in lamp_places.values())])
    lamps = [(row_of.get(n, 1e9), k, n) for k, n in enumerate(spec.outputs) if n not in lamp_places]
    lamps.sort(key=lambda t: (t[0], t[1]))
    last = -1
    for want_row, _, net in lamps:
        p = parts[("lamp", net)]
        p.col = right
        p.row = free(right, want_row if want_row < 1e9 else last + 1, last)
        last = p.row


def pin_points(
    spec: SchematicSpec, parts: dict[tuple[str, str], Part]
) -> dict[tuple[str, str], tuple[list[tuple[float, float]], list[tuple[float, float]]]]:
    """Pin positions of every part (needs x, y, w, h set)."""
    from logicsim_gui.gate_shapes import input_pin_x

    out = {}
    for g in spec.gates:
        p = parts[("gate", g.name)]
        west = p.facing == "west"
        ins = []
        for k in range(len(g.inputs)):
            dy = pin_offset(k, len(g.inputs), p.h)
            dx = input_pin_x(g.op, dy, p.h)
            ins.append((p.x + p.w - dx if west else p.x + dx, p.y + dy))
        outs = [
            (p.x if west else p.x + p.w, p.y + pin_offset(k, len(g.outputs), p.h))
            for k in range(len(g.outputs))
        ]
        out[("gate", g.name)] = (ins, outs)
    for net in spec.inputs:
        p = parts[("input", net)]
        out[("input", net)] = ([], [(p.x if p.facing == "west" else p.x + p.w, p.y + p.h / 2)])
    for net in spec.outputs:
        p = parts[("lamp", net)]
        out[("lamp", net)] = ([(p.x, p.y + p.h / 2)], [])
    return out


def channel_of(p: Part, is_output: bool) -> int:
    """Channel a pin's stub runs to: ``col`` (left of the part) or ``col + 1`` (right)."""
    right = is_output != (p.facing == "west")
    return p.col + 1 if right else p.col
