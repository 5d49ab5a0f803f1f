"""Symbolic derivations of the cells' step equations, Jacobians and BPTT, and their exports.

sympy is imported only when a formula is first asked for: importing this package is free, so the
app starts without sympy.

>>> from logicsim.symbolic import formula
>>> f = formula("rnn", "jacobian", n=1)
>>> print(f.unicode.splitlines()[0])
∂hₜ/∂hₜ₋₁ = diag(1 − hₜ ⊙ hₜ) Wₕₕ
>>> sorted(FORMATS)
['c', 'latex', 'mathml', 'numpy', 'octave', 'svg', 'unicode']
"""

from __future__ import annotations

from typing import Any

from logicsim.vocab import CELLS
from logicsim.vocab import FORMULA_FORMATS as FORMATS
from logicsim.vocab import FORMULAS as WHATS

__all__ = ["CELLS", "FORMATS", "WHATS", "Formula", "compiled", "derive", "formula"]

_LAZY = {
    "Formula": "logicsim.symbolic.formulas",
    "compiled": "logicsim.symbolic.compile",
    "code_spec": "logicsim.symbolic.compile",
    "derive": "logicsim.symbolic.cells",
}


def formula(cell: str = "rnn", what: str = "jacobian", n: int = 1) -> Any:
    """The derived formula ``what`` ("step", "jacobian", "product", "bptt") of ``cell``.

    Returns a cached :class:`~logicsim.symbolic.formulas.Formula` with ``.unicode``, ``.latex``,
    ``.mathml``, ``.export(fmt)`` and ``.write(path, fmt, overwrite=False)``.  Imports sympy on
    first use.
    """
    from logicsim.symbolic.formulas import formula as _formula

    return _formula(cell, what, n)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'logicsim.symbolic' has no attribute {name!r}")
