"""A check in plain words: an English sentence built from the observables' descriptions.

``net.Q == 1`` reads "net Q is 1"; ``grad_norm_log10[t=0] < -3`` reads "log10 of the gradient
norm ... (t = 0) is below -3".  The sentence is generated once when the lesson is read; an author
who wants other words writes ``{ that = "...", says = "..." }`` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from logicsim.lesson.checks import (
    Binary,
    Bool,
    BoolOp,
    Call,
    Compare,
    Name,
    Node,
    Not,
    Num,
    Str,
    Unary,
)

__all__ = ["check_in_words", "short_doc"]

_OPS = {
    "==": "is",
    "!=": "is not",
    "<": "is below",
    "<=": "is at most",
    ">": "is above",
    ">=": "is at least",
}
_FUNCS = {
    "abs": "the size of {0}",
    "all": "every value of {0}",
    "any": "at least one value of {0}",
    "mean": "the mean of {0}",
    "sum": "the sum of {0}",
    "len": "the number of entries of {0}",
    "norm": "the norm of {0}",
    "log10": "log10 of {0}",
    "exp": "exp of {0}",
    "tanh": "tanh of {0}",
    "sigmoid": "sigmoid of {0}",
}
#: Longest description taken from an observable's doc (characters).
MAX_DOC = 70


def short_doc(doc: str) -> str:
    """The first clause of a description, without a final period, starting lower-case."""
    text = " ".join(doc.split())
    for stop in (", e.g.", " e.g.", ", t = ", ". ", "; ", ": ", " ("):
        cut = text.find(stop)
        if cut > 0:
            text = text[:cut]
    text = text.rstrip(".")
    if len(text) > MAX_DOC:
        text = text[: MAX_DOC - 1].rsplit(" ", 1)[0] + "…"
    if text[:1].isupper() and not text[1:2].isupper():
        text = text[0].lower() + text[1:]
    return text


def _number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


class _Words:
    def __init__(self, doc_of: Callable[[str], str]):
        self.doc_of = doc_of

    def name(self, node: Name) -> str:
        if node.name.startswith("net."):
            base = f"net {node.name[4:]}"
        elif node.name.startswith("input."):
            base = f"input {node.name[6:]}"
        else:
            doc = self.doc_of(node.name)
            what = short_doc(doc) if doc else node.name
            if what.startswith("whether "):
                what = what[len("whether ") :]
            base = what if what == node.name else f"{what} ({node.name})"
        items = [
            f"{k} = {self.term(e)}" if k else self.term(e) for group in node.index for k, e in group
        ]
        return base + (f" at {', '.join(items)}" if items else "")

    def term(self, node: Node) -> str:
        if isinstance(node, Num):
            return _number(node.value)
        if isinstance(node, Str):
            return f"“{node.value}”"
        if isinstance(node, Bool):
            return "true" if node.value else "false"
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Unary):
            inner = self.term(node.operand)
            return f"-{inner}" if isinstance(node.operand, Num) else f"minus {inner}"
        if isinstance(node, Binary):
            word = {"+": "plus", "-": "minus", "*": "times", "/": "divided by"}[node.op]
            return f"{self.term(node.left)} {word} {self.term(node.right)}"
        if isinstance(node, Call):
            args = [self.term(a) for a in node.args]
            if node.func == "approx":
                return f"{args[0]} is {args[1]} within ±{args[2]}"
            if node.func == "contains":
                return f"{args[0]} contains {args[1]}"
            if node.func in ("min", "max"):
                word = "smallest" if node.func == "min" else "largest"
                return f"the {word} of {', '.join(args)}"
            return _FUNCS.get(node.func, node.func + " of {0}").format(*args)
        return self.sentence(node)

    def sentence(self, node: Node) -> str:
        if isinstance(node, Compare):
            parts = [self.term(node.first)]
            for op, right, tol in zip(node.ops, node.rest, node.tols, strict=True):
                part = f"{_OPS[op]} {self.term(right)}"
                if tol is not None:
                    part += f" (within ±{self.term(tol)})"
                parts.append(part)
            return " ".join(parts)
        if isinstance(node, Not):
            inner = node.operand
            if isinstance(inner, Name):
                return f"not so: {self.name(inner)}"
            return f"it is not true that {self.sentence(inner)}"
        if isinstance(node, BoolOp):
            return f" {node.op} ".join(self.sentence(n) for n in node.items)
        if isinstance(node, Name):
            return self.name(node)
        return self.term(node)


def check_in_words(node: Node, doc_of: Callable[[str], str]) -> str:
    """An English sentence saying what check ``node`` expects.

    Parameters
    ----------
    node : Node
        A parsed check (:func:`logicsim.lesson.checks.parse_check`).
    doc_of : callable
        ``doc_of(name) -> str``: the description of an observable or control ('' if none).

    Returns
    -------
    str
        One sentence starting with a capital letter, e.g. ``"Net Q is 1"``.
    """
    text = _Words(doc_of).sentence(node).strip()
    return text[:1].upper() + text[1:]
