"""Write a set of output files that belong together, so a kill never leaves a mix of runs.

Every file of the set is first written into a fresh hidden staging folder inside the target
folder (``.logicsim-set-<pid>-<random>``); only when all of them are complete are they moved onto
their names, the manifest file (``history.json``) last, which lists the SHA-256 of every other
file of its set.  A kill while staging leaves the old set untouched (plus a staging folder that
the next run removes); a kill during the moves (milliseconds) leaves files whose hashes do not
match the manifest, which :func:`set_is_consistent` detects.

>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> with OutputSet(d) as s:
...     _ = s.write("a.txt", "one")
...     _ = s.write_manifest("m.json", {"x": float("nan")})
>>> set_is_consistent(d, "m.json")
True
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from logicsim.files import write_atomic

#: Name prefix of a staging folder; the writer's process id follows it.
STAGING_PREFIX = ".logicsim-set-"
#: A hidden temporary file left by an atomic write older than this (seconds) is stale.
STALE_SECONDS = 600.0


def json_safe(obj: Any) -> Any:
    """``obj`` with every non-finite float replaced by None (strict JSON has no NaN or inf).

    >>> json_safe({"a": [1.0, float("nan"), float("inf")]})
    {'a': [1.0, None, None]}
    """
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    return obj


def sha256(path: str | os.PathLike[str]) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale(folder: str | os.PathLike[str], names: tuple[str, ...]) -> list[str]:
    """Remove what killed runs left in ``folder``; returns the removed names.

    Staging folders of processes that no longer run, and hidden temporary files of atomic writes
    (``.<stem>.<random><suffix>``) to one of ``names`` that are older than
    :data:`STALE_SECONDS`.
    """
    removed: list[str] = []
    now = time.time()
    for entry in os.scandir(folder):
        name = entry.name
        if name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            pid = name[len(STAGING_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and (int(pid) == os.getpid() or _pid_alive(int(pid))):
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(name)
            continue
        for target in names:
            stem, suffix = os.path.splitext(target)
            if (
                name.startswith(f".{stem}.")
                and name.endswith(suffix)
                and entry.is_file(follow_symlinks=False)
                and now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            ):
                os.unlink(entry.path)
                removed.append(name)
                break
    return removed


class OutputSet:
    """A context manager that stages files in ``folder`` and moves them into place together.

    Files named by :meth:`write` / :meth:`write_with` are moved first, the manifest of
    :meth:`write_manifest` last.  If the block raises, nothing in ``folder`` changes.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.folder)
        )
        self.files: list[str] = []
        self.manifest: str | None = None

    def write(self, name: str, data: str | bytes) -> Path:
        """Stage ``data`` as file ``name``."""
        return self.write_with(name, lambda path: write_atomic(path, data))

    def write_with(self, name: str, writer: Callable[[Path], Any]) -> Path:
        """Stage file ``name`` written by ``writer(path)``."""
        path = self.staging / name
        writer(path)
        self.files.append(name)
        return path

    def write_manifest(self, name: str, record: dict[str, Any]) -> Path:
        """Stage ``record`` as strict JSON (NaN/inf as null) plus the hashes of the other files."""
        record = dict(json_safe(record))
        record["files"] = {f: sha256(self.staging / f) for f in self.files}
        text = json.dumps(record, indent=1, allow_nan=False) + "\n"
        self.manifest = name
        return self.write_with(name, lambda path: write_atomic(path, text))

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                order = [f for f in self.files if f != self.manifest]
                order += [self.manifest] if self.manifest else []
                for name in order:
                    os.replace(self.staging / name, self.folder / name)
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)


def set_is_consistent(folder: str | os.PathLike[str], manifest: str) -> bool:
    """True when every file the manifest lists is present with the hash it recorded."""
    try:
        record = json.loads(Path(folder, manifest).read_text(encoding="utf-8"))
        files = record.get("files", {})
        return all(sha256(Path(folder, f)) == h for f, h in files.items())
    except (OSError, ValueError):
        return False
