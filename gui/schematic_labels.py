"""Where the schematic writes each wire's value: pure geometry, no Qt.

A net's value label ("0", "1", "X", or "Q = 1" for a renamed port) belongs next to the pin that
drives the net, just above its wire.  There it can cover another net's wire that crosses close
to the pin, a gate's body or its name, or another label.  :func:`place_labels` tries places along
every horizontal piece of the net's own wire, above and below it, and keeps the cheapest: first
nothing but its own wire under it, then as close to the driver as possible.  A label that cannot
be kept clear (a very crowded drawing) goes where it covers the least.
"""

from __future__ import annotations

from collections.abc import Mapping

from logicsim_gui.schematic_grid import LABEL_H
from logicsim_gui.schematic_layout import Drawing, Segment, segment_hits

#: Rectangle (x, y, w, h) in scene units (pixels at 100 %).
Box = tuple[float, float, float, float]

GAP = 3.0  # between a label and the wire it sits on
STEP = 8.0  # spacing of the places tried along a wire
PIN_CLEARANCE = 4.0  # a label starts this far from its driver's pin

# what covering costs, per thing covered (distance from the driver costs 1 per pixel)
COVER_PART = 10_000.0
COVER_LABEL = 5_000.0
COVER_WIRE = 1_000.0
#: a label this close (pixels) beside another net's wire could be read as that wire's
NEAR = 8.0
NEAR_WIRE = 300.0
BELOW, BESIDE = 10.0, 40.0  # a label under its wire, or beside a vertical piece, costs a bit
MAX_TRIED = 40  # places tried per label at most, nearest first (a bound on the time)


def obstacles(drawing: Drawing) -> list[tuple[tuple[str, str], Box]]:
    """Body of every part with the band above it where its name is written."""
    return [
        (key, (p.x, p.y - LABEL_H, p.w, p.h + LABEL_H))
        for key, p in drawing.parts.items()
        if p.kind == "gate"
    ] + [(key, (p.x, p.y, p.w, p.h)) for key, p in drawing.parts.items() if p.kind != "gate"]


def _overlap(a: Box, b: Box) -> bool:
    """Whether the open interiors of ``a`` and ``b`` meet."""
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class _Grid:
    """Things with a bounding box, bucketed in square cells, to find the few near a box fast."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.items: list[tuple[str, object, Box]] = []  # (owner, thing, bounding box)

    def _span(self, box: Box) -> tuple[range, range]:
        x, y, w, h = box
        c = self.CELL
        return (
            range(int(x // c), int((x + w) // c) + 1),
            range(int(y // c), int((y + h) // c) + 1),
        )

    def add(self, owner: str, thing: object, box: Box) -> None:
        index = len(self.items)
        self.items.append((owner, thing, box))
        cols, rows = self._span(box)
        for cx in cols:
            for cy in rows:
                self.cells.setdefault((cx, cy), []).append(index)

    def near(self, box: Box) -> list[tuple[str, object, Box]]:
        """Every item whose cells meet ``box``'s cells (a superset of those it touches)."""
        cols, rows = self._span(box)
        seen: set[int] = set()
        for cx in cols:
            for cy in rows:
                seen.update(self.cells.get((cx, cy), ()))
        return [self.items[k] for k in sorted(seen)]


def _wire_grid(drawing: Drawing) -> _Grid:
    grid = _Grid()
    for net, wire in drawing.wires.items():
        for s in wire.segments:
            lo_x, hi_x = sorted((s.x1, s.x2))
            lo_y, hi_y = sorted((s.y1, s.y2))
            grid.add(net, s, (lo_x, lo_y, hi_x - lo_x, hi_y - lo_y))
    return grid


def _wires_under(box: Box, net: str, grid: _Grid) -> int:
    """How many nets other than ``net`` have a wire under ``box``."""
    return len(
        {
            owner
            for owner, seg, _ in grid.near(box)
            if owner != net and (segment_hits(seg, box) or _segment_on_edge(seg, box))  # type: ignore[arg-type]
        }
    )


def covered(
    box: Box, net: str, drawing: Drawing, parts: list[tuple[tuple[str, str], Box]]
) -> tuple[int, int]:
    """(parts, wires of other nets) that ``box`` covers."""
    n_parts = sum(_overlap(box, rect) for _, rect in parts)
    return n_parts, _wires_under(box, net, _wire_grid(drawing))


def _segment_on_edge(seg: Segment, box: Box) -> bool:
    """A horizontal wire inside the box's height band or a vertical one inside its width
    (``segment_hits`` ignores pieces that only run along the border; text there is hidden too)."""
    x, y, w, h = box
    if seg.y1 == seg.y2:
        lo, hi = sorted((seg.x1, seg.x2))
        return y <= seg.y1 <= y + h and lo < x + w and hi > x
    lo, hi = sorted((seg.y1, seg.y2))
    return x <= seg.x1 <= x + w and lo < y + h and hi > y


def _candidates(
    drawing: Drawing, net: str, size: tuple[float, float], west: bool
) -> list[tuple[Box, float]]:
    """Places tried for ``net``'s label with what each costs by its kind (above the wire: 0)."""
    wire = drawing.wires[net]
    w, h = size
    sx, sy = wire.source if wire.source is not None else (0.0, 0.0)
    out: list[tuple[Box, float]] = []
    flat = [s for s in wire.segments if s.y1 == s.y2 and s.x1 != s.x2]
    # the piece leaving the driver first, then the others by their distance from it
    flat.sort(key=lambda s: (0 if (sx, sy) in ((s.x1, s.y1), (s.x2, s.y2)) else 1,
                             abs(s.y1 - sy) + min(abs(s.x1 - sx), abs(s.x2 - sx))))  # fmt: skip
    for seg in flat:
        lo, hi = sorted((seg.x1, seg.x2))
        starts: list[float] = []
        if (sx, sy) in ((seg.x1, seg.y1), (seg.x2, seg.y2)):  # from the pin outwards
            if west:
                x = sx - PIN_CLEARANCE - w
                while x >= lo - 1e-6:
                    starts.append(x)
                    x -= STEP
            else:
                x = sx + PIN_CLEARANCE
                while x + w <= hi + 1e-6:
                    starts.append(x)
                    x += STEP
        else:  # anywhere along it
            x = lo + PIN_CLEARANCE
            while x + w <= hi - PIN_CLEARANCE + 1e-6:
                starts.append(x)
                x += STEP
        for x in starts:
            out.append(((x, seg.y1 - GAP - h, w, h), 0.0))  # above the wire
            out.append(((x, seg.y1 + GAP, w, h), BELOW))  # below it
    tall = [s for s in wire.segments if s.x1 == s.x2 and s.y1 != s.y2]
    tall.sort(key=lambda s: abs(s.x1 - sx) + min(abs(s.y1 - sy), abs(s.y2 - sy)))
    for seg in tall:  # beside a vertical piece, left or right of it
        lo, hi = sorted((seg.y1, seg.y2))
        y = lo + PIN_CLEARANCE
        while y + h <= hi - PIN_CLEARANCE + 1e-6:
            out.append(((seg.x1 + GAP, y, w, h), BESIDE))
            out.append(((seg.x1 - GAP - w, y, w, h), BESIDE))
            y += STEP
    # the place used so far (beside the pin, above the wire) is always among them
    out.append(((sx - PIN_CLEARANCE - w if west else sx + PIN_CLEARANCE, sy - GAP - h, w, h), 0.0))
    return out


def place_labels(
    drawing: Drawing,
    sizes: Mapping[str, tuple[float, float]],
    west: Mapping[str, bool] | None = None,
) -> dict[str, Box]:
    """Box (x, y, w, h) of every net's value label, clear of wires, parts and labels if it can.

    Parameters
    ----------
    drawing : Drawing
        The laid-out schematic.
    sizes : mapping of str to (float, float)
        Net -> (width, height) of its label text, scene units; nets without one get no label.
    west : mapping of str to bool, optional
        Net -> whether its driver faces west (the label then goes left of the pin).

    Returns
    -------
    dict of str to (float, float, float, float)
        Net -> label box.
    """
    west = west or {}
    wires = _wire_grid(drawing)
    parts = _Grid()
    for key, rect in obstacles(drawing):
        parts.add(f"{key[0]} {key[1]}", None, rect)
    labels = _Grid()
    placed: dict[str, Box] = {}
    for net in sorted(sizes, key=lambda n: drawing.wires[n].source or (0.0, 0.0)):
        if net not in drawing.wires or drawing.wires[net].source is None:
            continue
        sx, sy = drawing.wires[net].source

        def base(candidate: tuple[Box, float], sx: float = sx, sy: float = sy) -> float:
            (x, y, w, h), kind = candidate
            return kind + abs(x + w / 2 - sx) + abs(y + h / 2 - sy)

        best: tuple[float, Box] | None = None
        candidates = sorted(_candidates(drawing, net, sizes[net], west.get(net, False)), key=base)
        for candidate in candidates[:MAX_TRIED]:
            box = candidate[0]
            x, y, w, h = box
            n_parts = sum(_overlap(box, rect) for _, _, rect in parts.near(box))
            n_labels = sum(_overlap(box, rect) for _, _, rect in labels.near(box))
            n_wires = _wires_under(box, net, wires)
            n_near = n_wires  # a place that covers something is not weighed by what is near
            if not (n_parts or n_labels or n_wires):
                n_near = _wires_under((x - NEAR, y - NEAR, w + 2 * NEAR, h + 2 * NEAR), net, wires)
            cost = (
                COVER_PART * n_parts
                + COVER_LABEL * n_labels
                + COVER_WIRE * n_wires
                + NEAR_WIRE * (n_near - n_wires)
                + base(candidate)
            )
            if best is None or cost < best[0]:
                best = (cost, box)
            if cost == base(candidate):  # nothing in the way: no later place can be better
                break
        if best is not None:
            placed[net] = best[1]
            labels.add(net, None, best[1])
    return placed


def label_clashes(drawing: Drawing, boxes: Mapping[str, Box]) -> list[tuple[str, str]]:
    """(net, what) for every label that covers a part, another net's wire or another label."""
    parts = obstacles(drawing)
    out = []
    nets = list(boxes)
    for k, net in enumerate(nets):
        box = boxes[net]
        out += [(net, f"{key[0]} {key[1]}") for key, rect in parts if _overlap(box, rect)]
        for other, wire in drawing.wires.items():
            if other != net and any(
                segment_hits(s, box) or _segment_on_edge(s, box) for s in wire.segments
            ):
                out.append((net, f"wire {other}"))
        out += [(net, f"label {o}") for o in nets[k + 1 :] if _overlap(box, boxes[o])]
    return out
