"""Names inside a parsed check: which observables it reads, and how their ``[...]`` fit.

``h[t=3, unit=0]`` is checked against the observable's index axes (from the workbench registry)
when the lesson is read, and turned into the ``{axis: value}`` dict ``Workbench.observe`` takes
when it is evaluated.
"""

from __future__ import annotations

from logicsim.lesson.checks import Binary, BoolOp, Call, Compare, Name, Node, Not, Unary

__all__ = ["names_in", "index_problem", "index_for"]


def names_in(node: Node) -> list[Name]:
    """Every observable :class:`Name` used in ``node`` (in reading order)."""
    found: list[Name] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            found.append(n)
            for group in reversed(n.index):
                stack.extend(expr for _, expr in reversed(group))
        elif isinstance(n, Unary | Not):
            stack.append(n.operand)
        elif isinstance(n, Binary):
            stack.extend([n.right, n.left])
        elif isinstance(n, Compare):
            stack.extend(t for t in reversed(n.tols) if t is not None)
            stack.extend(reversed(n.rest))
            stack.append(n.first)
        elif isinstance(n, BoolOp | Call):
            stack.extend(reversed(n.items if isinstance(n, BoolOp) else n.args))
    return sorted(found, key=lambda n: n.pos)


def index_problem(name: Name, axes: tuple[str, ...]) -> str | None:
    """Why ``name``'s ``[...]`` index does not fit an observable with ``axes``, or None."""
    items = [item for group in name.index for item in group]
    if not items:
        return None
    if not axes:
        return f"observable {name.name!r} takes no [index]"
    if len(items) > len(axes):
        return (
            f"{name.name} takes at most {len(axes)} index(es) ({', '.join(axes)}), got {len(items)}"
        )
    used: list[str] = []
    for position, (key, _) in enumerate(items):
        if key is None:
            key = axes[position]
        elif key not in axes:
            return f"{name.name} has no index {key!r} (indices: {', '.join(axes)})"
        if key in used:
            return f"{name.name}: index {key!r} is given twice"
        used.append(key)
    if sorted(used, key=axes.index) != list(axes[: len(used)]):
        return f"{name.name}: give index {axes[0]!r} before the later ones ({', '.join(axes)})"
    return None


def index_for(index: tuple, axes: tuple[str, ...]) -> dict[str, int] | None:
    """Turn evaluated ``[...]`` groups into the ``{axis: value}`` dict ``observe`` takes."""
    items = [item for group in index for item in group]
    if not items:
        return None
    out: dict[str, int] = {}
    for position, (key, value) in enumerate(items):
        out[key if key is not None else axes[position]] = value
    return out
