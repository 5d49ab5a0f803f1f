r"""Boolean formulas of combinational circuits via sympy (imported lazily).

For each output the rows where it is 1 (minterms) are collected from the packed truth table and
minimised with ``sympy.simplify_logic(..., form="dnf")`` into a sum of products, e.g. the full
adder's carry :math:`C_{out} = (A \wedge B) \vee (A \wedge C_{in}) \vee (B \wedge C_{in})`.
:func:`check_expressions` evaluates every formula on every row with NumPy (no ``lambdify``) and
compares with the simulation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.logic.circuit import Circuit

#: sympy's exact minimisation is exponential; beyond this many inputs we refuse.
MAX_EXPR_INPUTS = 10


def _symbols(circuit: Circuit) -> list[Any]:
    import sympy

    return [sympy.Symbol(name) for name in circuit.inputs]


def expressions(circuit: Circuit) -> dict[str, Any]:
    """Output name -> minimal sum-of-products sympy expression over the input symbols."""
    import sympy
    from sympy.logic.boolalg import SOPform

    n = len(circuit.inputs)
    if n > MAX_EXPR_INPUTS:
        raise LogicsimError(
            f"circuit {circuit.key!r} has {n} inputs; formulas stop at {MAX_EXPR_INPUTS}"
        )
    table = circuit.truth_table()
    syms = _symbols(circuit)
    out = {}
    for j, name in enumerate(circuit.outputs):
        minterms = [list(map(int, row)) for row in table.inputs[table.outputs[:, j] == 1]]
        if not minterms:
            expr = sympy.false
        elif len(minterms) == len(table):
            expr = sympy.true
        else:
            expr = sympy.simplify_logic(SOPform(syms, minterms), form="dnf", force=True)
        out[name] = expr
    return out


def evaluate(expr: Any, columns: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluate a sympy Boolean expression on arrays of 0/1 (one per symbol name)."""
    import sympy
    from sympy.logic import boolalg

    if expr is sympy.true or expr is True:
        return np.ones(len(next(iter(columns.values()))), dtype=bool)
    if expr is sympy.false or expr is False:
        return np.zeros(len(next(iter(columns.values()))), dtype=bool)
    if isinstance(expr, sympy.Symbol):
        return columns[expr.name].astype(bool)
    args = [evaluate(a, columns) for a in expr.args]
    if isinstance(expr, boolalg.Not):
        return ~args[0]
    if isinstance(expr, boolalg.And):
        return np.logical_and.reduce(args)
    if isinstance(expr, boolalg.Or):
        return np.logical_or.reduce(args)
    if isinstance(expr, boolalg.Xor):
        return np.logical_xor.reduce(args)
    raise LogicsimError(f"cannot evaluate {type(expr).__name__}")


def check_expressions(circuit: Circuit, exprs: dict[str, Any] | None = None) -> bool:
    """True when every formula equals the simulated output on every row of the truth table."""
    exprs = expressions(circuit) if exprs is None else exprs
    table = circuit.truth_table()
    cols = {n: table.inputs[:, i] for i, n in enumerate(circuit.inputs)}
    if not cols:
        cols = {"_": np.zeros(len(table), dtype=np.uint8)}
    for j, name in enumerate(circuit.outputs):
        if not np.array_equal(evaluate(exprs[name], cols), table.outputs[:, j].astype(bool)):
            return False
    return True


def expressions_latex(circuit: Circuit) -> str:
    """All formulas as one LaTeX ``align*`` environment."""
    import sympy

    lines = []
    for name, expr in expressions(circuit).items():
        lines.append(f"  {sympy.latex(sympy.Symbol(name))} &= {sympy.latex(expr)}")
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}\n"
