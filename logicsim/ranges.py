"""One check for a number against its range (and a word against its choices), one message form.

The workbench's control specs (:mod:`logicsim.workbench.specs`) and the training configuration
(:mod:`logicsim.training.config`) both check numbers here, so a value out of range reads the same
wherever it was typed::

    train.hidden_size: 0 is below the minimum 1
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: Largest block of memory one request may ask for (a task's sequences, a table), in bytes.
MAX_REQUEST_BYTES = 2 * 1024**3


def check_request_bytes(where: str, nbytes: float, advice: str) -> None:
    """Refuse a request that would allocate more than :data:`MAX_REQUEST_BYTES` (one line).

    >>> check_request_bytes("b", 10.0**12, "use less")
    Traceback (most recent call last):
    ...
    logicsim.errors.LogicsimError: b: needs about 931.3 GB, more than the limit of 2 GB; use less
    """
    from logicsim.errors import LogicsimError

    if nbytes > MAX_REQUEST_BYTES:
        raise LogicsimError(
            f"{where}: needs about {nbytes / 1024**3:,.1f} GB, more than the limit of "
            f"{MAX_REQUEST_BYTES / 1024**3:g} GB; {advice}"
        )


def fmt_number(x: float) -> str:
    """A bound as a user would write it: ``1`` rather than ``1.0``."""
    return str(int(x)) if float(x).is_integer() else str(x)


def check_number(
    where: str, value: Any, kind: str, low: float | None = None, high: float | None = None
) -> int | float:
    """``value`` as an ``int`` or finite ``float`` (``kind``) within ``low..high`` (inclusive).

    Raises :class:`~logicsim.errors.LogicsimError` with one line starting with ``where``.  Booleans
    are not numbers; a whole float is accepted for an int.
    """
    from logicsim.errors import LogicsimError

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LogicsimError(f"{where}: expected a number, got {value!r}")
    if kind == "int":
        if isinstance(value, float) and not (math.isfinite(value) and value == int(value)):
            raise LogicsimError(f"{where}: expected a whole number, got {value!r}")
        value = int(value)
    else:
        value = float(value)
        if not math.isfinite(value):
            raise LogicsimError(f"{where}: expected a finite number, got {value!r}")
    if low is not None and value < low:
        raise LogicsimError(f"{where}: {value!r} is below the minimum {fmt_number(low)}")
    if high is not None and value > high:
        raise LogicsimError(f"{where}: {value!r} is above the maximum {fmt_number(high)}")
    return value


def check_choice(where: str, value: Any, choices: Sequence[Any] | None) -> Any:
    """``value`` if it is one of ``choices``; else one line starting with ``where``."""
    from logicsim.errors import LogicsimError

    allowed = tuple(choices or ())
    if not any(value == c and type(value) is type(c) for c in allowed):
        raise LogicsimError(f"{where}: {value!r} is not one of {', '.join(map(str, allowed))}")
    return value
