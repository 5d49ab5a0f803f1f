"""``logicsim lesson list | check | play``: output, exit codes, one-line errors."""

import json
import subprocess
import sys

import pytest

from logicsim.cli import main
from logicsim.lesson import lesson_dir, lesson_names

BAD = 'title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nset = { hiden_size = 4 }\n'
FAILING = """title = "fails"
summary = "a check that is false"
needs.circuit = "half_adder"
[[step]]
say = "A = 1"
set = { "input.A" = 1 }
check = ["net.S == 1"]
[[step]]
say = "wrong on purpose"
check = ["net.C == 1"]
"""


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "logicsim", "lesson", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_list(capsys):
    assert main(["lesson", "list"]) == 0
    out = [r for r in capsys.readouterr().out.splitlines() if r.split()[0] in lesson_names()]
    assert len(out) == len(lesson_names())
    default = next(r for r in out if r.startswith("01_"))
    assert "(default)" in default and "[en, bn]" in default
    assert main(["lesson", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["name"] for r in rows) == lesson_names()
    assert all(6 <= r["steps"] <= 20 and r["checks"] > 0 for r in rows)


def test_check_valid_and_invalid(tmp_path, capsys):
    files = [str(lesson_dir() / f"{n}.toml") for n in lesson_names()]
    assert main(["lesson", "check", *files]) == 0
    assert capsys.readouterr().out.count("ok  ") == len(files)
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["lesson", "check", files[0], str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out.count("ok  ") == 1
    line = captured.err.strip()
    assert line == (
        f"logicsim lesson: error: {bad}:5:9: step 1: unknown control 'hiden_size' "
        "(did you mean 'hidden_size'?)"
    )


def test_play_headless_json(capsys):
    assert main(["lesson", "play", "02", "--headless", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is True and report["lesson"] == lesson_names()[1]
    assert all(c["passed"] for c in report["checks"]) and len(report["checks"]) > 10


def test_play_names_the_first_failing_check(tmp_path):
    failing = tmp_path / "failing.toml"
    failing.write_text(FAILING, encoding="utf-8")
    out = run_cli("play", str(failing), "--headless")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr.strip() == (
        "logicsim lesson: first failing check: step 2 (line 10): net.C == 1 -> FAILED (net.C = 0)"
    )
    assert "1/2 checks passed" in out.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("play", "no_such_lesson", "--headless"), "no such lesson"),
        (("check", "missing.toml"), "missing.toml: No such file"),
        (("play",), "required: FILE|NAME"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_errors_are_one_line(args, fragment):
    out = run_cli(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert fragment in out.stderr


def test_play_without_headless_opens_the_app(monkeypatch, capsys):
    from logicsim.commands import app

    seen = []
    monkeypatch.setattr(app, "run", lambda args: seen.append(args) or 0)
    assert main(["lesson", "play", "03"]) == 0
    assert seen[0].lesson.endswith(f"{lesson_names()[2]}.toml") and seen[0].screenshot is None
    assert main(["lesson", "play", "03", "--json"]) == 2  # --json is for headless reports
    assert "--json needs --headless" in capsys.readouterr().err
