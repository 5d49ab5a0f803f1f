"""The exception a lesson file raises: :class:`LessonError`, located by file, line and column."""

from __future__ import annotations

from logicsim.errors import FileFormatError, LogicsimError

__all__ = ["LessonError", "CheckSyntaxError", "StepCancelled"]


class LessonError(FileFormatError):
    """A lesson file is malformed or asks for something the workbench does not have.

    The message reads ``path:line:col: what is wrong`` (line and column when known, 1-based).
    """


class StepCancelled(LogicsimError):
    """The learner cancelled a long move (:meth:`LessonPlayer.cancel`); the step was undone."""


class CheckSyntaxError(ValueError):
    """A check expression cannot be parsed or names something unknown.

    Parameters
    ----------
    message : str
        What is wrong, in words.
    offset : int
        0-based character offset inside the expression where the problem starts.
    """

    def __init__(self, message: str, offset: int = 0):
        self.message = message
        self.offset = max(0, int(offset))
        super().__init__(f"{message} (at character {self.offset + 1})")
