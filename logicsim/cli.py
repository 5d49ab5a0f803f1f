"""The ``logicsim`` command: one entry point, one verb per subcommand.

Each verb lives in :mod:`logicsim.commands` as a module with ``register(subparsers)`` (adds its
parser and sets ``func``) and keeps heavy imports inside its handler, so ``logicsim --help``
stays fast.  Every user error ends here as one line on stderr and a non-zero exit code, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from logicsim.errors import CommandError, LogicsimError

#: Verbs in the order ``logicsim --help`` lists them; each is ``logicsim.commands.<name>``.
COMMANDS = ("app", "train", "derive", "gradients", "circuit", "lesson")

__all__ = ["COMMANDS", "CommandError", "build_parser", "main"]

#: Exit code for bad input (argparse uses 2 too).
EXIT_USAGE = 2
#: Exit code when the user interrupts with Ctrl-C.
EXIT_INTERRUPTED = 130


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line naming the command and the argument."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see '{self.prog} --help')\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every verb of :data:`COMMANDS` registered."""
    from logicsim import __version__

    parser = OneLineParser(
        prog="logicsim",
        description="Recurrent neural networks told through digital logic.",
    )
    parser.add_argument("--version", action="version", version=f"logicsim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"logicsim.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 on success)."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        code = args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write("logicsim: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # pragma: no cover - e.g. `logicsim ... | head`
        return 0
    except (LogicsimError, OSError) as exc:
        sys.stderr.write(f"logicsim {args.command}: error: {_one_line(exc)}\n")
        return EXIT_USAGE if isinstance(exc, LogicsimError) else 1
    return int(code or 0)


def _one_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.filename}: {exc.strerror}"
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
