"""A seeded GUI monkey in the suite: a few hundred random clicks, keys, slider and spin-box
values, tab switches and opens of good and malformed files must raise nothing uncaught.

The driver is ``benchmarks/monkey_gui.py`` (which runs thousands of events as a script).
pytest-qt fails the test on any exception raised in a Qt slot or virtual method; the monkey's
own hook and its record of exceptions raised by the calls it makes catch the rest.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _driver():
    spec = importlib.util.spec_from_file_location(
        "monkey_gui", ROOT / "benchmarks" / "monkey_gui.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_malformed_files_are_malformed(tmp_path):
    from logicsim.errors import USER_ERRORS
    from logicsim.lesson import read_lesson
    from logicsim.logic import load_circuit

    files = _driver().make_files(tmp_path)
    bad = [
        p
        for p in files["circuit"]
        if not p.endswith(("good.toml", "bom.toml", "loop.toml", "empty.toml"))
    ]
    for path in bad:
        with pytest.raises(USER_ERRORS):
            load_circuit(path)
    for path in files["lesson"]:
        if not path.endswith("good_lesson.toml"):
            with pytest.raises(USER_ERRORS):
                read_lesson(path)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_gui_events_raise_nothing_uncaught(qtbot, tmp_path, monkeypatch, seed):
    monkey = _driver().run(300, seed, tmp_path, setattr_=monkeypatch.setattr)
    assert sum(monkey.counts.values()) == 300
    assert monkey.counts.get("open_file", 0) > 0 and monkey.counts.get("click", 0) > 0
    assert not monkey.errors, "\n".join(monkey.errors[:3])
