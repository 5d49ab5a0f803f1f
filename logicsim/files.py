"""Writing user-visible files safely: atomically, and never over an existing file unasked.

Every file logicsim writes (exports, sessions, waveforms, histories, pictures) goes through
:func:`write_atomic` or :func:`atomic_target`: the bytes land in a temporary file in the target's
own folder, which is then renamed over the target in one step (``os.replace``), so a crash or a
full disk never leaves half a file, and an existing file is replaced only with ``overwrite=True``.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from logicsim.errors import LogicsimError


def check_target(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Return ``path`` as a Path if it may be written; raise :class:`LogicsimError` if not.

    Refused: an existing file without ``overwrite``, a folder, a missing parent folder.
    """
    target = Path(path)
    if target.is_dir():
        raise LogicsimError(f"{target} is a folder, not a file")
    if target.exists() and not overwrite:
        raise LogicsimError(f"{target} already exists (use --force / overwrite=True to replace it)")
    if not target.parent.is_dir():
        raise LogicsimError(f"cannot write {target}: folder {target.parent} does not exist")
    return target


@contextmanager
def atomic_target(path: str | os.PathLike[str], *, overwrite: bool = False) -> Iterator[str]:
    """Yield a temporary file name beside ``path``; on success move it onto ``path``.

    For writers that want a file name (an image exporter, ``QPixmap.save``).  The temporary file
    keeps the target's suffix, so format detection by extension still works.  On any exception
    the temporary file is removed and ``path`` is untouched.
    """
    target = check_target(path, overwrite=overwrite)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix or ".tmp", dir=target.parent
    )
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; give the file normal permissions
        os.replace(tmp, target)
    except OSError as exc:
        raise LogicsimError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(target: Path) -> int:
    """Permissions for a new file: an overwritten file keeps its own, else 0666 less the umask."""
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, overwrite: bool = False
) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically; returns the Path."""
    with atomic_target(path, overwrite=overwrite) as tmp:
        binary = isinstance(data, bytes)
        with open(tmp, "wb" if binary else "w", encoding=None if binary else "utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(path)
