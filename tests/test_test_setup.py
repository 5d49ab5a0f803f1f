"""The test set-up itself: a missing PyTorch fails loudly unless torch tests are deselected."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TORCH_TEST = "tests/workbench/test_wb_clip.py::test_clipping_caps_the_norm_and_keeps_the_direction"


def run_without_torch(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest in a fresh interpreter that cannot import torch (as if it were not installed)."""
    options = ["-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), "-p", "no:cacheprovider"]
    code = (
        "import sys, pytest; sys.modules['torch'] = None; "  # find_spec('torch') is then None
        f"sys.exit(pytest.main({options + list(args)!r}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_a_selected_torch_test_without_torch_is_an_error_not_a_skip(tmp_path):
    run = run_without_torch(tmp_path, "-q", str(ROOT / TORCH_TEST))
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, run.stdout + run.stderr
    assert "marked 'torch'" in run.stderr and "not installed" in run.stderr


def test_deselecting_torch_tests_runs_without_torch(tmp_path):
    run = run_without_torch(tmp_path, "-q", "-m", "not torch", str(ROOT / TORCH_TEST))
    assert run.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, run.stdout + run.stderr
    assert "1 deselected" in run.stdout
