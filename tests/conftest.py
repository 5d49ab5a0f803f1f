"""Shared test set-up.  Qt must run offscreen, so this is set before anything imports Qt."""

import importlib.util
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_collection_finish(session: pytest.Session) -> None:
    """Refuse to run tests marked ``torch`` without PyTorch, rather than skipping them.

    The full environment must have torch (the parity tests are the point); an environment
    without it deselects them explicitly with ``-m "not torch"``.
    """
    if session.testsfailed:  # collection errors: pytest reports those (nothing was deselected)
        return
    wanted = [item.nodeid for item in session.items if item.get_closest_marker("torch")]
    if wanted and importlib.util.find_spec("torch") is None:
        raise pytest.UsageError(
            f"{len(wanted)} selected tests are marked 'torch' (first: {wanted[0]}) but PyTorch is"
            ' not installed: pip install torch, or deselect them with -m "not torch"'
        )
