"""Session files: a workbench snapshot written as JSON so a run replays exactly.

Arrays are stored as ``{"__array__": [...], "shape": [...], "dtype": "float64"}`` with NaN
written as ``null``; floats are written by Python's shortest round-trip ``repr``, so reading a
session back gives bit-identical numbers.  Writing is atomic (temp file then ``os.replace``) and
never replaces an existing file unless asked to.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from logicsim.errors import FileFormatError, LogicsimError, shorten
from logicsim.files import read_data_text, write_atomic

#: Format version written into every snapshot and session file.
VERSION = 1
#: Largest session file read (bytes); a saved session with trained weights is far smaller.
MAX_SESSION_BYTES = 32 << 20
#: Top-level keys every snapshot has.
KEYS = ("version", "linked_time", "logic", "recurrent", "gradient", "formula", "training")


def check_snapshot(state: Any) -> None:
    """Raise :class:`LogicsimError` unless ``state`` looks like a snapshot of this version."""
    if not isinstance(state, dict):
        raise LogicsimError("a workbench snapshot must be a mapping")
    missing = [k for k in KEYS if k not in state]
    if missing:
        raise LogicsimError(f"snapshot lacks {', '.join(missing)}")
    if state["version"] != VERSION:
        raise LogicsimError(f"snapshot version {state['version']!r} is not {VERSION}")


def to_json(value: Any) -> Any:
    """Plain-data snapshot -> JSON-safe structure (arrays tagged, NaN -> null)."""
    if isinstance(value, np.ndarray):
        flat = [None if isinstance(v, float) and v != v else v for v in value.ravel().tolist()]
        return {"__array__": flat, "shape": list(value.shape), "dtype": value.dtype.name}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, np.generic):
        return to_json(value.item())
    if isinstance(value, float) and value != value:
        return {"__float__": "nan"}
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return {"__float__": "inf" if value > 0 else "-inf"}
    return value


def from_json(value: Any) -> Any:
    """Inverse of :func:`to_json`."""
    if isinstance(value, dict):
        if "__array__" in value:
            dtype = np.dtype(value.get("dtype", "float64"))
            data = value["__array__"]
            if dtype.kind == "f":
                data = [np.nan if v is None else v for v in data]
            return np.array(data, dtype=dtype).reshape(value["shape"])
        if "__float__" in value:
            return float(value["__float__"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def save(state: dict[str, Any], path: str | os.PathLike[str], overwrite: bool = False) -> str:
    """Write a snapshot to ``path`` as JSON; returns the path."""
    text = json.dumps(to_json(state), indent=1, allow_nan=False)
    return os.fspath(write_atomic(path, text + "\n", overwrite=overwrite))


def load(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a session file; malformed files raise :class:`FileFormatError` naming file and line."""
    path = os.fspath(path)
    if not os.path.lexists(path):
        raise LogicsimError(f"{shorten(path)}: no such session file")
    text = read_data_text(path, MAX_SESSION_BYTES)
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(path, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise FileFormatError(path, "not a logicsim session: nested too deeply") from None
    try:
        state = from_json(raw)
        check_snapshot(state)
    except (LogicsimError, ValueError, TypeError) as exc:
        raise FileFormatError(path, f"not a logicsim session: {exc}") from None
    except RecursionError:
        raise FileFormatError(path, "not a logicsim session: nested too deeply") from None
    return state
