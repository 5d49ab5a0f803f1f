"""Reading observables by name: bench state -> plain Python values for checks and scripts.

Every observable in :data:`~logicsim.workbench.registry.OBSERVABLES` says how its whole value is
read (``read``: an attribute path from the workbench or a function of
:mod:`logicsim.workbench.readers`); this module reads it, indexes it and turns NumPy values into
Python ones.  Index tuples come from :func:`logicsim.workbench.registry.normalize_index`.  Axes
keep the lecture's numbering (``Observable.first``): ``h[t]`` for t = 0..T (``h[0]`` the initial
state), gates for t = 1..T; negative indices count from the end (``t = -1`` is T).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.workbench.registry import lookup_observable
from logicsim.workbench.specs import Observable, resolve

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench.workbench import Workbench


def plain(value: Any) -> Any:
    """NumPy scalars/arrays -> Python numbers/lists; tuples and lists converted item by item."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def pick(
    name: str,
    value: Any,
    idx: tuple[int, ...],
    axes: Sequence[str],
    first: Sequence[int] = (),
) -> Any:
    """Index ``value`` (an array or nested lists, rows may differ in length) by ``idx``.

    Axis ``k`` is numbered from ``first[k]`` (0 when not given); every index is checked against
    its axis and a bad one raises one line naming the observable, the axis and the range.
    """
    out = value
    for axis, i in enumerate(idx):
        lo = first[axis] if axis < len(first) else 0
        hi = lo + len(out) - 1
        k = i if i >= 0 else hi + 1 + i
        if not lo <= k <= hi:
            raise LogicsimError(f"{name}: {axes[axis]} = {i} is out of range {lo}..{hi}")
        out = out[k - lo]
    return plain(out)


def read(wb: Workbench, spec: Observable, name: str) -> Any:
    """The whole value of observable ``spec`` (called ``name``) before indexing."""
    if callable(spec.read):
        value = spec.read(wb, name)
    elif spec.read:
        value = resolve(wb, spec.read)
    else:  # pragma: no cover - a table entry without a reader is a bug the tests catch
        raise LogicsimError(f"observable {name!r} is not wired to the workbench")
    return bool(value) if spec.kind == "bool" else value


def observe(wb: Workbench, name: str, idx: tuple[int, ...]) -> Any:
    """Value of observable (or control) ``name`` at index ``idx``."""
    spec = lookup_observable(name)
    if not isinstance(spec, Observable):  # a control's current value (or input.<NET>)
        return plain(wb.get(name))
    return pick(name, read(wb, spec, name), idx, spec.axes, spec.first)
