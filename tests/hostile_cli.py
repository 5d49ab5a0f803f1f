"""Running the CLI as hostile-input tests need: a subprocess with a timeout and a memory cap.

Shared by the hostile-input tests (imported by name: pytest puts this folder on ``sys.path``
through ``tests/conftest.py``, in the clone and when the suite runs from outside it).
"""

import resource
import subprocess
import sys

#: Address-space cap for one CLI run: NumPy, sympy and the interpreter fit well inside it.
MEMORY_LIMIT = 1500 << 20


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(*args, timeout=60, cwd=None):
    """Run the CLI with a timeout and a memory cap; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "logicsim", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        cwd=cwd,
    )


def one_line_error(run, code=2):
    """The run failed with ``code``, one line on stderr, no traceback."""
    assert run.returncode == code, (run.returncode, run.stdout[-500:], run.stderr[-500:])
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr[-1000:]
    return run.stderr
