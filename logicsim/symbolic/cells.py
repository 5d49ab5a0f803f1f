"""The step equations of the RNN and LSTM cells as sympy expressions, and what follows from them.

Everything here is *derived*: the step is written once, element by element, and the Jacobian
comes from ``Matrix.jacobian``; nothing is typed in as an answer.  Two views of every result are
kept:

* **full** expressions in the inputs (``x``, ``h_prev``, ``c_prev``, weights, bias), used to
  compile and to generate code;
* **display** expressions in which the gate activations, pre-activations and the new cell state
  are replaced by their own symbols (``i_t``, ``a_t``, ``c_t`` ...) so formulas stay readable.

Conventions follow PyTorch: weights ``W_ih`` (G n, n) and ``W_hh`` (G n, n) with G = 1 (RNN) or 4
(LSTM, gate order i, f, g, o); one bias ``b = b_ih + b_hh`` of length G n.  The input size equals
the hidden size n.  This module imports sympy and is itself only imported on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy as sp

__all__ = ["MAX_N", "Derivation", "derive", "sigmoid"]

#: Largest explicit size offered (explicit LSTM Jacobians grow as (2n)^2 entries of 4n terms).
MAX_N = 4

GATES = ("i", "f", "g", "o")


class sigmoid(sp.Function):  # noqa: N801  (sympy prints the class name: "sigma" -> σ)
    """Logistic function :math:`\\sigma(z) = 1 / (1 + e^{-z})`.

    Its derivative is :math:`\\sigma' = \\sigma(1-\\sigma)`.
    """

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z: sp.Expr, **kwargs) -> sp.Expr:
        return 1 / (1 + sp.exp(-z))

    def _latex(self, printer, exp=None) -> str:
        body = r"\sigma\left(" + printer._print(self.args[0]) + r"\right)"
        return body if exp is None else body + "^{" + exp + "}"


sigmoid.__name__ = "sigma"  # pretty and MathML print the Greek letter


def _sub(name: str, k: int | None, time: str) -> str:
    """Symbol name ``name`` with component k (1-based, omitted for n = 1) and time subscript."""
    base = name if k is None else f"{name}{k}"
    return f"{base}_{time}" if time else base


def _vec(name: str, n: int, time: str) -> sp.Matrix:
    return sp.Matrix([sp.Symbol(_sub(name, None if n == 1 else k + 1, time)) for k in range(n)])


def _mat(name: str, rows: int, n: int, scalar: str) -> sp.Matrix:
    if rows == 1 and n == 1:
        return sp.Matrix([[sp.Symbol(scalar)]])
    return sp.Matrix(rows, n, lambda r, c: sp.Symbol(f"{name}{r + 1}{c + 1}"))


@dataclass(frozen=True)
class Derivation:
    """The derived step of one cell at one size (cached by :func:`derive`)."""

    cell: str  # "rnn" or "lstm"
    n: int  # hidden size (= input size)
    args: tuple  # ((name, sympy Matrix of symbols), ...) inputs of the step, in call order
    state_in: sp.Matrix  # (S, 1) h_prev (RNN) or [h_prev; c_prev] (LSTM)
    state_out: sp.Matrix  # (S, 1) full expressions of h (RNN) or [h; c] (LSTM)
    jacobian: sp.Matrix  # (S, S) full d state_out / d state_in
    definitions: tuple  # ((display symbol, display rhs), ...) the step as readable equations
    display_maps: tuple  # dicts full sub-expression -> display symbol, applied in order
    display_jacobian: sp.Matrix  # (S, S) jacobian written with the display symbols
    shift_next: dict  # display symbol at step t -> the same at step t+1 (BPTT)
    shift_k: dict  # display symbol at step t -> the same at a generic step k (products)

    @property
    def state_size(self) -> int:
        """S = n (RNN) or 2n (LSTM)."""
        return self.state_in.shape[0]

    def blocks(self, display: bool = True) -> dict[str, sp.Matrix]:
        """LSTM Jacobian blocks ``dh/dh``, ``dh/dc``, ``dc/dh``, ``dc/dc`` (each (n, n)).

        For the RNN the only block is ``dh/dh``.
        """
        J = self.display_jacobian if display else self.jacobian
        n = self.n
        if self.cell == "rnn":
            return {"dh/dh": J}
        return {"dh/dh": J[:n, :n], "dh/dc": J[:n, n:], "dc/dh": J[n:, :n], "dc/dc": J[n:, n:]}


def _rnn(n: int) -> Derivation:
    x, h_prev = _vec("x", n, "t"), _vec("h", n, "t-1")
    W_ih, W_hh = _mat("W_ih", n, n, "w_ih"), _mat("W_hh", n, n, "w_hh")
    b = _vec("b", n, "")
    a = W_ih * x + W_hh * h_prev + b  # (n, 1)  a_t = W_ih x_t + W_hh h_{t-1} + b
    h = a.applyfunc(sp.tanh)  # (n, 1)  h_t = tanh(a_t)
    J = h.jacobian(h_prev)  # (n, n)  derived, = diag(1 - tanh^2 a_t) W_hh
    a_sym, h_sym = _vec("a", n, "t"), _vec("h", n, "t")
    amap = {a[k]: a_sym[k] for k in range(n)}
    defs = tuple((a_sym[k], a[k]) for k in range(n)) + tuple(
        (h_sym[k], sp.tanh(a_sym[k])) for k in range(n)
    )
    shift = {a_sym[k]: _vec("a", n, "t+1")[k] for k in range(n)}
    shift_k = {a_sym[k]: _vec("a", n, "k")[k] for k in range(n)}
    args = (("x", x), ("h_prev", h_prev), ("W_ih", W_ih), ("W_hh", W_hh), ("b", b))
    return Derivation("rnn", n, args, h_prev, h, J, defs, (amap,), J.xreplace(amap), shift, shift_k)


def _lstm(n: int) -> Derivation:
    x, h_prev, c_prev = _vec("x", n, "t"), _vec("h", n, "t-1"), _vec("c", n, "t-1")
    W_ih = sp.Matrix.vstack(*[_mat(f"W_i{g}", n, n, f"w_i{g}") for g in GATES])  # (4n, n)
    W_hh = sp.Matrix.vstack(*[_mat(f"W_h{g}", n, n, f"w_h{g}") for g in GATES])  # (4n, n)
    b = sp.Matrix.vstack(*[_vec(f"b_{g}", n, "") if n == 1 else
                           sp.Matrix([sp.Symbol(f"b{k + 1}_{g}") for k in range(n)])
                           for g in GATES])  # fmt: skip  # (4n, 1)
    z = W_ih * x + W_hh * h_prev + b  # (4n, 1) pre-activations, blocks i, f, g, o
    zi, zf, zg, zo = (z[k * n : (k + 1) * n, 0] for k in range(4))
    i = zi.applyfunc(sigmoid)  # (n, 1)
    f = zf.applyfunc(sigmoid)
    g = zg.applyfunc(sp.tanh)
    o = zo.applyfunc(sigmoid)
    c = f.multiply_elementwise(c_prev) + i.multiply_elementwise(g)  # c_t = f c_{t-1} + i g
    h = o.multiply_elementwise(c.applyfunc(sp.tanh))  # h_t = o tanh(c_t)
    state_in = sp.Matrix.vstack(h_prev, c_prev)  # (2n, 1)
    state_out = sp.Matrix.vstack(h, c)  # (2n, 1)
    J = state_out.jacobian(state_in)  # (2n, 2n) derived
    sym = {name: _vec(name, n, "t") for name in ("i", "f", "g", "o", "c", "h")}
    gate_map = {}
    for name, vals in (("i", i), ("f", f), ("g", g), ("o", o)):
        gate_map.update({vals[k]: sym[name][k] for k in range(n)})
    c_disp = c.xreplace(gate_map)
    cell_map = {c_disp[k]: sym["c"][k] for k in range(n)}
    defs = []
    for name, zz, fn in (("i", zi, sigmoid), ("f", zf, sigmoid), ("g", zg, sp.tanh),
                         ("o", zo, sigmoid)):  # fmt: skip
        defs += [(sym[name][k], fn(zz[k])) for k in range(n)]
    defs += [(sym["c"][k], c_disp[k]) for k in range(n)]
    defs += [(sym["h"][k], sym["o"][k] * sp.tanh(sym["c"][k])) for k in range(n)]
    shift, shift_k = {}, {}
    for name in ("i", "f", "g", "o", "c"):
        shift.update({sym[name][k]: _vec(name, n, "t+1")[k] for k in range(n)})
        shift_k.update({sym[name][k]: _vec(name, n, "k")[k] for k in range(n)})
    # after the shift, c_{t-1} in the Jacobian is the state of the previous step
    shift.update({c_prev[k]: _vec("c", n, "t")[k] for k in range(n)})
    shift_k.update({c_prev[k]: _vec("c", n, "k-1")[k] for k in range(n)})
    args = (("x", x), ("h_prev", h_prev), ("c_prev", c_prev), ("W_ih", W_ih), ("W_hh", W_hh),
            ("b", b))  # fmt: skip
    disp = J.xreplace(gate_map).xreplace(cell_map)
    return Derivation(
        "lstm",
        n,
        args,
        state_in,
        state_out,
        J,
        tuple(defs),
        (gate_map, cell_map),
        disp,
        shift,
        shift_k,
    )


@lru_cache(maxsize=16)
def derive(cell: str, n: int = 1) -> Derivation:
    """Derive the step and Jacobian of ``cell`` ("rnn" or "lstm") for hidden size n (cached)."""
    if cell not in _DERIVATIONS:
        raise ValueError(f"unknown cell {cell!r}")
    return _DERIVATIONS[cell](n)


#: Cell kind (logicsim.vocab.CELLS) -> its derivation.
_DERIVATIONS = {"rnn": _rnn, "lstm": _lstm}
