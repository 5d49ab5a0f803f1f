"""The command line: every verb has --help, and errors are one line with a non-zero exit."""

import subprocess
import sys

import pytest

from logicsim.cli import COMMANDS, main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "logicsim", *args], capture_output=True, text=True)


@pytest.mark.parametrize("verb", COMMANDS)
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as exc:
        main([verb, "--help"])
    assert exc.value.code == 0
    assert verb in capsys.readouterr().out


def test_unknown_verb_is_one_line_error():
    out = run_cli("frobnicate")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert "frobnicate" in out.stderr


def test_no_verb_is_an_error():
    out = run_cli()
    assert out.returncode == 2 and "Traceback" not in out.stderr
