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


#: What a user's input can raise besides LogicsimError and OSError: deeply nested files
#: (RecursionError), huge or malformed numbers passed on to Python or NumPy (ValueError,
#: OverflowError) and sizes that do not fit (MemoryError).  The app's one action handler and the
#: command line catch exactly these, so a programming error (TypeError, ...) still shows.
USER_ERRORS: tuple[type[BaseException], ...] = (
    LogicsimError,
    OSError,
    RecursionError,
    ValueError,
    OverflowError,
    MemoryError,
)


def user_message(exc: BaseException, limit: int = 400) -> str:
    """One line for the user about ``exc`` (one of :data:`USER_ERRORS`), at most ``limit`` chars.

    >>> user_message(RecursionError("maximum recursion depth exceeded"))
    'the input is nested too deeply to read'
    >>> user_message(OverflowError("Python int too large to convert to C int"))
    'a number is too large: Python int too large to convert to C int'
    """
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "not enough memory for this request; try smaller sizes"
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}"
    elif isinstance(exc, OverflowError):
        text = f"a number is too large: {text}"
    return shorten(" ".join(text.split()), limit)
