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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import sympy as sp

from logicsim.errors import LogicsimError
from logicsim.files import write_atomic
from logicsim.symbolic.cells import MAX_N, derive
from logicsim.symbolic.codegen import c_code, numpy_code, octave_code
from logicsim.symbolic.compile import WHATS, code_spec
from logicsim.symbolic.notation import display_names, display_time, to_display, unicode_sub
from logicsim.vocab import CELLS
from logicsim.vocab import FORMULA_FORMATS as FORMATS

__all__ = ["CELLS", "FORMATS", "WHATS", "Formula", "formula"]

#: File name extension of each export format.
EXTENSIONS = {"latex": ".tex", "mathml": ".mml", "unicode": ".txt", "numpy": ".py", "c": ".c",
              "octave": ".m", "svg": ".svg"}  # fmt: skip

_MATHML_NS = "http://www.w3.org/1998/Math/MathML"


@dataclass(frozen=True)
class Formula:
    """One derived formula with its printed forms and code exports.

    Printed forms use the lecture's notation (:mod:`logicsim.symbolic.notation`); the code
    exports keep PyTorch's parameter names.
    """

    cell: str  # "rnn" or "lstm"
    what: str  # "step", "jacobian", "product" or "bptt"
    n: int  # hidden size of the explicit form
    description: str  # one paragraph saying what the symbols mean
    equations: tuple  # ((lhs, rhs), ...) sympy expressions shown line by line; lhs None: "= rhs"
    lhs_forms: dict = field(default_factory=dict)  # lhs symbol -> {"latex", "mathml", "unicode"}
    leads: tuple = ()  # ({"latex", "unicode", "mathml"}, ...): first lines sympy cannot express

    # ---- printed forms ------------------------------------------------------------------------
    @cached_property
    def latex(self) -> str:
        """LaTeX math (an ``aligned`` block; wrap it in ``$$ ... $$`` or ``equation*``)."""
        rows = [lead["latex"] for lead in self.leads]
        for lhs, rhs in self.equations:
            left = "" if lhs is None else self._lhs(lhs, "latex")
            dots = {"mul_symbol": "dot"} if lhs is None else {}  # numbers: 0.3 \cdot 0.7
            tex = _latex(rhs, self._inner(rhs, "latex"), **dots)
            rows.append(left + " &= " + (tex.replace("−", "-") if lhs is None else tex))
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    @cached_property
    def unicode(self) -> str:
        """Unicode pretty-print, one equation per paragraph."""
        blocks = [lead["unicode"] for lead in self.leads]
        for lhs, rhs in self.equations:
            if lhs is None or self._named(lhs):
                left = sp.Symbol(" " if lhs is None else self.lhs_forms[lhs]["unicode"])
            else:
                left = to_display(lhs, "unicode")
            inner = {k: sp.Symbol(v) for k, v in self._inner(rhs, "unicode").items()}
            eq = sp.Eq(left, to_display(rhs, "unicode").xreplace(inner), evaluate=False)
            blocks.append(sp.pretty(eq, use_unicode=True, wrap_line=False))
        return "\n\n".join(blocks)

    @cached_property
    def mathml(self) -> str:
        """Presentation MathML: a ``<math>`` element holding one table row per equation."""
        rows = [lead["mathml"] for lead in self.leads]
        for lhs, rhs in self.equations:
            left = "" if lhs is None else self._lhs(lhs, "mathml")
            body = _mml(to_display(rhs, "mathml"))
            if lhs is None:  # a line of numbers: a visible product sign between them
                body = body.replace("<mo>&#x2062;</mo>", "<mo>·</mo>")
            for sym, form in self._inner(rhs, "mathml").items():
                body = body.replace(_mml(sym), f"<mrow>{form}</mrow>")
            rows.append(left + "<mo>=</mo>" + body)
        body = "".join(f"<mtr><mtd><mrow>{r}</mrow></mtd></mtr>" for r in rows)
        return (f'<math xmlns="{_MATHML_NS}" display="block">'
                f'<mtable columnalign="left">{body}</mtable></math>')  # fmt: skip

    def _inner(self, rhs: sp.Basic, style: str) -> dict:
        """Printed forms of the left-side symbols used inside ``rhs`` (e.g. ∂c_t/∂h_{t−1})."""
        free = rhs.free_symbols if isinstance(rhs, sp.Basic) else set()
        return {s: self.lhs_forms[s][style] for s in free if self._named(s)}

    def _named(self, lhs: sp.Basic) -> bool:
        return isinstance(lhs, sp.Symbol) and lhs in self.lhs_forms

    def _lhs(self, lhs: sp.Basic, style: str) -> str:
        if self._named(lhs):
            return str(self.lhs_forms[lhs][style])
        return _latex(lhs) if style == "latex" else _mml(to_display(lhs, "mathml"))

    def svg(self, size: float = 24.0) -> str:
        """The typeset formula as an SVG document (ziamath; pure Python, no TeX).

        Raises
        ------
        LogicsimError
            ziamath is not installed.
        """
        return typeset_svg(self.mathml, size)

    def with_values(self, values: Mapping[str, float]) -> Formula:
        """This formula with numbers beside the symbols: after each equation whose right side
        is known from ``values`` (derivation symbol name -> number), a line ``= numbers =
        result``; an equation whose right side is not fully known gets ``= value`` of its left
        side when that is known.  Only the scalar forms (n = 1) take values.
        """
        if self.n != 1:
            raise LogicsimError("values at step t are shown for n = 1 only")
        subs = {sp.Symbol(k): float(v) for k, v in values.items()}
        for _ in range(2):  # a right side may use another equation's left side (∂c/∂h)
            for lhs, rhs in self.equations:
                if lhs is None or lhs in subs or isinstance(rhs, sp.MatrixBase):
                    continue
                if rhs.free_symbols and rhs.free_symbols <= set(subs):
                    subs[lhs] = float(
                        rhs.xreplace({s: sp.Float(subs[s]) for s in rhs.free_symbols})
                    )
        eqs: list = []
        for lhs, rhs in self.equations:
            eqs.append((lhs, rhs))
            if lhs is None or isinstance(rhs, sp.MatrixBase):
                continue
            known = {s for s in rhs.free_symbols if s in subs}
            if rhs.free_symbols and known == rhs.free_symbols and not isinstance(rhs, sp.Symbol):
                shown = rhs.xreplace({s: sp.Symbol(_shown(subs[s])) for s in known})
                value = float(rhs.xreplace({s: sp.Float(subs[s]) for s in known}).evalf())
                eqs.append((None, sp.Eq(shown, sp.Symbol(_num(value)), evaluate=False)))
            elif isinstance(rhs, sp.Symbol) and rhs in subs:
                eqs.append((None, sp.Symbol(_num(subs[rhs]))))
            elif lhs in subs:
                eqs.append((None, sp.Symbol(_num(subs[lhs]))))
        return Formula(self.cell, self.what, self.n, self.description, tuple(eqs),
                       self.lhs_forms, self.leads)  # fmt: skip

    # ---- exports -------------------------------------------------------------------------------
    def export(self, fmt: str) -> str:
        """The formula as text in ``fmt`` (one of :data:`FORMATS`)."""
        if fmt == "latex":
            return self.latex + "\n"
        if fmt == "mathml":
            return self.mathml + "\n"
        if fmt == "unicode":
            return self.unicode + "\n"
        if fmt == "svg":
            return self.svg() + "\n"
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


def _latex(expr: sp.Basic, extra: dict | None = None, **settings) -> str:
    """LaTeX of ``expr`` in the lecture's notation, factors ordered as in the other forms;
    ``extra`` maps further symbols to their LaTeX."""
    latex = display_names(expr, "latex")
    order = display_names(expr, "mathml")  # sort as the MathML / Unicode forms do
    new = {s: sp.Symbol(order[s].replace("−", "-"), **s.assumptions0) for s in latex}
    names = {new[s]: latex[s] for s in latex} | dict(extra or {})
    return sp.latex(expr.xreplace(new), symbol_names=names, **settings)


def _num(x: float) -> str:
    """A number as printed beside the symbols (4 significant digits, a true minus sign)."""
    return f"{x:.4g}".replace("-", "−")


def _shown(x: float) -> str:
    """A number put in place of a symbol: negative ones in parentheses."""
    return f"({_num(x)})" if x < 0 else _num(x)


@lru_cache(maxsize=64)
def typeset_svg(mathml: str, size: float = 24.0) -> str:
    """Typeset presentation MathML as an SVG document with ziamath (glyphs drawn as paths).

    Raises
    ------
    LogicsimError
        ziamath is not installed.
    """
    try:
        import ziamath
    except ImportError:
        raise LogicsimError(
            "SVG needs the ziamath package (pip install ziamath); use --format unicode"
        ) from None
    import xml.etree.ElementTree as ET

    root = ET.fromstring(mathml)  # parsed here: ziamath's own string clean-up mangles long rows
    for node in root.iter():
        if node.text and _tag(node) in ("mo", "mn"):
            node.text = node.text.replace("-", "−")  # a true minus sign, as in print
    _flatten(root)
    svg2 = ziamath.config.svg2
    ziamath.config.svg2 = False  # SVG 1.1 (plain paths, no <symbol>): Qt and slide tools read it
    try:
        return str(ziamath.Math(root, size=size).svg())
    finally:
        ziamath.config.svg2 = svg2


_FENCES = ("(", "[", "{", "|")


def _tag(node) -> str:
    return str(node.tag).rsplit("}", 1)[-1]


def _flatten(node) -> None:
    """Inline the ``mrow`` groups that hold no fence (sympy nests one per sub-expression).

    ziamath measures a row by rebuilding its nested rows, so deep nesting costs time that grows
    steeply with depth (20 s for the LSTM Jacobian, under 1 s flattened); a group that starts
    with a parenthesis stays, so fences still stretch over their contents.
    """
    for child in list(node):
        _flatten(child)
    if _tag(node) not in ("mrow", "mtd", "math"):
        return
    kept = []
    for child in node:
        fenced = len(child) and _tag(child[0]) == "mo" and (child[0].text or "").strip() in _FENCES
        if _tag(child) == "mrow" and not fenced:
            kept.extend(list(child))
        else:
            kept.append(child)
    node[:] = kept


_XML_ENTITIES = {"lt", "gt", "amp", "quot", "apos"}


def _mml(expr) -> str:
    """Presentation MathML with HTML named entities (``&InvisibleTimes;``) made plain XML."""
    text = sp.mathml(expr, printer="presentation")

    def plain(m: re.Match) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES:
            return m.group(0)
        char = html.entities.html5.get(name + ";")
        return "".join(f"&#x{ord(c):X};" for c in char) if char else m.group(0)

    text = text.replace("<mi>sigma</mi>", "<mi>σ</mi>")  # the sigmoid's class name
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


# ---- hand-written lines (vector forms, block names) -------------------------------------------
# A line is a list of items: ("v", base, sub, gate) a variable, ("o", text) an operator,
# ("f", name) a function name, ("n", text) a number, ("frac", items, items), ("sup", items, text).

_TEX_OPS = {"⊙": r"\odot", "⋯": r"\cdots", "−": "-", "(": r"\left(", ")": r"\right)",
            "∂": r"\partial ", "⊤": r"\top", "=": "&=", "·": r"\,"}  # fmt: skip
_TEX_FUN = {"tanh": r"\tanh", "σ": r"\sigma", "diag": r"\operatorname{diag}"}


def _render(items: list, style: str) -> str:
    out = []
    for item in items:
        kind = item[0]
        if kind == "v":
            _, base, sub, gate = item
            sub = display_time(sub, style) if sub else ""
            if style == "latex":
                out.append(
                    base + (f"^{{({gate})}}" if gate else "") + (f"_{{{sub}}}" if sub else "")
                )
            elif style == "mathml":
                b, sb = f"<mi>{base}</mi>", f"<mi>{sub}</mi>"
                if gate and sub:
                    out.append(f"<msubsup>{b}{sb}<mi>({gate})</mi></msubsup>")
                elif sub:
                    out.append(f"<msub>{b}{sb}</msub>")
                else:
                    out.append(b)
            else:
                out.append(base + (unicode_sub(sub) if sub else "")
                           + (f"⁽{_UNI_SUP[gate]}⁾" if gate else ""))  # fmt: skip
        elif kind == "o":
            text = item[1]
            if style == "latex":
                out.append(_TEX_OPS.get(text, text))
            elif style == "mathml":
                out.append("" if text == "·" else f"<mo>{text}</mo>")
            else:
                out.append("" if text == "·" else text)
        elif kind == "f":
            name = item[1]
            if style == "latex":
                out.append(_TEX_FUN.get(name, name))
            elif style == "mathml":
                out.append(f"<mi>{name}</mi>")
            else:
                out.append(name)
        elif kind == "n":
            out.append(f"<mn>{item[1]}</mn>" if style == "mathml" else item[1])
        elif kind == "frac":
            num, den = _render(item[1], style), _render(item[2], style)
            if style == "latex":
                out.append(rf"\frac{{{num}}}{{{den}}}")
            elif style == "mathml":
                out.append(f"<mfrac><mrow>{num}</mrow><mrow>{den}</mrow></mfrac>")
            else:
                out.append(f"{num}/{den}")
        elif kind == "sup":
            body = _render(item[1], style)
            if style == "latex":
                out.append(f"{{{body}}}^{{{_TEX_OPS.get(item[2], item[2])}}}")
            elif style == "mathml":
                out.append(f"<msup><mrow>{body}</mrow><mo>{item[2]}</mo></msup>")
            else:
                out.append(body + {"⊤": "ᵀ", "2": "²"}.get(item[2], item[2]))
    if style == "mathml":
        return "".join(out)
    text = " ".join(part for part in out if part)
    if style == "unicode":
        for a, b in (("( ", "("), (" )", ")"), ("tanh (", "tanh("), ("σ (", "σ("),
                     ("diag (", "diag("), ("[ ", "["), (" ]", "]"), ("∂ ", "∂")):  # fmt: skip
            text = text.replace(a, b)
    return text


_UNI_SUP = {"i": "ⁱ", "f": "ᶠ", "g": "ᵍ", "o": "ᵒ"}


def _lead(items: list) -> dict:
    """A hand-written line in the three printed styles."""
    return {style: _render(items, style) for style in ("latex", "mathml", "unicode")}


def V(base: str, sub: str = "", gate: str | None = None) -> tuple:  # noqa: N802
    """A variable item of a hand-written line."""
    return ("v", base, sub, gate)


def O(text: str) -> tuple:  # noqa: N802, E743
    """An operator item of a hand-written line."""
    return ("o", text)


def F(name: str) -> tuple:  # noqa: N802
    """A function-name item of a hand-written line."""
    return ("f", name)


def _d(top: tuple, bottom: tuple) -> tuple:
    """∂top/∂bottom."""
    return ("frac", [O("∂"), top], [O("∂"), bottom])


def _preact(gate: str | None, time: str = "t") -> list:
    """W_hx x_t + W_hh h_{t-1} + b (with a gate superscript for the LSTM)."""
    prev = "t-1" if time == "t" else f"{time}-1"
    return [V("W", "hx", gate), V("x", time), O("+"), V("W", "hh", gate), V("h", prev), O("+"),
            V("b", "", None) if gate is None else ("v", "b", "", gate)]  # fmt: skip


def _eq(lhs: list, rhs: list) -> dict:
    return _lead(lhs + [O("=")] + rhs)


def _block_forms(top: str, bottom: str, time: str) -> dict:
    """The printed left side ∂top_time/∂bottom_{time-1} of a Jacobian block."""
    prev = f"{time}-1"
    return _lead([_d(V(top, time), V(bottom, prev))])


# ---- builders ------------------------------------------------------------------------------

_SYMBOLS = (
    "x_t input, h_{t−1} previous hidden state, W_hx / W_hh input / recurrent weights, "
    "b = b_ih + b_hh"
)


def _step(d) -> Formula:
    leads: tuple[dict, ...]
    if d.cell == "rnn":
        text = f"Vanilla RNN step ({_SYMBOLS}): a_t is the pre-activation, h_t = tanh(a_t)."
        leads = (_eq([V("h", "t")], [F("tanh"), O("(")] + _preact(None) + [O(")")]),)
    else:
        text = (
            f"LSTM step ({_SYMBOLS}, c_{{t−1}} previous cell): input gate i, forget gate f, "
            "candidate g, output gate o (PyTorch order i, f, g, o); the superscript (k) names "
            "the gate's block of W_hx, W_hh and b; σ is the logistic sigmoid, ⊙ the element-wise "
            "product."
        )
        leads = (
            _eq([V("c", "t")], [V("f", "t"), O("⊙"), V("c", "t-1"), O("+"), V("i", "t"),
                                O("⊙"), V("g", "t")]),
            _eq([V("h", "t")], [V("o", "t"), O("⊙"), F("tanh"), O("("), V("c", "t"), O(")")]),
        )  # fmt: skip
    return Formula(d.cell, "step", d.n, text, d.definitions, {}, leads)


def _blocks(d, J: sp.Matrix, time: str) -> tuple[tuple, dict]:
    """The LSTM Jacobian ``J`` as four equations (one per block) and their printed left sides."""
    n = d.n
    eqs, forms = [], {}
    for (top, bottom), (rows, cols) in (
        (("h", "h"), (slice(0, n), slice(0, n))),
        (("h", "c"), (slice(0, n), slice(n, 2 * n))),
        (("c", "h"), (slice(n, 2 * n), slice(0, n))),
        (("c", "c"), (slice(n, 2 * n), slice(n, 2 * n))),
    ):
        lhs = sp.Symbol(f"∂{top}[{time}]/∂{bottom}[{time}-1]")
        block = J[rows, cols]
        eqs.append((lhs, block[0, 0] if n == 1 else block))
        forms[lhs] = _block_forms(top, bottom, time)
    if n == 1:  # chain rule: ∂h/∂h = (…) + o (1 − tanh² c) ∂c/∂h, with ∂c/∂h the third line
        (hh, rhs), dch = eqs[0], eqs[2]
        short = rhs.subs(dch[1], dch[0])
        if dch[0] in short.free_symbols:
            eqs[0] = (hh, short)
    return tuple(eqs), forms


def _jacobian(d) -> Formula:
    if d.cell == "rnn":
        lhs = sp.Symbol("∂h[t]/∂h[t-1]")
        forms = {lhs: _block_forms("h", "h", "t")}
        text = ("Jacobian of one RNN step, derived from h_t = tanh(a_t): "
                "diag(1 − tanh²(a_t)) W_hh, written out element by element.")  # fmt: skip
        J = d.display_jacobian[0, 0] if d.n == 1 else d.display_jacobian
        lead = _eq([_d(V("h", "t"), V("h", "t-1"))],
                   [F("diag"), O("("), ("n", "1"), O("−"), V("h", "t"), O("⊙"), V("h", "t"),
                    O(")"), V("W", "hh")])  # fmt: skip
        return Formula(d.cell, "jacobian", d.n, text, ((lhs, J),) + d.definitions[: d.n],
                       forms, (lead,))  # fmt: skip
    text = ("Jacobian of one LSTM step with respect to the state (h, c), as its four blocks "
            "∂h_t/∂h_{t−1}, ∂h_t/∂c_{t−1}, ∂c_t/∂h_{t−1}, ∂c_t/∂c_{t−1} = diag(f_t), in terms of "
            "the gate values defined below.")  # fmt: skip
    eqs, forms = _blocks(d, d.display_jacobian, "t")
    return Formula(d.cell, "jacobian", d.n, text, eqs + d.definitions, forms)


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
            "loss's direct gradient ∂ℓ/∂h_t; δ_t = e_t + (∂state_{t+1}/∂state_t)ᵀ δ_{t+1}, "
            "the Jacobian being that of step t+1 (symbols with index t+1).")  # fmt: skip
    if S == 1:
        eqs: tuple = ((delta[0], rhs[0]),)  # scalar RNN: no 1x1 brackets
    elif d.cell == "rnn":
        eqs = ((delta, rhs),)
    else:  # LSTM: δh and δc as two equations, so neither runs off the page
        h, c = slice(0, n), slice(n, 2 * n)
        eqs = tuple((delta[part, 0][0], rhs[part, 0][0]) if n == 1 else
                    (delta[part, 0], rhs[part, 0]) for part in (h, c))  # fmt: skip
    return Formula(d.cell, "bptt", n, text, eqs)


def _product(d) -> Formula:
    n = d.n
    lhs = sp.Symbol("∂h[T]/∂h[t]")
    forms = {lhs: _lead([_d(V("h", "T"), V("h", "t"))])}
    k, t, T = sp.symbols("k t T", integer=True)
    J_k = d.display_jacobian.xreplace(d.shift_k)  # the derived Jacobian at a generic step k
    if d.cell == "rnn" and n == 1:
        text = ("Sensitivity of h_T to h_t for the scalar RNN: the product of the T − t step "
                "Jacobians W_hh (1 − tanh²(a_k)).")  # fmt: skip
        eqs = ((lhs, sp.Product(J_k[0, 0], (k, t + 1, T))),)
        return Formula(d.cell, "product", n, text, eqs, forms)
    if d.cell == "rnn":
        # the step Jacobian factors as D_k W_hh: derive D_k = dh_k/da_k and check the factoring
        W_hh = dict(d.args)["W_hh"]
        a_k = [J_k[r, 0].atoms(sp.tanh).pop().args[0] for r in range(n)]
        D_k = sp.diag(*[sp.diff(sp.tanh(a), a) for a in a_k])
        assert sp.simplify(J_k - D_k * W_hh) == sp.zeros(n, n)
        D = sp.Symbol("D_k")
        W = V("W", "hh")
        lead = _eq(
            [_d(V("h", "T"), V("h", "t"))],
            [V("D", "T"), W, O("·"), V("D", "T-1"), W, O("⋯"), V("D", "t+1"), W],
        )
        text = (
            "Sensitivity of h_T to h_t for the RNN: the ordered product of the step "
            "Jacobians D_k W_hh, k = T down to t+1, kept as a product (never expanded)."
        )
        return Formula(d.cell, "product", n, text, ((D, D_k),), {}, (lead,))
    eye = "1" if n == 1 else "I"
    row = [O("["), ("n", eye), O("·"), ("n", "0"), O("]")]
    lead = _eq(
        [_d(V("h", "T"), V("h", "t"))],
        row + [V("J", "T"), V("J", "T-1"), O("⋯"), V("J", "t+1"), ("sup", row, "⊤")],
    )
    text = ("Sensitivity of h_T to h_t for the LSTM: the h-h block of the ordered product of "
            "the (h, c) step Jacobians J_k (k = T down to t+1), kept as a product. J_k is the "
            "step Jacobian at step k (gate values of step k); its four blocks follow.")  # fmt: skip
    eqs, forms = _blocks(d, J_k, "k")
    return Formula(d.cell, "product", n, text, eqs, forms, (lead,))


_BUILDERS = {"step": _step, "jacobian": _jacobian, "bptt": _bptt, "product": _product}
