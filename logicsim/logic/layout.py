"""Hand-placed schematic positions: the optional ``[layout]`` table of a circuit file.

A circuit file may say where the schematic draws each of its parts, on a grid of columns
(left to right) and rows (top to bottom)::

    [layout]
    S  = [0, 0]                            # input pin S: column 0, row 0
    Qn = [1, 0]                            # gate Qn
    Q  = { at = [1, 1], facing = "east" }  # facing: "east" (default) or "west"

    [layout.outputs]                       # the output lamps, by net
    Qn = [2, 0]
    Q  = [2, 1]

Keys of ``[layout]`` are gate, instance, input and clock names; the sub-table ``outputs`` places
the output lamps (an output net is also the name of what drives it, hence its own table).  Parts
left out are placed automatically.  The positions are pure drawing data: the simulator never
reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

#: Largest column or row accepted (a schematic is never that big; it catches typos like 1e9).
MAX_CELL = 999
FACINGS = ("east", "west")


@dataclass(frozen=True)
class Placement:
    """Where one part is drawn: grid cell and the side its output faces."""

    col: int  # column, 0 = leftmost
    row: int  # row, 0 = top
    facing: str = "east"  # "east": inputs on the left, output on the right; "west": mirrored
    line: int | None = None  # line in the file, for messages


@dataclass(frozen=True)
class Layout:
    """The ``[layout]`` table of one circuit file."""

    parts: dict[str, Placement] = field(default_factory=dict)  # gate/instance/input/clock name
    lamps: dict[str, Placement] = field(default_factory=dict)  # output net -> its lamp


#: ``fail(message, section, key)`` -> the exception to raise, located at the key's line.
Fail = Callable[[str, str, str], Exception]
#: ``line(section, key)`` -> line number of the key (None when unknown).
Line = Callable[[str, str], "int | None"]


def parse_layout(
    table: object,
    parts: set[str],
    outputs: set[str],
    fail: Fail,
    line: Line,
) -> Layout:
    """Check and convert a ``[layout]`` table.

    Parameters
    ----------
    table : object
        The value of the ``layout`` key as read from TOML.
    parts : set of str
        Names that may be placed: gates, instances, inputs and clocks.
    outputs : set of str
        Output nets (keys of the ``outputs`` sub-table).
    fail, line : callables
        Build a located error / find a key's line (from the file reader).

    Raises
    ------
    Exception
        What ``fail`` builds, for the first problem found: not a table, an unknown name, a
        malformed position, an unknown facing, or two parts in one grid cell.
    """
    if not isinstance(table, dict):
        raise fail("[layout] must be a table of name = [column, row]", "", "layout")
    placed: dict[str, Placement] = {}
    lamps: dict[str, Placement] = {}
    taken: dict[tuple[int, int], str] = {}
    sub = table.get("outputs", {})
    if not isinstance(sub, dict):
        raise fail(
            "[layout] 'outputs' must be a table of output net = [column, row]", "layout", "outputs"
        )
    entries = [(False, "layout", k, v) for k, v in table.items() if k != "outputs"]
    for k, v in sub.items():  # [layout.outputs] header, or an inline outputs = { ... }
        located = line("layout.outputs", k) is not None
        entries.append((True, "layout.outputs" if located else "layout", k, v))
    for lamp, where, key, value in entries:
        at = key if where != "layout" or not lamp else "outputs"
        known = outputs if lamp else parts
        if key not in known:
            what = "an output net" if lamp else "a gate, instance, input or clock"
            raise fail(f"[layout]: {key!r} is not {what} of this circuit", where, at)
        p = _placement(key, value, _located(fail, where, at), line(where, at))
        label = f"lamp {key!r}" if lamp else repr(key)
        cell = (p.col, p.row)
        if cell in taken:
            raise fail(
                f"[layout]: {label} and {taken[cell]} are both at [{p.col}, {p.row}]", where, at
            )
        taken[cell] = label
        (lamps if lamp else placed)[key] = p
    return Layout(placed, lamps)


def _placement(
    key: str, value: object, fail: Callable[[str], Exception], at_line: int | None
) -> Placement:
    facing = "east"
    if isinstance(value, dict):
        extra = set(value) - {"at", "facing"}
        if extra:
            raise fail(f"[layout] {key!r}: unknown field {sorted(extra)[0]!r} (use at and facing)")
        facing = value.get("facing", "east")
        if facing not in FACINGS:
            raise fail(f"[layout] {key!r}: facing must be 'east' or 'west', not {facing!r}")
        value = value.get("at")
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and all(0 <= v <= MAX_CELL for v in value)
    )
    if not ok:
        raise fail(
            f"[layout] {key!r}: position must be [column, row], two whole numbers 0..{MAX_CELL}"
        )
    assert isinstance(value, list)
    return Placement(int(value[0]), int(value[1]), facing, at_line)


def _located(fail: Fail, section: str, key: str) -> Callable[[str], Exception]:
    """``fail`` with the place of the entry filled in."""

    def located(message: str) -> Exception:
        return fail(message, section, key)

    return located
