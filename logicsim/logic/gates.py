r"""Gate primitives in Kleene's three-valued logic, on packed bit-planes.

Every function takes the planes of its inputs, ``vs`` and ``ks`` (sequences of equal-shaped
uint64 arrays or Python ints, see :mod:`logicsim.logic.values`) and returns the canonical
``(v, k)`` of the output.  With :math:`z_i = k_i \wedge \neg v_i` ("known 0"):

.. math::

    \mathrm{AND}: \; v = \textstyle\bigwedge_i v_i,\quad k = v \vee \bigvee_i z_i \qquad
    \mathrm{OR}: \; v = \bigvee_i v_i,\quad k = v \vee \bigwedge_i z_i

    \mathrm{XOR}: \; k = \textstyle\bigwedge_i k_i,\quad v = k \wedge \bigoplus_i v_i \qquad
    \mathrm{NOT}: \; k' = k,\quad v' = k \wedge \neg v

so AND(0, X) = 0, AND(1, X) = X, OR(1, X) = 1, NOT X = X.  The D flip-flop (``DFF``) is a
primitive with state; the simulator evaluates it (see :mod:`logicsim.logic.simulator`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Plane = Any  # numpy uint64 array or Python int; both support & | ^ ~
#: One plane per gate input: a list of planes, or the rows of an (n_inputs, W) uint64 array.
Planes = Sequence[Plane] | np.ndarray
#: A stateless gate: input value and known planes -> output ``(value, known)`` planes.
GateFn = Callable[[Planes, Planes], tuple[Plane, Plane]]


def _and(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    one = vs[0]
    zero = ks[0] & ~vs[0]
    for v, k in zip(vs[1:], ks[1:], strict=True):
        one = one & v
        zero = zero | (k & ~v)
    return one, one | zero


def _or(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    one = vs[0]
    zero = ks[0] & ~vs[0]
    for v, k in zip(vs[1:], ks[1:], strict=True):
        one = one | v
        zero = zero & (k & ~v)
    return one, one | zero


def _xor(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    val = vs[0]
    known = ks[0]
    for v, k in zip(vs[1:], ks[1:], strict=True):
        val = val ^ v
        known = known & k
    return val & known, known


def _not(v: Plane, k: Plane) -> tuple[Plane, Plane]:
    return k & ~v, k


def _negated(fn: Callable) -> Callable:
    def gate(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
        return _not(*fn(vs, ks))

    return gate


def _buf(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    return vs[0], ks[0]


def _inv(vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    return _not(vs[0], ks[0])


#: op name -> (fewest inputs, most inputs or None for any, evaluation function)
OPS: dict[str, tuple[int, int | None, GateFn | None]] = {
    "BUF": (1, 1, _buf),
    "NOT": (1, 1, _inv),
    "AND": (2, None, _and),
    "OR": (2, None, _or),
    "NAND": (2, None, _negated(_and)),
    "NOR": (2, None, _negated(_or)),
    "XOR": (2, None, _xor),
    "XNOR": (2, None, _negated(_xor)),
    "DFF": (2, 2, None),  # inputs [D, C]: Q <- D on a rising edge of C
}

#: Ops whose output has memory (evaluated by the simulator, not by a pure function).
STATEFUL = frozenset({"DFF"})

#: Role of each DFF input, for views and error messages.
DFF_PINS = ("D", "C")


def arity_text(op: str) -> str:
    """Human description of how many inputs ``op`` takes, e.g. ``'exactly 1'``, ``'2 or more'``."""
    lo, hi, _ = OPS[op]
    return f"exactly {lo}" if lo == hi else f"{lo} or more"


def evaluate(op: str, vs: Planes, ks: Planes) -> tuple[Plane, Plane]:
    """Output planes ``(v, k)`` of a stateless gate ``op`` for input planes ``vs, ks``."""
    fn = OPS[op][2]
    if fn is None:
        raise ValueError(f"{op} has state; the simulator evaluates it")
    return fn(vs, ks)


def evaluate_known(op: str, vs: Planes) -> Plane:
    """Two-valued fast path: output value plane when every input is known.

    Used by the packed truth table, where one bitwise op per input evaluates 64 rows.
    """
    out = vs[0]
    if op in ("AND", "NAND"):
        for v in vs[1:]:
            out = out & v
    elif op in ("OR", "NOR"):
        for v in vs[1:]:
            out = out | v
    elif op in ("XOR", "XNOR"):
        for v in vs[1:]:
            out = out ^ v
    elif op not in ("BUF", "NOT"):
        raise ValueError(f"{op} has no two-valued evaluation")
    if op in ("NOT", "NAND", "NOR", "XNOR"):
        out = ~out
    return out
