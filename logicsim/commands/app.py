"""``logicsim app``: start the desktop app, or render it offscreen to a PNG and exit."""

from __future__ import annotations

import argparse
import importlib


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "app",
        help="start the desktop app (also installed as logicsim-gui)",
        description="Start the desktop app. With --screenshot, render the window offscreen "
        "to a PNG file and exit (no display needed).",
    )
    p.add_argument(
        "--lesson",
        metavar="NAME",
        help="open this lesson (a name from 'logicsim lesson list' or a file)",
    )
    p.add_argument(
        "--screenshot", metavar="PNG", help="render the window to this PNG file and exit"
    )
    p.add_argument(
        "--force", action="store_true", help="allow --screenshot to overwrite an existing file"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The GUI package is imported only here, so the core never loads Qt.
    app = importlib.import_module("logicsim_gui.app")
    return app.run(lesson=args.lesson, screenshot=args.screenshot, force=args.force)
