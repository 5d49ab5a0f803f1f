"""Reading and writing user files safely: bounded reads, atomic writes, no surprises.

Every file logicsim writes (exports, sessions, waveforms, histories, pictures) goes through
:func:`write_atomic` or :func:`atomic_target`: the bytes land in a temporary file in the target's
own folder, which is then renamed over the target in one step (``os.replace``), so a crash or a
full disk never leaves half a file.  An existing file is replaced only with ``overwrite=True``,
and only when it is a regular file: a symbolic link (even a dangling one), a FIFO, a device or a
socket at the target is refused, so ``--force`` can never replace ``/dev/full`` or follow a link.

Every data file logicsim reads (circuits, lessons, sessions) goes through :func:`read_data_text`:
only regular files, at most a given number of bytes (a huge file or ``/dev/zero`` is refused
without being read whole, a FIFO without blocking), UTF-8 with an optional byte-order mark.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from logicsim.errors import FileFormatError, LogicsimError, shorten


def check_target(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Return ``path`` as a Path if it may be written; raise :class:`LogicsimError` if not.

    Refused: an empty name, an existing file without ``overwrite``, anything at the path that is
    not a regular file (folder, symbolic link -- dangling or not --, FIFO, device, socket), a
    missing parent folder.
    """
    if not os.fspath(path):
        raise LogicsimError("the output file name is empty")
    target = Path(path)
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise LogicsimError(f"cannot write {shorten(target)}: {exc.strerror or exc}") from None
    if st is not None:
        what = _kind(st.st_mode)
        if what == "folder":
            raise LogicsimError(f"{shorten(target)} is a folder, not a file")
        if what != "file":
            raise LogicsimError(
                f"{shorten(target)} is a {what}; logicsim only replaces regular files"
            )
        if not overwrite:
            raise LogicsimError(
                f"{shorten(target)} already exists (use --force / overwrite=True to replace it)"
            )
    if not target.parent.is_dir():
        raise LogicsimError(
            f"cannot write {shorten(target)}: folder {shorten(target.parent)} does not exist"
        )
    return target


def _kind(mode: int) -> str:
    """What a ``st_mode`` describes, in words ("file" for a regular file)."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"  # pragma: no cover


def read_data_text(
    path: str | os.PathLike[str],
    limit: int,
    *,
    shown: str | None = None,
    error: type[FileFormatError] = FileFormatError,
) -> str:
    """Read a data file (circuit, lesson, session) as text, refusing what is not reasonable.

    Parameters
    ----------
    path : path-like
        The file.  It must be a regular file (a symbolic link to one is fine).
    limit : int
        Largest accepted size in bytes; at most ``limit + 1`` bytes are ever read.
    shown : str, optional
        The name used in messages (default: ``path``).
    error : FileFormatError subclass
        Raised as ``error(shown, message, line)`` for every problem.

    Returns
    -------
    str
        The text, decoded as UTF-8; a leading byte-order mark (Windows Notepad) is dropped.
    """
    name = shorten(shown if shown is not None else os.fspath(path))
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise error(name, exc.strerror or "No such file") from None
    except OSError as exc:
        raise error(name, f"cannot read: {exc.strerror or exc}") from None
    try:
        what = _kind(os.fstat(fd).st_mode)
        if what != "file":
            raise error(name, f"is a {what}, not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise error(name, f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise error(name, f"file is larger than {limit} bytes")
    data = b"".join(chunks)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(name, "file is not UTF-8 text", line) from None


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
