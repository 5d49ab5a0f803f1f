"""Where a lesson's files go: a safe output folder, never a user's file.

A lesson may export a formula (``act = { do = "export_formula", format = "latex",
path = "bptt.tex" }``).  The ``path`` in a lesson is only a plain file name; the player writes it
inside its output folder (given to the player, or a fresh temporary folder created on the first
export in headless play).  The player replaces a file only if it wrote that file itself in
this session (a step played again after Back); any other existing file is left alone and the
step fails with a message.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from logicsim.errors import LogicsimError

__all__ = ["ExportFolder", "export_name_problem"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


def export_name_problem(name: object) -> str | None:
    """None if ``name`` is a plain file name a lesson may write, else what is wrong with it."""
    if not isinstance(name, str):
        return "expected a file name"
    if not _NAME.match(name) or ".." in name:
        return (
            f"{name!r} is not a plain file name (letters, digits, '_', '-', '.'; no folders): "
            "the player writes exports into its own output folder"
        )
    return None


class ExportFolder:
    """The output folder of one player and the files it wrote there.

    Parameters
    ----------
    folder : str or Path, optional
        Existing folder to write into; None = a temporary folder made on first use.
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self._folder = None if folder is None else Path(folder)
        self.written: set[Path] = set()  # files this player wrote (it may replace these)

    @property
    def folder(self) -> Path:
        """The folder (created on first use when none was given)."""
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="logicsim-lesson-"))
        elif not self._folder.is_dir():
            raise LogicsimError(f"lesson output folder {self._folder} does not exist")
        return self._folder

    def target(self, name: str) -> tuple[Path, bool]:
        """``(path, overwrite)`` for a lesson's export ``name``; refuses foreign files."""
        problem = export_name_problem(name)
        if problem is not None:
            raise LogicsimError(problem)
        path = self.folder / name
        mine = path in self.written
        if path.exists() and not mine:
            raise LogicsimError(
                f"{path} already exists and was not written by this lesson; "
                "it is left alone (choose another output folder)"
            )
        return path, mine

    def record(self, path: Path) -> None:
        """Remember that this player wrote ``path``."""
        self.written.add(path)
