"""Evaluating a parsed check against the workbench (numbers, strings and NumPy arrays).

Rules, chosen to be unsurprising for a class:

* ``a == b`` between numbers is true when ``|a - b| <= 1e-9 * max(|a|, |b|) + 1e-12`` (so a float
  that prints as ``0.9`` equals ``0.9``); ``a == b +- tol`` is ``|a - b| <= tol``.
* Strings compare only with ``==`` / ``!=`` and only with strings.
* Arrays (e.g. ``h[t=3]``) compare element by element; the whole check must come out as a single
  truth value, so wrap array comparisons in ``all(...)`` or ``any(...)``.
* Any problem while evaluating (an observable that is not available, a type mismatch, division by
  zero) makes the check fail with a message; it never raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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

__all__ = ["CheckOutcome", "evaluate", "Lookup", "CheckEvalError"]

#: ``lookup(name, index)`` returns an observable's value; ``index`` holds one tuple per ``[...]``
#: with ``(key or None, int)`` items, e.g. ``grad_norm_log10[t=0]`` -> ``((("t", 0),),)``.
Lookup = Callable[[str, tuple], Any]

_REL_TOL = 1e-9
_ABS_TOL = 1e-12


class CheckEvalError(Exception):
    """A check could not be evaluated (wrong type, missing value); the check fails with it."""


@dataclass
class CheckOutcome:
    """What one check gave: whether it passed, the observed values, and any error text."""

    passed: bool  # the check came out true
    observed: dict[str, Any] = field(default_factory=dict)  # "name[index]" -> value seen
    error: str | None = None  # why it could not be evaluated, if it could not


def _label(node: Name, index: tuple) -> str:
    parts = []
    for group in index:
        items = [f"{k}={v}" if k else str(v) for k, v in group]
        parts.append("[" + ", ".join(items) + "]")
    return node.name + "".join(parts)


def _plain(value: Any) -> Any:
    """Convert NumPy scalars to Python ones; leave arrays and strings alone."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _as_num(v: Any, what: str) -> Any:
    v = _plain(v)
    if isinstance(v, list | tuple):
        v = np.asarray(v, dtype=float)
    if isinstance(v, np.ndarray):
        if v.dtype.kind not in "biuf":
            raise CheckEvalError(f"{what} is not numeric")
        return v
    if isinstance(v, bool | int | float):
        return v
    raise CheckEvalError(f"{what} is {type(v).__name__} {v!r}, not a number")


def _truth(v: Any, what: str) -> bool:
    v = _plain(v)
    if isinstance(v, np.ndarray):
        if v.size == 1:
            return bool(v.reshape(-1)[0])
        raise CheckEvalError(f"{what} gives {v.size} values; wrap it in all(...) or any(...)")
    if isinstance(v, bool | int | float):
        return bool(v)
    raise CheckEvalError(f"{what} is {type(v).__name__}, not a truth value")


def _compare(op: str, a: Any, b: Any, tol: Any) -> Any:
    a, b = _plain(a), _plain(b)
    if isinstance(a, str) or isinstance(b, str):
        if not (isinstance(a, str) and isinstance(b, str)):
            raise CheckEvalError(f"cannot compare {a!r} with {b!r}")
        if op not in ("==", "!="):
            raise CheckEvalError(f"strings only compare with == or !=, not {op}")
        if tol is not None:
            raise CheckEvalError("a tolerance needs numbers, not strings")
        return (a == b) if op == "==" else (a != b)
    a, b = _as_num(a, "left side"), _as_num(b, "right side")
    with np.errstate(all="ignore"):
        if op in ("==", "!="):
            if tol is None:
                scale = np.maximum(np.abs(a), np.abs(b))
                close = np.abs(np.subtract(a, b, dtype=float)) <= _REL_TOL * scale + _ABS_TOL
            else:
                close = np.abs(np.subtract(a, b, dtype=float)) <= _as_num(tol, "tolerance")
            return close if op == "==" else np.logical_not(close)
        return {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op](
            a, b
        )


def _call(func: str, args: list[Any]) -> Any:
    if func == "approx":
        return _compare("==", args[0], args[1], args[2])
    if func in ("min", "max") and len(args) > 1:
        nums = [_as_num(a, f"{func}() argument") for a in args]
        return _plain((np.minimum if func == "min" else np.maximum).reduce(np.array(nums, float)))
    x = args[0]
    if func == "contains":
        text, part = _plain(args[0]), _plain(args[1])
        if not (isinstance(text, str) and isinstance(part, str)):
            raise CheckEvalError("contains() takes two strings")
        return part in text
    if func == "len":
        x = _plain(x)
        if isinstance(x, str | list | tuple):
            return len(x)
        x = _as_num(x, "len() argument")
        return int(np.shape(x)[0]) if np.ndim(x) else 1
    x = _as_num(x, f"{func}() argument")
    with np.errstate(all="ignore"):
        if func == "abs":
            return _plain(np.abs(x))
        if func in ("log10", "tanh", "exp"):
            return _plain(getattr(np, func)(np.asarray(x, dtype=float)))
        if func == "sigmoid":
            return _plain(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))))
        if np.size(x) == 0:
            raise CheckEvalError(f"{func}() of an empty array")
        reducers: dict[str, Callable[[np.ndarray], object]] = {
            "min": np.min,
            "max": np.max,
            "all": np.all,
            "any": np.any,
            "mean": np.mean,
            "sum": np.sum,
            "norm": np.linalg.norm,
        }
        return _plain(reducers[func](np.asarray(x, dtype=float)))


class _Evaluator:
    def __init__(self, lookup: Lookup):
        self.lookup = lookup
        self.observed: dict[str, Any] = {}

    def value(self, node: Node) -> Any:
        if isinstance(node, Num | Str | Bool):
            return node.value
        if isinstance(node, Name):
            index = tuple(tuple((k, self.index_value(e)) for k, e in group) for group in node.index)
            label = _label(node, index)
            try:
                v = self.lookup(node.name, index)
            except Exception as exc:  # an observable that cannot be read makes the check fail
                raise CheckEvalError(f"cannot read {label}: {exc}") from exc
            v = _plain(v)
            self.observed[label] = v
            return v
        if isinstance(node, Unary):
            return -_as_num(self.value(node.operand), "operand of -")
        if isinstance(node, Binary):
            a = _as_num(self.value(node.left), f"left of {node.op}")
            b = _as_num(self.value(node.right), f"right of {node.op}")
            with np.errstate(all="ignore"):
                if node.op == "/":
                    if np.any(np.asarray(b) == 0):
                        raise CheckEvalError("division by zero")
                    return _plain(np.true_divide(a, b))
                return _plain({"+": np.add, "-": np.subtract, "*": np.multiply}[node.op](a, b))
        if isinstance(node, Compare):
            result: Any = True
            left = self.value(node.first)
            for op, right_node, tol_node in zip(node.ops, node.rest, node.tols, strict=True):
                right = self.value(right_node)
                tol = None if tol_node is None else self.value(tol_node)
                result = np.logical_and(result, _compare(op, left, right, tol))
                left = right
            return _plain(result)
        if isinstance(node, Not):
            return not _truth(self.value(node.operand), "operand of not")
        if isinstance(node, BoolOp):
            truths = (_truth(self.value(n), f"operand of {node.op}") for n in node.items)
            return all(truths) if node.op == "and" else any(truths)
        if isinstance(node, Call):
            return _call(node.func, [self.value(a) for a in node.args])
        raise CheckEvalError(f"cannot evaluate {type(node).__name__}")  # pragma: no cover

    def index_value(self, node: Node) -> int:
        v = _plain(self.value(node))
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            raise CheckEvalError(f"an index must be a whole number, got {v!r}")
        return v


def evaluate(node: Node, lookup: Lookup) -> CheckOutcome:
    """Evaluate a parsed check.

    Parameters
    ----------
    node : Node
        From :func:`logicsim.lesson.checks.parse_check`.
    lookup : callable
        ``lookup(name, index) -> value`` reads an observable (see :data:`Lookup`).

    Returns
    -------
    CheckOutcome
        ``passed`` is False (with ``error`` set) when the check could not be evaluated.
    """
    ev = _Evaluator(lookup)
    try:
        value = ev.value(node)
        passed = _truth(value, "the check")
        if isinstance(value, float) and math.isnan(value):
            passed = False
        return CheckOutcome(passed, ev.observed)
    except CheckEvalError as exc:
        return CheckOutcome(False, ev.observed, str(exc))
    except (ArithmeticError, ValueError, TypeError) as exc:
        return CheckOutcome(False, ev.observed, f"{type(exc).__name__}: {exc}")
