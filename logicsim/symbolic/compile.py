"""Derived formulas turned into code specs and into compiled NumPy functions (cached).

``code_spec(cell, what, n)`` says which function computes a formula and from which inputs:

=========  ==================================================  ==========================
what       arguments                                           result
=========  ==================================================  ==========================
step       x, h_prev[, c_prev], W_ih, W_hh, b                  new state (S,)
jacobian   x, h_prev[, c_prev], W_ih, W_hh, b                  d state / d prev state (S, S)
bptt       delta_next, e, x, h_prev[, c_prev], W_ih, W_hh, b   delta (S,)
product    xs, h_prevs[, c_prevs], W_ih, W_hh, b (per step)    dh[T]/dh[t] (n, n)
=========  ==================================================  ==========================

S = n for the RNN and 2n (h then c) for the LSTM.  In ``bptt`` the step arguments are those of
step t+1 (its input and the state h[t], c[t] it reads), ``delta_next`` = dL/d state[t+1] and
``e`` = the loss's direct gradient dL/dh[t]; the result is
:math:`\\delta_t = [e; 0] + J_{t+1}^\\top \\delta_{t+1}`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
import sympy as sp

from logicsim.symbolic.cells import derive, sigmoid
from logicsim.symbolic.codegen import CodeSpec, ProductLoop, is_matrix_arg
from logicsim.vocab import FORMULAS as WHATS

__all__ = ["WHATS", "code_spec", "compiled"]


def _vec(name: str, size: int) -> sp.Matrix:
    return sp.Matrix([sp.Symbol(f"{name}{k + 1}") for k in range(size)])


@lru_cache(maxsize=64)
def code_spec(cell: str, what: str, n: int) -> CodeSpec:
    """The function that evaluates ``what`` for ``cell`` at hidden size n."""
    d = derive(cell, n)
    S = d.state_size
    label = cell.upper()
    if what == "step":
        return CodeSpec(
            f"{cell}_step", f"One {label} step: the new state", d.args, d.state_out, vector=True
        )
    if what == "jacobian":
        return CodeSpec(
            f"{cell}_jacobian", f"{label} step Jacobian d state[t] / d state[t-1]", d.args,
            d.jacobian,
        )  # fmt: skip
    if what == "product":
        per_step = tuple(a for a, _ in d.args if a in ("x", "h_prev", "c_prev"))
        loop = ProductLoop(
            f"{cell}_product", per_step, n,
            f"{label} Jacobian product dh[T]/dh[t] = J_T ... J_(t+1)",
        )  # fmt: skip
        return CodeSpec(
            f"{cell}_step_jacobian", f"{label} step Jacobian d state[k] / d state[k-1]", d.args,
            d.jacobian, loop,
        )  # fmt: skip
    if what == "bptt":
        delta_next, e = _vec("delta_next", S), _vec("e", n)
        direct = sp.Matrix.vstack(e, sp.zeros(S - n, 1))  # (S, 1) loss touches h only
        expr = direct + d.jacobian.T * delta_next  # (S, 1)  delta_t = e + J^T delta_{t+1}
        return CodeSpec(
            f"{cell}_bptt", f"{label} BPTT step: dL/dstate[t] from dL/dstate[t+1]",
            (("delta_next", delta_next), ("e", e)) + d.args, expr, vector=True,
        )  # fmt: skip
    raise ValueError(f"unknown formula {what!r}")


def _nested(name: str, m: sp.Matrix) -> list:
    return m.tolist() if is_matrix_arg(name) else list(m)


@lru_cache(maxsize=64)
def compiled(cell: str, what: str, n: int) -> Callable[..., np.ndarray]:
    """``lambdify(modules="numpy", cse=True)`` of the formula; same arguments as its code spec.

    Returns
    -------
    callable
        Arrays in, ndarray out: (S,) for step/bptt, (S, S) for jacobian, (n, n) for product.
    """
    spec = code_spec(cell, what, n)
    exprs = spec.exprs.replace(sigmoid, lambda z: 1 / (1 + sp.exp(-z)))
    fn = sp.lambdify([_nested(a, m) for a, m in spec.args], exprs, modules="numpy", cse=True)
    names = [a for a, _ in spec.args]

    if spec.loop is None:
        if spec.vector:
            return lambda *args: np.asarray(fn(*args), dtype=float).reshape(-1)
        return lambda *args: np.asarray(fn(*args), dtype=float)

    per_step = spec.loop.per_step
    S, block = spec.exprs.shape[0], spec.loop.block

    def product(*args: np.ndarray) -> np.ndarray:
        """dh[T]/dh[t]: per-step arrays (xs, h_prevs, ...) hold one row per step t+1 .. T."""
        arrays = [np.asarray(a, dtype=float) for a in args]
        P = np.eye(S)  # (S, S)
        for k in range(len(arrays[0]) - 1, -1, -1):
            step_args = [a[k] if nm in per_step else a for nm, a in zip(names, arrays, strict=True)]
            P = P @ np.asarray(fn(*step_args), dtype=float)  # (S, S)  P = P J_k
        return P[:block, :block]

    return product
