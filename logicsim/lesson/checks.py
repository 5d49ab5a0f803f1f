"""The check mini-language: a tiny tokenizer and recursive-descent parser (never ``eval``).

A check is one line that must come out true, e.g. ``net.Q == 1``,
``grad_norm_log10[t=0] < -3``, ``regime == "vanishing guaranteed"``, ``accuracy >= 0.95``,
``lambda1 == 5.2 +- 0.05``.  Grammar (lowest precedence first)::

    check      := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum (CMP sum [("+-" | "±") sum])*      CMP: == != < <= > >=
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | atom
    atom       := NUMBER | STRING | true | false | "(" or ")"
                | FUNC "(" or ("," or)* ")" | NAME ("[" item ("," item)* "]")*
    item       := [KEY "="] sum

``a == b +- tol`` means ``|a - b| <= tol``; ``!=`` with a tolerance is its negation.  The
tolerance marker is ``+-`` written without a space (``a + -b`` is ordinary arithmetic).
NAME is dotted (``net.Q``, ``gate.i``).  The parser produces small AST nodes; evaluation lives
in :mod:`logicsim.lesson.check_eval`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from logicsim.lesson.errors import CheckSyntaxError

__all__ = [
    "parse_check",
    "Node",
    "Num",
    "Str",
    "Name",
    "Unary",
    "Binary",
    "Compare",
    "BoolOp",
    "Not",
    "Call",
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_DEPTH",
]

#: Longest check text accepted (characters); longer ones are a lesson error, not a slow parse.
MAX_LENGTH = 400
#: Deepest nesting of parentheses / operators accepted (keeps recursion bounded).
MAX_DEPTH = 40
#: Functions a check may call: name -> (least, most) number of arguments.
FUNCTIONS: dict[str, tuple[int, int]] = {
    "abs": (1, 1),
    "min": (1, 8),
    "max": (1, 8),
    "all": (1, 1),
    "any": (1, 1),
    "mean": (1, 1),
    "sum": (1, 1),
    "len": (1, 1),
    "log10": (1, 1),
    "approx": (3, 3),
    "norm": (1, 1),
    "tanh": (1, 1),
    "sigmoid": (1, 1),
    "exp": (1, 1),
    "contains": (2, 2),
}
_KEYWORDS = {"and", "or", "not", "true", "false"}
_CMP = ("==", "!=", "<=", ">=", "<", ">")

_TOKEN = re.compile(
    r"""(?P<space>[ \t]+)
      | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<str>"[^"\\\n]*"|'[^'\\\n]*')
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_0-9][A-Za-z0-9_]*)*)
      | (?P<op>\+-|±|==|!=|<=|>=|[<>+\-*/()\[\],=])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Node:
    """Base of every AST node; ``pos`` is the 0-based offset in the check text."""

    pos: int


@dataclass(frozen=True)
class Num(Node):
    value: float | int


@dataclass(frozen=True)
class Str(Node):
    value: str


@dataclass(frozen=True)
class Bool(Node):
    value: bool


@dataclass(frozen=True)
class Name(Node):
    """An observable, optionally indexed: ``index`` is a tuple of (key or None, expression)."""

    name: str
    index: tuple[tuple[tuple[str | None, Node], ...], ...] = field(default=())


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    """A (possibly chained) comparison; ``tols[k]`` is the tolerance of link k or None."""

    first: Node
    ops: tuple[str, ...]
    rest: tuple[Node, ...]
    tols: tuple[Node | None, ...]


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # "and" | "or"
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]


def _tokenize(text: str) -> list[tuple[str, str, int]]:
    """Split ``text`` into ``(kind, text, offset)`` tokens ending with an ``end`` token."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] in "\"'":
                raise CheckSyntaxError("a string is not closed on this line", pos)
            raise CheckSyntaxError(f"unexpected character {text[pos]!r}", pos)
        kind = m.lastgroup or "op"
        if kind != "space":
            word = m.group()
            if kind == "name" and word in _KEYWORDS:
                kind = "kw"
            tokens.append((kind, word, pos))
        pos = m.end()
    tokens.append(("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.i = 0
        self.depth = 0

    # -- helpers -----------------------------------------------------------------------------
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        if tok[0] != "end":
            self.i += 1
        return tok

    def accept(self, word: str) -> bool:
        kind, text, _ = self.peek()
        if kind in ("op", "kw") and text == word:
            self.i += 1
            return True
        return False

    def expect(self, word: str) -> None:
        if not self.accept(word):
            self.fail(f"expected {word!r}")

    def fail(self, message: str) -> None:
        kind, text, pos = self.peek()
        found = "end of check" if kind == "end" else repr(text)
        raise CheckSyntaxError(f"{message}, found {found}", pos)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CheckSyntaxError(f"check nests deeper than {MAX_DEPTH} levels", self.peek()[2])

    # -- grammar -----------------------------------------------------------------------------
    def parse(self) -> Node:
        node = self.or_()
        if self.peek()[:2] == ("op", "="):
            raise CheckSyntaxError(
                "use == to compare (a single = is not an operator)", self.peek()[2]
            )
        if self.peek()[0] != "end":
            self.fail("expected an operator or the end of the check")
        return node

    def or_(self) -> Node:
        return self._boolop("or", self.and_)

    def and_(self) -> Node:
        return self._boolop("and", self.not_)

    def _boolop(self, op: str, sub) -> Node:
        self.enter()
        pos = self.peek()[2]
        items = [sub()]
        while self.accept(op):
            items.append(sub())
        self.depth -= 1
        return items[0] if len(items) == 1 else BoolOp(pos, op, tuple(items))

    def not_(self) -> Node:
        pos = self.peek()[2]
        if self.accept("not"):
            self.enter()
            node = Not(pos, self.not_())
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> Node:
        pos = self.peek()[2]
        first = self.sum_()
        ops: list[str] = []
        rest: list[Node] = []
        tols: list[Node | None] = []
        while self.peek()[0] == "op" and self.peek()[1] in _CMP:
            op = self.take()[1]
            ops.append(op)
            rest.append(self.sum_())
            tol: Node | None = None
            if self.peek()[1] in ("+-", "±") and self.peek()[0] == "op":
                tpos = self.take()[2]
                if op not in ("==", "!="):
                    raise CheckSyntaxError("a tolerance (+-) only goes with == or !=", tpos)
                tol = self.sum_()
            tols.append(tol)
        if self.peek()[0] == "op" and self.peek()[1] in ("+-", "±"):
            self.fail("a tolerance (+-) must follow '== value'")
        if not ops:
            return first
        return Compare(pos, first, tuple(ops), tuple(rest), tuple(tols))

    def sum_(self) -> Node:
        self.enter()
        node = self.product()
        while self.peek()[0] == "op" and self.peek()[1] in ("+", "-"):
            _, op, pos = self.take()
            node = Binary(pos, op, node, self.product())
        self.depth -= 1
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("*", "/"):
            _, op, pos = self.take()
            node = Binary(pos, op, node, self.unary())
        return node

    def unary(self) -> Node:
        pos = self.peek()[2]
        if self.accept("-"):
            self.enter()
            node = Unary(pos, "-", self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, text, pos = self.peek()
        if kind == "num":
            self.take()
            is_int = text.isdigit()
            return Num(pos, int(text) if is_int and len(text) < 19 else float(text))
        if kind == "str":
            self.take()
            return Str(pos, text[1:-1])
        if kind == "kw" and text in ("true", "false"):
            self.take()
            return Bool(pos, text == "true")
        if self.accept("("):
            self.enter()
            node = self.or_()
            self.expect(")")
            self.depth -= 1
            return node
        if kind == "name":
            self.take()
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                return self.call(text, pos)
            return self.indexed(text, pos)
        self.fail("expected a number, a string, a name or '('")
        raise AssertionError  # pragma: no cover - fail() always raises

    def call(self, func: str, pos: int) -> Node:
        if func not in FUNCTIONS:
            known = ", ".join(sorted(FUNCTIONS))
            raise CheckSyntaxError(f"unknown function {func!r} (known: {known})", pos)
        self.expect("(")
        self.enter()
        args = [self.or_()]
        while self.accept(","):
            args.append(self.or_())
        self.expect(")")
        self.depth -= 1
        least, most = FUNCTIONS[func]
        if not least <= len(args) <= most:
            want = str(least) if least == most else f"{least} to {most}"
            raise CheckSyntaxError(f"{func}() takes {want} argument(s), got {len(args)}", pos)
        return Call(pos, func, tuple(args))

    def indexed(self, name: str, pos: int) -> Node:
        groups: list[tuple[tuple[str | None, Node], ...]] = []
        while self.peek() == ("op", "[", self.peek()[2]):
            self.take()
            items: list[tuple[str | None, Node]] = []
            while True:
                key: str | None = None
                kind, text, _ = self.peek()
                nxt = self.tokens[self.i + 1] if self.i + 1 < len(self.tokens) else ("end", "", 0)
                if kind == "name" and nxt[:2] == ("op", "="):
                    key = text
                    self.i += 2
                items.append((key, self.sum_()))
                if not self.accept(","):
                    break
            self.expect("]")
            groups.append(tuple(items))
        return Name(pos, name, tuple(groups))


def parse_check(text: str) -> Node:
    """Parse one check expression into an AST.

    Parameters
    ----------
    text : str
        The check, e.g. ``"grad_norm_log10[t=0] < -3"``.

    Returns
    -------
    Node
        The root of the expression tree.

    Raises
    ------
    CheckSyntaxError
        With the 0-based offset of the problem.
    """
    if not isinstance(text, str):
        raise CheckSyntaxError("a check must be a string", 0)
    if len(text) > MAX_LENGTH:
        raise CheckSyntaxError(f"check is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not text.strip():
        raise CheckSyntaxError("empty check", 0)
    return _Parser(text).parse()
