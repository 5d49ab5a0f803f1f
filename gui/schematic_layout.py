"""Where the schematic draws each part and how its wires run: pure geometry, no Qt.

The drawing is a grid.  Every part (input pin, gate, subcircuit box, output lamp) sits in one
cell of a column and a row.  Between two columns runs a vertical *channel*, between two rows a
horizontal *gap*; neither holds a part, so wires may use them freely.  A wire leaves a pin
horizontally into the channel beside it, runs vertically in that channel and, when it must
reach another column, horizontally along a gap.  Every segment is horizontal or vertical and
no segment enters the body of a part other than the one whose pin it ends at (tested for every
library circuit).  Segments of different nets in one channel or gap get separate *tracks*
(interval colouring), and the channels and gaps are made as wide as their tracks need.

Positions come from the circuit file's ``[layout]`` table when it has one
(:attr:`SchematicSpec.places`); otherwise, and for parts it leaves out, columns follow the logic
depth (:func:`levels`, linear time: feedback edges found by one depth-first search, then a
longest-path pass in topological order) and rows follow the rows of the drivers.

Every function here runs in time linear in the number of pins, up to sorting.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Above this many gates the schematic shows a summary instead of drawing every gate.
MAX_DRAWN = 400

GATE_W, GATE_H, BOX_W = 64.0, 44.0, 84.0  # symbol box; subcircuit / flip-flop box width
PIN_H, LAMP_D = 28.0, 24.0  # input pin height, lamp diameter
LABEL_H = 20.0  # band above each part for its name
TRACK = 10.0  # distance between parallel wires
MIN_CHANNEL, MIN_GAP = 44.0, 22.0  # narrowest channel between columns / gap between rows
CHAR_W = 8.0  # rough width of one character of the 13 px label font
JOG = 5.0  # a stub that must dodge another steps this far aside, next to its pin


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


@dataclass(frozen=True)
class Segment:
    """One straight piece of wire; ``owner`` names the part whose pin it ends at, if any."""

    x1: float
    y1: float
    x2: float
    y2: float
    owner: tuple[str, str] | None = None  # (kind, name) of that part


@dataclass
class Wire:
    """All segments of one net, and the dots where it branches."""

    net: str
    segments: list[Segment] = field(default_factory=list)
    dots: list[tuple[float, float]] = field(default_factory=list)
    source: tuple[float, float] | None = None  # where the driver emits the net


@dataclass
class Drawing:
    """A laid-out schematic."""

    parts: dict[tuple[str, str], Part]  # (kind, name) -> part
    wires: dict[str, Wire]
    width: float
    height: float
    #: (kind, name) -> pin positions: inputs in order, then outputs, each (x, y)
    pins: dict[tuple[str, str], tuple[list[tuple[float, float]], list[tuple[float, float]]]]


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


def _make_parts(spec: SchematicSpec) -> dict[tuple[str, str], Part]:
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


def _place(spec: SchematicSpec, parts: dict[tuple[str, str], Part]) -> None:
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


def _pin_points(
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


def _side(p: Part, is_output: bool) -> int:
    """Channel a pin's stub runs to: ``col`` (left of the part) or ``col + 1`` (right)."""
    right = is_output != (p.facing == "west")
    return p.col + 1 if right else p.col


def _colour(intervals: list[tuple[float, float, int]]) -> dict[int, int]:
    """Tracks for intervals ``(lo, hi, id)``: overlapping (or touching) ones get different
    tracks."""
    out: dict[int, int] = {}
    active: list[tuple[float, int]] = []  # (hi, track)
    spare: list[int] = []
    count = 0
    for lo, hi, key in sorted(intervals):
        while active and active[0][0] < lo:
            heapq.heappush(spare, heapq.heappop(active)[1])
        if spare:
            track = heapq.heappop(spare)
        else:
            track, count = count, count + 1
        out[key] = track
        heapq.heappush(active, (hi, track))
    return out


@dataclass
class _Net:
    net: str
    pins: list[tuple[str, str, int, bool]]  # (kind, name, pin index, is_output)
    gap: int | None = None  # row gap its horizontal trunk runs in (None: one channel only)
    h_id: int = -1  # interval id of the trunk
    v_ids: dict[int, int] = field(default_factory=dict)  # channel -> interval id


def _ordered(
    intervals: list[tuple[float, float, int]], before: dict[int, set[int]]
) -> dict[int, int]:
    """Tracks for one channel: shared where possible, ordered so ``a`` lies left of each
    ``b`` in ``before[a]`` (interval ids).

    First the usual colouring; its tracks are then renumbered in an order that respects the
    constraints.  When shared tracks make that impossible (a cycle), every interval gets a
    track of its own, ordered by the constraints (what remains of a cycle keeps its order).
    """
    track = _colour(intervals)
    if not before:
        return track
    for attempt in (0, 1):
        if attempt == 1:  # no sharing: one track per interval, in order of lo
            ids = [key for _, _, key in sorted(intervals)]
            track = {key: k for k, key in enumerate(ids)}
        count = max(track.values()) + 1
        after: dict[int, set[int]] = {}
        for a, bs in before.items():
            for b in bs:
                if track[a] != track[b]:
                    after.setdefault(track[a], set()).add(track[b])
                elif attempt == 0:
                    after.setdefault(-1, set())  # a and b share a track: unsolvable here
        indeg = [0] * count
        for ts in after.values():
            for u in ts:
                indeg[u] += 1
        ready = [t for t in range(count) if indeg[t] == 0]
        heapq.heapify(ready)
        order: list[int] = []
        while ready:
            t = heapq.heappop(ready)
            order.append(t)
            for u in after.get(t, ()):
                indeg[u] -= 1
                if indeg[u] == 0:
                    heapq.heappush(ready, u)
        if len(order) == count and -1 not in after:
            new = {old: k for k, old in enumerate(order)}
            return {key: new[t] for key, t in track.items()}
        if attempt == 1:
            placed = set(order)
            order += [t for t in range(count) if t not in placed]
            new = {old: k for k, old in enumerate(order)}
            return {key: new[t] for key, t in track.items()}
    return track  # pragma: no cover - the loop always returns


def _stub_order(nets, parts, rel_pins, row_h) -> dict[int, dict[int, set[int]]]:
    """Per channel: interval id -> ids whose track must lie right of it.

    A stub from the part left of a channel and a stub from the part right of it may sit at the
    same height; if the left one's track lay further right, the two stubs would run along
    each other and look joined.  ``rel_pins`` are pin positions relative to each part's corner
    (parts not yet placed), so heights compare within a row.
    """
    sides: dict[tuple[int, int, float], tuple[list[int], list[int]]] = {}
    for n in nets:
        for kind, name, k, is_out in n.pins:
            p = parts[(kind, name)]
            ch = _side(p, is_out)
            ins, outs = rel_pins[(kind, name)]
            band = row_h[p.row] - LABEL_H
            y = round((band - p.h) / 2 + (outs if is_out else ins)[k][1], 3)
            left, right = sides.setdefault((ch, p.row, y), ([], []))
            (left if ch == p.col + 1 else right).append(n.v_ids[ch])
    out: dict[int, dict[int, set[int]]] = {}
    for (ch, _, _), (left, right) in sides.items():
        for a in left:
            for b in right:
                if a != b:
                    out.setdefault(ch, {}).setdefault(a, set()).add(b)
    return out


def layout(spec: SchematicSpec, room: Mapping[str, float] | None = None) -> Drawing:
    """Place every part and route every wire of ``spec`` (see the module docstring).

    ``room`` (net -> width) asks for that much space in the channel right after the net's
    driver, for a label written there.
    """
    parts = _make_parts(spec)
    _place(spec, parts)
    # nets: which pins each joins
    nets: dict[str, _Net] = {}

    def join(net: str, kind: str, name: str, k: int, is_output: bool) -> None:
        nets.setdefault(net, _Net(net, [])).pins.append((kind, name, k, is_output))

    for net in spec.inputs:
        join(net, "input", net, 0, True)
    for g in spec.gates:
        for k, net in enumerate(g.outputs):
            join(net, "gate", g.name, k, True)
        for k, net in enumerate(g.inputs):
            join(net, "gate", g.name, k, False)
    for net in spec.outputs:
        join(net, "lamp", net, 0, False)

    def rel(kind: str, name: str) -> float:
        """Row key of a pin: 2 row + 1 (pins sit inside rows, gaps at even keys)."""
        return 2 * parts[(kind, name)].row + 1

    # channel and gap use, in abstract keys (rows: gap g at 2g, row r at 2r+1; channels: 2ch)
    vert: dict[int, list[tuple[float, float, int]]] = {}  # channel -> intervals
    horiz: dict[int, list[tuple[float, float, int]]] = {}  # gap -> intervals
    next_id = 0
    for n in nets.values():
        chans: dict[int, list[float]] = {}
        for kind, name, _k, is_out in n.pins:
            chans.setdefault(_side(parts[(kind, name)], is_out), []).append(rel(kind, name))
        if len(chans) > 1:
            src = [parts[(kind, name)].row for kind, name, _, out in n.pins if out] or [
                parts[(n.pins[0][0], n.pins[0][1])].row
            ]
            rows = sorted(parts[(kind, name)].row for kind, name, _, _ in n.pins)
            mid = rows[len(rows) // 2]
            best: tuple[float, int] | None = None
            for cand in {src[0], src[0] + 1, mid, mid + 1}:
                cost = sum(abs(2 * cand - r) for ys in chans.values() for r in ys)
                if best is None or (cost, cand) < best:
                    best = (cost, cand)
            assert best is not None
            gap = n.gap = best[1]
            lo, hi = min(chans), max(chans)
            n.h_id = next_id
            next_id += 1
            horiz.setdefault(gap, []).append((2 * lo, 2 * hi, n.h_id))
        for ch, ys in chans.items():
            if n.gap is not None:
                ys = [*ys, 2 * n.gap]
            n.v_ids[ch] = next_id
            next_id += 1
            vert.setdefault(ch, []).append((min(ys), max(ys), n.v_ids[ch]))
    # sizes of columns and rows (they depend on the parts only)
    ncols = max((p.col for p in parts.values()), default=0) + 1
    nrows = max((p.row for p in parts.values()), default=0) + 1
    col_w = [24.0] * ncols
    row_h = [LABEL_H + PIN_H] * nrows
    for p in parts.values():
        col_w[p.col] = max(col_w[p.col], p.w)
        row_h[p.row] = max(row_h[p.row], LABEL_H + p.h)
    # stubs at one height from both sides of a channel: the left one's track must come first
    before = _stub_order(nets.values(), parts, _pin_points(spec, parts), row_h)
    track: dict[int, int] = {}
    ntracks_v: dict[int, int] = {}
    ntracks_h: dict[int, int] = {}
    for ch, iv in vert.items():
        t = _ordered(iv, before.get(ch, {}))
        track.update(t)
        ntracks_v[ch] = max(t.values()) + 1
    for gi, iv in horiz.items():
        t = _colour(iv)
        track.update(t)
        ntracks_h[gi] = max(t.values()) + 1
    # sizes of channels and gaps
    need = [MIN_CHANNEL] * (ncols + 1)
    for net, width in (room or {}).items():
        n = nets.get(net)
        src = next(((k, nm) for k, nm, _, out in n.pins if out), None) if n else None
        if src is not None:
            ch = _side(parts[src], True)
            need[ch] = max(need[ch], float(width))
    ch_w = [max(need[c], (ntracks_v.get(c, 0) + 1) * TRACK) for c in range(ncols + 1)]
    gap_h = [max(MIN_GAP, (ntracks_h.get(g, 0) + 1) * TRACK) for g in range(nrows + 1)]
    ch_x, col_x = [0.0] * (ncols + 1), [0.0] * ncols
    x = 0.0
    for c in range(ncols):
        ch_x[c] = x
        x += ch_w[c]
        col_x[c] = x
        x += col_w[c]
    ch_x[ncols] = x
    width = x + ch_w[ncols]
    gap_y, row_y = [0.0] * (nrows + 1), [0.0] * nrows
    y = 0.0
    for r in range(nrows):
        gap_y[r] = y
        y += gap_h[r]
        row_y[r] = y
        y += row_h[r]
    gap_y[nrows] = y
    height = y + gap_h[nrows]
    for p in parts.values():
        p.x = col_x[p.col] + (col_w[p.col] - p.w) / 2
        band = row_h[p.row] - LABEL_H
        p.y = row_y[p.row] + LABEL_H + (band - p.h) / 2
    pins = _pin_points(spec, parts)

    def track_x(ch: int, t: int) -> float:
        return ch_x[ch] + (t + 1) * ch_w[ch] / (ntracks_v.get(ch, 0) + 1)

    def track_y(g: int, t: int) -> float:
        return gap_y[g] + (t + 1) * gap_h[g] / (ntracks_h.get(g, 0) + 1)

    # stubs entering each channel from the part on its left: (channel, height) -> (net, track x)
    from_left: dict[tuple[int, float], list[tuple[str, float]]] = {}
    for n in nets.values():
        for kind, name, k, is_out in n.pins:
            p = parts[(kind, name)]
            ch = _side(p, is_out)
            if ch == p.col + 1:
                y = (pins[(kind, name)][1] if is_out else pins[(kind, name)][0])[k][1]
                x = track_x(ch, track[n.v_ids[ch]])
                from_left.setdefault((ch, round(y, 3)), []).append((n.net, x))

    def blocked(net: str, ch: int, y: float, x: float) -> bool:
        """A stub from the left at this height reaching past track x (they would run along)."""
        return any(o != net and ox > x for o, ox in from_left.get((ch, round(y, 3)), ()))

    # segments
    wires: dict[str, Wire] = {}
    for n in nets.values():
        wire = Wire(n.net)
        wires[n.net] = wire
        chans_order = list(n.v_ids)
        tx = {ch: track_x(ch, track[n.v_ids[ch]]) for ch in chans_order}
        extent: dict[int, list[float]] = {ch: [] for ch in chans_order}
        for kind, name, k, is_out in n.pins:
            p = parts[(kind, name)]
            ins, outs = pins[(kind, name)]
            px, py = (outs if is_out else ins)[k]
            ch = _side(p, is_out)
            if is_out and wire.source is None:
                wire.source = (px, py)
            owner = (kind, name)
            if ch == p.col and blocked(n.net, ch, py, tx[ch]):
                # a stub from the left would run along this one (the tracks could not be
                # ordered, e.g. two nets crossing between facing parts): jog next to the pin
                xe = px - JOG
                ye = py - JOG if not blocked(n.net, ch, py - JOG, tx[ch]) else py + JOG
                wire.segments.append(Segment(px, py, xe, py, owner=owner))
                wire.segments.append(Segment(xe, py, xe, ye, owner=owner))
                wire.segments.append(Segment(xe, ye, tx[ch], ye, owner=owner))
                extent[ch].append(ye)
                continue
            wire.segments.append(Segment(px, py, tx[ch], py, owner=owner))
            extent[ch].append(py)
        gy = None
        if n.gap is not None:
            gy = track_y(n.gap, track[n.h_id])
            xs = [tx[ch] for ch in chans_order]
            wire.segments.append(Segment(min(xs), gy, max(xs), gy))
            for ch in chans_order:
                extent[ch].append(gy)
        for ch in chans_order:
            ys = extent[ch]
            y_lo, y_hi = min(ys), max(ys)
            if y_hi > y_lo:
                wire.segments.append(Segment(tx[ch], y_lo, tx[ch], y_hi))
        wire.dots = junctions(wire.segments)
    return Drawing(parts, wires, width, height, pins)


def junctions(segments: list[Segment]) -> list[tuple[float, float]]:
    """Points where three or more pieces of one net meet (drawn as dots, as in Logisim).

    A segment ending at a point counts once, one passing through it twice.
    """
    ends: Counter[tuple[float, float]] = Counter()
    for s in segments:
        ends[(s.x1, s.y1)] += 1
        ends[(s.x2, s.y2)] += 1
    out = []
    for (x, y), degree in ends.items():
        for s in segments:
            inside = (s.y1 == s.y2 == y and min(s.x1, s.x2) < x < max(s.x1, s.x2)) or (
                s.x1 == s.x2 == x and min(s.y1, s.y2) < y < max(s.y1, s.y2)
            )
            degree += 2 * inside
        if degree >= 3:
            out.append((x, y))
    return out


def segment_hits(seg: Segment, rect: tuple[float, float, float, float]) -> bool:
    """True when ``seg`` enters the open interior of ``rect`` = (x, y, w, h)."""
    x, y, w, h = rect
    eps = 0.01
    if seg.y1 == seg.y2:  # horizontal
        lo, hi = sorted((seg.x1, seg.x2))
        return y + eps < seg.y1 < y + h - eps and lo < x + w - eps and hi > x + eps
    lo, hi = sorted((seg.y1, seg.y2))
    return x + eps < seg.x1 < x + w - eps and lo < y + h - eps and hi > y + eps


def crossings(drawing: Drawing) -> list[tuple[str, str]]:
    """(net, part) pairs where a wire passes through a part it does not end at; [] is right."""
    out = []
    rects = [(key, (p.x, p.y, p.w, p.h)) for key, p in drawing.parts.items()]
    for wire in drawing.wires.values():
        for seg in wire.segments:
            for key, rect in rects:
                if key != seg.owner and segment_hits(seg, rect):
                    out.append((wire.net, f"{key[0]} {key[1]}"))
    return out


def all_manhattan(segments: Iterable[Segment]) -> bool:
    """True when every segment is horizontal or vertical."""
    return all(s.x1 == s.x2 or s.y1 == s.y2 for s in segments)


def overlaps(drawing: Drawing) -> list[tuple[str, str]]:
    """(net, net) pairs with collinear overlapping segments (they would look joined); [] is
    right."""
    flat: dict[float, list[tuple[float, float, str]]] = {}  # y -> horizontal pieces
    tall: dict[float, list[tuple[float, float, str]]] = {}  # x -> vertical pieces
    for wire in drawing.wires.values():
        for s in wire.segments:
            if s.y1 == s.y2 and s.x1 != s.x2:
                flat.setdefault(round(s.y1, 6), []).append(
                    (min(s.x1, s.x2), max(s.x1, s.x2), wire.net)
                )
            elif s.x1 == s.x2 and s.y1 != s.y2:
                tall.setdefault(round(s.x1, 6), []).append(
                    (min(s.y1, s.y2), max(s.y1, s.y2), wire.net)
                )
    out = []
    for line in (*flat.values(), *tall.values()):
        line.sort()
        reach, owner = -float("inf"), ""
        for lo, hi, net in line:
            if lo < reach - 1e-6 and net != owner:
                out.append((owner, net))
            if hi > reach:
                reach, owner = hi, net
    return out
