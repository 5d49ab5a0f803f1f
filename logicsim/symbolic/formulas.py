"""Readable formulas (LaTeX, MathML, Unicode) and code exports of the derived equations.

``formula(cell, what, n)`` returns a :class:`Formula`; the GUI's formula pane shows
``.unicode`` / ``.latex`` and offers ``.export(fmt)`` / ``.write(path, fmt)``.  The Jacobian
product is shown as the compact matrix product :math:`D_T W_{hh} D_{T-1} W_{hh} \\cdots
D_{t+1} W_{hh}` (never expanded); only its factor :math:`D_k` is derived and printed.
"""

from __future__ import annotations

import html.entities
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import sympy as sp

from logicsim.errors import LogicsimError
from logicsim.files import write_atomic
from logicsim.symbolic.cells import MAX_N, derive
from logicsim.symbolic.codegen import c_code, numpy_code, octave_code
from logicsim.symbolic.compile import WHATS, code_spec
from logicsim.vocab import CELLS
from logicsim.vocab import FORMULA_FORMATS as FORMATS

__all__ = ["CELLS", "FORMATS", "WHATS", "Formula", "formula"]

#: File name extension of each export format.
EXTENSIONS = {"latex": ".tex", "mathml": ".mml", "unicode": ".txt", "numpy": ".py", "c": ".c",
              "octave": ".m"}  # fmt: skip

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"


@dataclass(frozen=True)
class Formula:
    """One derived formula with its printed forms and code exports."""

    cell: str  # "rnn" or "lstm"
    what: str  # "step", "jacobian", "product" or "bptt"
    n: int  # hidden size of the explicit form
    description: str  # one paragraph saying what the symbols mean
    equations: tuple  # ((lhs, rhs), ...) sympy expressions shown line by line
    latex_names: dict = field(default_factory=dict)  # symbol -> LaTeX for left-hand sides
    lead: dict | None = None  # {"latex", "unicode", "mathml"}: a first line sympy cannot express

    # ---- printed forms ------------------------------------------------------------------------
    @cached_property
    def latex(self) -> str:
        """LaTeX math (an ``aligned`` block; wrap it in ``$$ ... $$`` or ``equation*``)."""
        symbols = set()
        for lhs, rhs in self.equations:
            symbols |= lhs.free_symbols | rhs.free_symbols
        names = {s: _latex_name(s.name) for s in symbols if isinstance(s, sp.Symbol)}
        names = {s: v for s, v in names.items() if v is not None} | self.latex_names
        rows = [self.lead["latex"]] if self.lead else []
        rows += [
            sp.latex(lhs, symbol_names=names) + " &= " + sp.latex(rhs, symbol_names=names)
            for lhs, rhs in self.equations
        ]
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    @cached_property
    def unicode(self) -> str:
        """Unicode pretty-print, one equation per paragraph."""
        blocks = [self.lead["unicode"]] if self.lead else []
        blocks += [
            sp.pretty(sp.Eq(lhs, rhs, evaluate=False), use_unicode=True, wrap_line=False)
            for lhs, rhs in self.equations
        ]
        return "\n\n".join(blocks)

    @cached_property
    def mathml(self) -> str:
        """Presentation MathML: a ``<math>`` element holding one table row per equation."""
        rows = [self.lead["mathml"]] if self.lead else []
        rows += [_mml(lhs) + "<mo>=</mo>" + _mml(rhs) for lhs, rhs in self.equations]
        body = "".join(f"<mtr><mtd><mrow>{r}</mrow></mtd></mtr>" for r in rows)
        return f'<math xmlns="{_MATHML_NS}" display="block"><mtable>{body}</mtable></math>'

    # ---- exports -------------------------------------------------------------------------------
    def export(self, fmt: str) -> str:
        """The formula as text in ``fmt`` (one of :data:`FORMATS`)."""
        if fmt == "latex":
            return self.latex + "\n"
        if fmt == "mathml":
            return self.mathml + "\n"
        if fmt == "unicode":
            return self.unicode + "\n"
        if fmt in ("numpy", "c", "octave"):
            return _code(self.cell, self.what, self.n, fmt)
        raise LogicsimError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

    def write(self, path: str | os.PathLike, fmt: str, overwrite: bool = False) -> Path:
        """Write :meth:`export` to ``path`` atomically (temporary file, then rename).

        Raises
        ------
        LogicsimError
            ``path`` exists and ``overwrite`` is False, or ``fmt`` is unknown.
        """
        text = self.export(fmt)
        return write_atomic(path, text, overwrite=overwrite)


_XML_ENTITIES = {"lt", "gt", "amp", "quot", "apos"}


_WEIGHT = re.compile(r"^(W_[a-z]+)(\d)(\d)$")  # W_hh12 -> W_{hh,12}
_COMPONENT = re.compile(r"^([^\W\d_]+)(\d+)_(.+)$")  # a1_t-1 -> a_{1,t-1}; b2_f -> b_{2,f}


def _latex_name(name: str) -> str | None:
    """LaTeX for the component symbols of the explicit forms (None: sympy's default is fine)."""
    delta = "\\delta "
    m = _WEIGHT.match(name)
    if m:
        return m.group(1)[:1] + "_{" + m.group(1)[2:] + "," + m.group(2) + m.group(3) + "}"
    m = _COMPONENT.match(name)
    if m:
        return m.group(1).replace("δ", delta) + "_{" + m.group(2) + "," + m.group(3) + "}"
    if "δ" in name:
        head, _, sub = name.replace("δ", delta).partition("_")
        return head + "_{" + sub + "}" if sub else head
    return None


def _mml(expr) -> str:
    """Presentation MathML with HTML named entities (``&InvisibleTimes;``) made plain XML."""
    text = sp.mathml(expr, printer="presentation")

    def plain(m: re.Match) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        char = html.entities.html5.get(name + ";")
        return "".join(f"&#x{ord(c):X};" for c in char) if char else m.group(0)

    return re.sub(r"&([A-Za-z][A-Za-z0-9]*);", plain, text)


@lru_cache(maxsize=128)
def _code(cell: str, what: str, n: int, fmt: str) -> str:
    spec = code_spec(cell, what, n)
    return {"numpy": numpy_code, "c": c_code, "octave": octave_code}[fmt](spec)


def _check(cell: str, what: str, n: int) -> None:
    if cell not in CELLS:
        raise LogicsimError(f"unknown cell {cell!r}; choose one of {', '.join(CELLS)}")
    if what not in WHATS:
        raise LogicsimError(f"unknown formula {what!r}; choose one of {', '.join(WHATS)}")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise LogicsimError(f"n must be a whole number from 1 to {MAX_N}, got {n!r}")


@lru_cache(maxsize=64)
def formula(cell: str = "rnn", what: str = "jacobian", n: int = 1) -> Formula:
    """The derived formula ``what`` of ``cell`` written out for hidden size n (cached).

    Parameters
    ----------
    cell : {"rnn", "lstm"}
    what : {"step", "jacobian", "product", "bptt"}
    n : int
        1 gives the scalar form; 2..4 explicit small matrices.

    Returns
    -------
    Formula
    """
    _check(cell, what, n)
    d = derive(cell, n)
    return _BUILDERS[what](d)


# ---- builders ------------------------------------------------------------------------------

_SYMBOLS = (
    "x_t input, h_{t-1} previous hidden state, W_ih / W_hh input / recurrent weights "
    "(w_.. when n = 1), b = b_ih + b_hh"
)


def _step(d) -> Formula:
    if d.cell == "rnn":
        text = f"Vanilla RNN step ({_SYMBOLS}): a_t is the pre-activation, h_t = tanh(a_t)."
    else:
        text = (
            f"LSTM step ({_SYMBOLS}, c_{{t-1}} previous cell): input gate i, forget gate f, "
            "candidate g, output gate o (PyTorch order i, f, g, o); σ is the logistic sigmoid."
        )
    return Formula(d.cell, "step", d.n, text, d.definitions)


def _jac_lhs(cell: str) -> tuple[sp.Symbol, str]:
    if cell == "rnn":
        return sp.Symbol("∂h[t]/∂h[t-1]"), r"\frac{\partial h_t}{\partial h_{t-1}}"
    return (sp.Symbol("∂(h,c)[t]/∂(h,c)[t-1]"),
            r"\frac{\partial (h_t, c_t)}{\partial (h_{t-1}, c_{t-1})}")  # fmt: skip


def _jacobian(d) -> Formula:
    lhs, tex = _jac_lhs(d.cell)
    if d.cell == "rnn":
        text = ("Jacobian of one RNN step, derived from h_t = tanh(a_t): "
                "diag(1 - tanh²(a_t)) W_hh, written out element by element.")  # fmt: skip
        J = d.display_jacobian[0, 0] if d.n == 1 else d.display_jacobian
        eqs = ((lhs, J),) + d.definitions[: d.n]
    else:
        text = ("Jacobian of one LSTM step with respect to the state (h, c); rows and columns "
                "are h then c. Blocks: ∂h/∂h, ∂h/∂c (top), ∂c/∂h, ∂c/∂c = diag(f_t) (bottom), "
                "in terms of the gate values defined below.")  # fmt: skip
        eqs = ((lhs, d.display_jacobian),) + d.definitions
    return Formula(d.cell, "jacobian", d.n, text, eqs, {lhs: tex})


def _bptt(d) -> Formula:
    n, S = d.n, d.state_size
    J_next = d.display_jacobian.xreplace(d.shift_next)  # Jacobian of step t+1
    prefixes = ["δ"] if d.cell == "rnn" else ["δh", "δc"]

    def vec(time: str) -> sp.Matrix:
        return sp.Matrix([sp.Symbol(f"{p}_{time}" if n == 1 else f"{p}{k + 1}_{time}")
                          for p in prefixes for k in range(n)])  # fmt: skip

    delta, delta_next = vec("t"), vec("t+1")
    e = sp.Matrix([sp.Symbol("e_t" if n == 1 else f"e{k + 1}_t") for k in range(n)])
    direct = sp.Matrix.vstack(e, sp.zeros(S - n, 1))
    rhs = direct + J_next.T * delta_next  # (S, 1) the chain rule through step t+1
    text = ("Backpropagation through time, one step back: δ = dL/d(state) in total, e_t = the "
            "loss's direct gradient ∂ℓ/∂h_t; δ_t = e_t + (∂state[t+1]/∂state[t])ᵀ δ_{t+1}, "
            "the Jacobian being that of step t+1 (symbols with index t+1).")  # fmt: skip
    eq = (delta[0], rhs[0]) if S == 1 else (delta, rhs)  # scalar RNN: no 1x1 brackets
    return Formula(d.cell, "bptt", n, text, (eq,))


def _product(d) -> Formula:
    n = d.n
    lhs = sp.Symbol("∂h[T]/∂h[t]")
    lhs_tex = r"\frac{\partial h_T}{\partial h_t}"
    k, t, T = sp.symbols("k t T", integer=True)
    J_k = d.display_jacobian.xreplace(d.shift_k)  # the derived Jacobian at a generic step k
    if d.cell == "rnn" and n == 1:
        text = ("Sensitivity of h_T to h_t for the scalar RNN: the product of the T - t step "
                "Jacobians w_hh (1 - tanh²(a_k)).")  # fmt: skip
        eqs = ((lhs, sp.Product(J_k[0, 0], (k, t + 1, T))),)
        return Formula(d.cell, "product", n, text, eqs, {lhs: lhs_tex})
    if d.cell == "rnn":
        # the step Jacobian factors as D_k W_hh: derive D_k = dh_k/da_k and check the factoring
        W_hh = dict(d.args)["W_hh"]
        a_k = [J_k[r, 0].atoms(sp.tanh).pop().args[0] for r in range(n)]
        D_k = sp.diag(*[sp.diff(sp.tanh(a), a) for a in a_k])
        assert sp.simplify(J_k - D_k * W_hh) == sp.zeros(n, n)
        D = sp.Symbol("D_k")
        lead = _lead_chain("D", r"W_{hh}", "Wₕₕ", "<msub><mi>W</mi><mi>hh</mi></msub>", lhs_tex,
                           lhs.name)  # fmt: skip
        text = (
            "Sensitivity of h_T to h_t for the RNN: the ordered product of the step "
            "Jacobians D_k W_hh, k = T down to t+1, kept as a product (never expanded)."
        )
        return Formula(d.cell, "product", n, text, ((D, D_k),), {}, lead)
    Jk = sp.Symbol("J_k")
    lead = _lead_lstm(n, lhs_tex, lhs.name)
    text = ("Sensitivity of h_T to h_t for the LSTM: the h-h block of the ordered product of "
            "the (h, c) step Jacobians J_k (k = T down to t+1), kept as a product. J_k is the "
            "step Jacobian at step k, with gate values of step k.")  # fmt: skip
    return Formula(d.cell, "product", n, text, ((Jk, J_k),), {}, lead)


def _lead_chain(D: str, W_tex: str, W_uni: str, W_mml: str, lhs_tex: str, lhs_uni: str) -> dict:
    """The line  ∂h[T]/∂h[t] = D_T W D_{T-1} W ⋯ D_{t+1} W  in the three display formats."""
    latex = lhs_tex + rf" &= {D}_{{T}} {W_tex} \, {D}_{{T-1}} {W_tex} \cdots {D}_{{t+1}} {W_tex}"
    uni = f"{lhs_uni} = {D}[T]·{W_uni} · {D}[T-1]·{W_uni} ⋯ {D}[t+1]·{W_uni}"

    def sub(idx: str) -> str:
        return f"<msub><mi>{D}</mi><mrow>{idx}</mrow></msub>{W_mml}"

    mml = ("<mi>∂h[T]/∂h[t]</mi><mo>=</mo>" + sub("<mi>T</mi>")
           + sub("<mi>T</mi><mo>-</mo><mn>1</mn>") + "<mo>⋯</mo>"
           + sub("<mi>t</mi><mo>+</mo><mn>1</mn>"))  # fmt: skip
    return {"latex": latex, "unicode": uni, "mathml": mml}


def _lead_lstm(n: int, lhs_tex: str, lhs_uni: str) -> dict:
    """∂h[T]/∂h[t] = [I 0] J_T J_{T-1} ⋯ J_{t+1} [I 0]ᵀ."""
    eye = "1" if n == 1 else "I"
    latex = (lhs_tex + rf" &= \begin{{bmatrix}} {eye} & 0 \end{{bmatrix}} J_T J_{{T-1}} \cdots "
             rf"J_{{t+1}} \begin{{bmatrix}} {eye} & 0 \end{{bmatrix}}^\top")  # fmt: skip
    uni = f"{lhs_uni} = [{eye} 0] · J[T] · J[T-1] ⋯ J[t+1] · [{eye} 0]ᵀ"
    row = f"<mrow><mo>[</mo><mi>{eye}</mi><mn>0</mn><mo>]</mo></mrow>"
    mml = ("<mi>∂h[T]/∂h[t]</mi><mo>=</mo>" + row
           + "<msub><mi>J</mi><mi>T</mi></msub>"
           + "<msub><mi>J</mi><mrow><mi>T</mi><mo>-</mo><mn>1</mn></mrow></msub><mo>⋯</mo>"
           + "<msub><mi>J</mi><mrow><mi>t</mi><mo>+</mo><mn>1</mn></mrow></msub>"
           + f"<msup>{row}<mo>⊤</mo></msup>")  # fmt: skip
    return {"latex": latex, "unicode": uni, "mathml": mml}


_BUILDERS = {"step": _step, "jacobian": _jacobian, "bptt": _bptt, "product": _product}
