"""The lecture's notation for printed formulas: a display layer over the derivation's symbols.

The derivation (:mod:`logicsim.symbolic.cells`) names its symbols after PyTorch's parameters
(``w_ih``, ``W_hf12``, ``b1_f`` ...) because the code exports use those names.  Printed forms
(LaTeX, MathML, Unicode) use the lecture's notation instead: ``W_hx`` (input to hidden),
``W_hh`` (hidden to hidden), ``b``; an LSTM gate k in {i, f, g, o} carries a superscript (k),
as in :math:`W^{(f)}_{hx}`; matrix entries carry their indices; time subscripts read t and t−1.

:func:`display_names` maps every symbol of an expression to its printed name in one style:

* ``"latex"``: LaTeX source, passed to ``sympy.latex(symbol_names=...)``;
* ``"mathml"``: a symbol name with ``_`` and ``^`` that sympy's MathML printer splits into
  ``msub`` / ``msubsup`` (``W_hx,12^(f)``), used by ``xreplace`` before printing;
* ``"unicode"``: a name already written with Unicode sub- and superscripts (``Wₕₓ⁽ᶠ⁾``), since
  the Unicode pretty printer cannot place a superscript over a subscript.

>>> display_name("w_if", "unicode"), display_name("W_hh12", "latex")
('Wₕₓ⁽ᶠ⁾', 'W_{hh,12}')
>>> display_name("h1_t-1", "unicode"), display_name("b2_g", "mathml")
('h₁,ₜ₋₁', 'b_2^(g)')

The map from PyTorch's names is :data:`PYTORCH_MAP`.
"""

from __future__ import annotations

import re

import sympy as sp

from logicsim.vocab import NOTATION_MAP

__all__ = ["PYTORCH_MAP", "display_name", "display_names", "display_time", "unicode_sub"]

#: One line relating the printed notation to the parameter names of the code exports.
PYTORCH_MAP = NOTATION_MAP

_SUB = dict(
    zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
_SUP = {"i": "ⁱ", "f": "ᶠ", "g": "ᵍ", "o": "ᵒ"}

# w_ih / w_hh (RNN, n = 1), W_ih12 (RNN entries), w_if / W_hf12 (LSTM: source i|h, gate k)
_WEIGHT = re.compile(r"^[wW]_([ih])([ihfgo])(\d\d)?$")
# b, b2, b_f, b2_f (bias); the derivation's bias symbols carry no time subscript
_BIAS = re.compile(r"^b(\d*)(?:_([ifgo]))?$")
# x_t, h1_t-1, a2_k, δh1_t+1, e_t (component digits before the time subscript)
_TIMED = re.compile(r"^([^\W\d_]+?)(\d*)_(t|t-1|t\+1|k|k-1|T)$")


def display_time(time: str, style: str) -> str:
    """A time subscript in ``style``: ``t-1`` stays ASCII in LaTeX, reads ``t−1`` elsewhere."""
    return time if style == "latex" else time.replace("-", "−")


def unicode_sub(text: str) -> str:
    """``text`` in Unicode subscript letters (characters without one are kept, after ``_``)."""
    if all(ch in _SUB or ch == "," for ch in text):
        return "".join(_SUB.get(ch, ",") for ch in text)
    return "_" + (text if len(text) == 1 else f"({text})")


def _compose(base: str, subs: list[str], gate: str | None, style: str) -> str:
    """``base`` with comma-joined subscripts and an optional gate superscript, in ``style``."""
    sub = ",".join(subs)
    if style == "latex":
        base = base.replace("δ", "\\delta ")
        head = base + (f"^{{({gate})}}" if gate else "")
        return head + (f"_{{{sub}}}" if sub else "")
    if style == "mathml":
        return base + (f"_{sub}" if sub else "") + (f"^({gate})" if gate else "")
    return base + (unicode_sub(sub) if sub else "") + (f"⁽{_SUP[gate]}⁾" if gate else "")


def display_name(name: str, style: str) -> str | None:
    """The printed name of the derivation's symbol ``name`` in ``style``, or None (keep it).

    ``style`` is ``"latex"``, ``"mathml"`` or ``"unicode"`` (see the module docstring).
    """
    m = _WEIGHT.match(name)
    if m:
        src, dst, entry = m.groups()
        sub = "h" + ("x" if src == "i" else "h")
        gate = None if dst == "h" else dst  # RNN: W_ih / W_hh; LSTM: gate i, f, g or o
        if src == "i" and dst == "h":  # the RNN's W_ih
            gate = None
        return _compose("W", [sub] + ([entry] if entry else []), gate, style)
    m = _BIAS.match(name)
    if m:
        idx, gate = m.groups()
        return _compose("b", [idx] if idx else [], gate, style)
    m = _TIMED.match(name)
    if m:
        base, idx, time = m.groups()
        subs = ([idx] if idx else []) + [display_time(time, style)]
        return _compose(base, subs, None, style)
    return None


def display_names(expr: sp.Basic, style: str) -> dict:
    """Every renamed symbol of ``expr`` -> its printed name (a str) in ``style``."""
    out = {}
    for s in expr.free_symbols:
        if isinstance(s, sp.Symbol):
            new = display_name(s.name, style)
            if new is not None:
                out[s] = new
    return out


def to_display(expr: sp.Basic, style: str) -> sp.Basic:
    """``expr`` with its symbols replaced by display symbols (styles "mathml" and "unicode")."""
    names = display_names(expr, style)
    return expr.xreplace({s: sp.Symbol(v, **s.assumptions0) for s, v in names.items()})
