"""The formula pane: which derivation is on screen, its text, and export to a file.

The choice (cell, what, n) is plain data; the formula itself comes from
``logicsim.symbolic.formula(cell=..., what=..., n=...)`` and is computed only when first read,
so building a workbench (and starting the app) never imports sympy.
"""

from __future__ import annotations

import os
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.files import write_atomic
from logicsim.vocab import FORMULA_FORMATS

#: Export formats the pane offers.
FORMATS = FORMULA_FORMATS


class FormulaBench:
    """Formula choice plus lazy text (see ``docs/workbench.md``)."""

    SETTINGS = ("cell", "what", "n")

    def __init__(self) -> None:
        self.changed = Event()
        self.cell = "rnn"  # "rnn" | "lstm"
        self.what = "step"  # "step" | "jacobian" | "product" | "bptt"
        self.n = 1  # hidden size of the symbolic formula
        self._formula: Any = None  # cached Formula for the current choice
        self.last_export: str | None = None  # path of the last written file

    def update(self, **settings: Any) -> None:
        """Change the choice; the formula is recomputed lazily on next read."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"formula pane has no setting {key!r}")
        for key, value in settings.items():
            setattr(self, key, value)
        self._formula = None
        self.changed.emit("formula")

    @property
    def formula(self) -> Any:
        """The ``logicsim.symbolic`` Formula for the current choice (imports sympy on first use)."""
        if self._formula is None:
            self._formula = _symbolic_formula()(cell=self.cell, what=self.what, n=self.n)
        return self._formula

    @property
    def text(self) -> str:
        """Unicode pretty-print of the formula."""
        return str(self.formula.unicode)

    @property
    def latex(self) -> str:
        """LaTeX source of the formula."""
        return str(self.formula.latex)

    def export(self, fmt: str) -> str:
        """The formula as text in ``fmt`` (one of :data:`FORMATS`)."""
        if fmt not in FORMATS:
            raise LogicsimError(
                f"unknown formula format {fmt!r}; choose one of {', '.join(FORMATS)}"
            )
        return str(self.formula.export(fmt))

    def write(self, path: str | os.PathLike[str], fmt: str, overwrite: bool = False) -> str:
        """Write the formula to ``path`` atomically; refuses to replace a file unless ``overwrite``.

        Returns the path written.
        """
        text = self.export(fmt)
        path = os.fspath(
            write_atomic(path, text if text.endswith("\n") else text + "\n", overwrite=overwrite)
        )
        self.last_export = path
        self.changed.emit("exported")
        return path

    def get_state(self) -> dict[str, Any]:
        """Plain-data choice (and the path of the last export)."""
        return {**{k: getattr(self, k) for k in self.SETTINGS}, "last_export": self.last_export}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore the choice (the formula is recomputed lazily, from sympy's cache)."""
        self.last_export = state.get("last_export")
        self.update(**{k: state[k] for k in self.SETTINGS})

    def export_info(self) -> dict[str, Any]:
        """The last export: ``{"written": bool, "name": str, "bytes": int, "text": str}``."""
        path = self.last_export
        if path is None:
            raise LogicsimError("no formula has been exported yet (act export_formula)")
        if not os.path.isfile(path):
            return {"written": False, "name": os.path.basename(path), "bytes": 0, "text": ""}
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(200_000)
        return {
            "written": True,
            "name": os.path.basename(path),
            "bytes": os.path.getsize(path),
            "text": text,
        }


def unit_values(recurrent: Any, t: int | None = None) -> dict[str, float]:
    """Numbers of unit 1 at step t of a recurrent bench, named as the scalar formulas' symbols.

    The scalar (n = 1) Jacobian evaluated with these numbers is exactly the (1, 1) entry of each
    block of the bench's step Jacobian: the gates act element by element, so that entry involves
    only unit 1's gate values and the (1, 1) entries of the recurrent weight blocks.

    Parameters
    ----------
    recurrent : logicsim.workbench.recurrent_bench.RecurrentBench
    t : int, optional
        Step 1..T (default: the bench's current step, at least 1).

    Returns
    -------
    dict
        ``h_t``, ``h_t-1`` and, for the RNN, ``a_t`` and ``w_hh``; for the LSTM the gate values
        ``i_t f_t g_t o_t``, ``c_t``, ``c_t-1`` and the weights ``w_hi w_hf w_hg w_ho``.
    """
    t = max(1, recurrent.time if t is None else int(t))
    t = min(t, recurrent.T)
    H = recurrent.hidden_size
    W = recurrent.cell.state_dict()["weight_hh_l0"]  # (G H, H), gate blocks i, f, g, o
    out = {"h_t": float(recurrent.h[t][0]), "h_t-1": float(recurrent.h[t - 1][0])}
    if recurrent.cell_type == "rnn":
        out.update({"a_t": float(recurrent.gates["a"][t - 1][0]), "w_hh": float(W[0, 0])})
        return out
    for k, gate in enumerate(("i", "f", "g", "o")):
        out[f"{gate}_t"] = float(recurrent.gates[gate][t - 1][0])
        out[f"w_h{gate}"] = float(W[k * H, 0])
    out["c_t"], out["c_t-1"] = float(recurrent.c[t][0]), float(recurrent.c[t - 1][0])
    return out


def _symbolic_formula() -> Any:
    """``logicsim.symbolic.formula`` the function (importing the submodule of the same name
    rebinds the package attribute to the module, so look through it when that happened)."""
    import types

    import logicsim.symbolic as symbolic

    fn = symbolic.formula
    if isinstance(fn, types.ModuleType):
        fn = fn.formula
    return fn
