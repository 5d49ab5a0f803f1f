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

from logicsim.errors import CommandError, LogicsimError, shorten, user_message

#: Verbs in the order ``logicsim --help`` lists them; each is ``logicsim.commands.<name>``.
COMMANDS = ("app", "train", "derive", "gradients", "circuit", "lesson")

__all__ = ["COMMANDS", "CommandError", "build_parser", "main"]

#: Exit code for bad input (argparse uses 2 too).
EXIT_USAGE = 2
#: Exit code when the user interrupts with Ctrl-C.
EXIT_INTERRUPTED = 130
#: Seeds are NumPy seeds: whole numbers 0 <= seed < 2**32 (``--seed``; with ``--seeds K`` the
#: members use seed .. seed + K - 1, all inside that range).
SEED_LIMIT = 2**32
#: Longest error line printed (a message quoting a huge value is cut).
MESSAGE_LIMIT = 400
#: What a user's input (an argument, a file) can make the core raise besides LogicsimError:
#: deeply nested TOML or JSON (RecursionError), NumPy's own value checks and 5,000-digit
#: integers (ValueError), out-of-range numbers (OverflowError), absurd sizes (MemoryError).
USER_INPUT_ERRORS = (RecursionError, ValueError, OverflowError, MemoryError)


class OneLineParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line naming the command and the argument."""

    def error(self, message: str) -> None:  # type: ignore[override]
        message = shorten(" ".join(message.split()), MESSAGE_LIMIT)
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
        check_seeds(args)
        check_output_names(args)
        code = args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write("logicsim: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # pragma: no cover - e.g. `logicsim ... | head`
        return 0
    except (LogicsimError, OSError, *USER_INPUT_ERRORS) as exc:
        sys.stderr.write(f"logicsim {args.command}: error: {_one_line(exc)}\n")
        return 1 if isinstance(exc, OSError) else EXIT_USAGE
    return int(code or 0)


def check_seeds(args: argparse.Namespace) -> None:
    """Refuse a ``--seed`` outside ``0 <= seed < 2**32`` (with ``--seeds K``: every member's).

    One check for every verb: any parsed argument named ``seed`` is a NumPy seed.
    """
    seed = getattr(args, "seed", None)
    if seed is None:
        return
    count = getattr(args, "seeds", 1)
    count = count if isinstance(count, int) and count > 0 else 1
    if not 0 <= seed <= SEED_LIMIT - count:
        top = SEED_LIMIT - count
        extra = f" with --seeds {count}" if count > 1 else ""
        raise CommandError(f"--seed must be between 0 and {top}{extra}, got {shorten(seed)}")


#: Options naming a file or folder to write; an empty value is refused, never ignored.
OUTPUT_OPTIONS = ("out", "vcd", "screenshot")


def check_output_names(args: argparse.Namespace) -> None:
    """Refuse ``--out ''`` and the like: an empty name would silently mean "no output"."""
    for name in OUTPUT_OPTIONS:
        value = getattr(args, name, None)
        if isinstance(value, str) and not value.strip():
            raise CommandError(f"--{name}: the file name is empty")


def _one_line(exc: BaseException) -> str:
    return user_message(exc, MESSAGE_LIMIT)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
