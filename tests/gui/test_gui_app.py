"""``logicsim app --screenshot``: a real PNG of the whole window; start-up stays light."""

import struct
import subprocess
import sys
import zlib

import pytest


def _png_size_and_pixels(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data


@pytest.mark.slow
def test_screenshot_writes_a_non_trivial_png(tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "shot.png"
    run = subprocess.run(
        [sys.executable, "-m", "logicsim", "app", "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    width, height, _ = _png_size_and_pixels(out)
    assert (width, height) == (1920, 1080)
    image = QImage(str(out))
    colours = {image.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 23)}
    assert len(colours) > 20  # drawn, not a blank frame
    again = subprocess.run(
        [sys.executable, "-m", "logicsim", "app", "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2 and "already exists" in again.stderr
    assert zlib.crc32(out.read_bytes())  # still the first file


def test_screenshot_argument_errors_are_one_line(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "logicsim", "app", "--screenshot", str(tmp_path / "no" / "x.png")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "does not exist" in run.stderr


@pytest.mark.slow
def test_start_up_loads_neither_sympy_nor_torch(tmp_path):
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from logicsim_gui.app import build_window\n"
        "app, w = build_window(remember=False)\n"
        "w.show(); app.processEvents()\n"
        "print('sympy' in sys.modules, 'torch' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-2:] == ["False", "False"]


@pytest.mark.slow
def test_screenshot_with_a_lesson_and_a_bad_lesson_name(tmp_path):
    from logicsim.lesson import DEFAULT_LESSON as name

    out = tmp_path / "lesson.png"
    run = subprocess.run(
        [sys.executable, "-m", "logicsim", "app", "--lesson", name, "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert out.stat().st_size > 10_000
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "logicsim",
            "app",
            "--lesson",
            "no_such_lesson_xyz",
            "--screenshot",
            str(tmp_path / "bad.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("logicsim app: error:") and "Traceback" not in bad.stderr
    assert not (tmp_path / "bad.png").exists()


def test_qt_binding_check_refuses_the_release_that_crashes(monkeypatch):
    import sys
    from collections import namedtuple

    import PySide6
    from logicsim_gui import check_qt_binding

    from logicsim.errors import CommandError

    version = namedtuple("version", "major minor micro releaselevel serial")
    check_qt_binding()  # the installed release is fine
    monkeypatch.setattr(PySide6, "__version__", "6.12.0")
    monkeypatch.setattr(sys, "version_info", version(3, 11, 7, "final", 0))
    with pytest.raises(CommandError, match=r"PySide6 6\.12\.0 crashes on Python"):
        check_qt_binding()
    monkeypatch.setattr(sys, "version_info", version(3, 12, 0, "final", 0))
    check_qt_binding()  # fixed by Python 3.12 (None is immortal there)
