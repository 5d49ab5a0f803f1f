"""Exceptions the core raises for bad input.

Everything a user can get wrong (a file, an argument, a value) raises a subclass of
:class:`LogicsimError` carrying a one-line message; the command line prints that line and exits
non-zero without a traceback.  ``LogicsimError`` subclasses ``ValueError`` so library users can
catch either.
"""

from __future__ import annotations

#: Longest echo of a user's value in a message (a 100 KB argument is shown by its start).
ECHO_LIMIT = 80


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """``str(value)`` cut to about ``limit`` characters for an error message.

    A longer text keeps its start and says how much was left out, so a pasted 100 KB argument
    or a huge number never floods the terminal.
    """
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


class LogicsimError(ValueError):
    """Base class: a one-line, user-facing explanation of what is wrong."""


class FileFormatError(LogicsimError):
    """A data file (circuit, lesson, session) is malformed.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    line, column : int or None
        1-based position of the problem when it is known.
    message : str
        What is wrong, in words.
    """

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = str(path)
        self.line = line
        self.column = column
        self.message = message
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class CommandError(LogicsimError):
    """A command-line verb was given arguments it cannot act on."""
