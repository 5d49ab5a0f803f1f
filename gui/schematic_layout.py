"""How the schematic's wires run between the parts of the grid: pure geometry, no Qt.

The parts sit in the cells of a grid (:mod:`logicsim_gui.schematic_grid`).  Between two columns
runs a vertical *channel*, between two rows a horizontal *gap*; neither holds a part, so wires
may use them freely.  A wire leaves a pin horizontally into the channel beside it, runs
vertically in that channel and, when it must reach another column, horizontally along a gap.
Every segment is horizontal or vertical and no segment enters the body of a part other than the
one whose pin it ends at (tested for every library circuit).  Segments of different nets in one
channel or gap get separate *tracks* (interval colouring), ordered so that stubs entering a
channel from both sides never run along each other, and the channels and gaps are made as wide
as their tracks need.

Every function here runs in time linear in the number of pins, up to sorting.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from logicsim_gui.schematic_grid import (
    CHAR_W,
    LABEL_H,
    MAX_DRAWN,
    PIN_H,
    GateSpec,
    Part,
    SchematicSpec,
    channel_of,
    levels,
    make_parts,
    pin_points,
    place_parts,
    summary,
)

__all__ = [
    "CHAR_W", "MAX_DRAWN", "Drawing", "GateSpec", "Part", "SchematicSpec", "Segment", "Wire",
    "all_manhattan", "crossings", "junctions", "layout", "levels", "overlaps", "segment_hits",
    "summary",
]  # fmt: skip

TRACK = 10.0  # distance between parallel wires
MIN_CHANNEL, MIN_GAP = 44.0, 22.0  # narrowest channel between columns / gap between rows
JOG = 5.0  # a stub that must dodge another steps this far aside, next to its pin


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
            ch = channel_of(p, is_out)
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
    parts = make_parts(spec)
    place_parts(spec, parts)
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
            chans.setdefault(channel_of(parts[(kind, name)], is_out), []).append(rel(kind, name))
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
    before = _stub_order(nets.values(), parts, pin_points(spec, parts), row_h)
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
    for label_net, width in (room or {}).items():
        found = nets.get(label_net)
        drivers = [(k, nm) for k, nm, _, out in found.pins if out] if found else []
        if drivers:
            ch = channel_of(parts[drivers[0]], True)
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
    pins = pin_points(spec, parts)

    def track_x(ch: int, t: int) -> float:
        return ch_x[ch] + (t + 1) * ch_w[ch] / (ntracks_v.get(ch, 0) + 1)

    def track_y(g: int, t: int) -> float:
        return gap_y[g] + (t + 1) * gap_h[g] / (ntracks_h.get(g, 0) + 1)

    # stubs entering each channel from the part on its left: (channel, height) -> (net, track x)
    from_left: dict[tuple[int, float], list[tuple[str, float]]] = {}
    for n in nets.values():
        for kind, name, k, is_out in n.pins:
            p = parts[(kind, name)]
            ch = channel_of(p, is_out)
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
            ch = channel_of(p, is_out)
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
