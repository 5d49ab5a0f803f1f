"""``logicsim train``: placeholder until its issue lands (owned by the train work)."""

from __future__ import annotations

import argparse

from logicsim.errors import CommandError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="(not yet available)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    raise CommandError("'logicsim train' is not available in this build yet")
