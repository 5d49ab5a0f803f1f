"""A seeded GUI monkey: random clicks, keys, slider and spin-box values, tab switches and file
opens (good and malformed files) on the whole window; it reports every uncaught exception.

Not a timing benchmark: a robustness run.  The suite runs a short version
(``tests/gui/test_gui_monkey.py``, a few hundred events); this script runs as many as asked:

    python benchmarks/monkey_gui.py --events 3000 --seed 1

Modal dialogs are replaced by stand-ins that answer at once (a file dialog picks one of the
generated files, a question says Yes, a message box is recorded), so the run never blocks.
Exit status 0 when no exception escaped, 1 otherwise (each is printed with its event).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HALF_ADDER = (
    'name = "half adder"\ninputs = ["A", "B"]\noutputs = ["S", "C"]\n[gates]\n'
    'S = { op = "XOR", in = ["A", "B"] }\nC = { op = "AND", in = ["A", "B"] }\n'
)
LESSON = 'format = 1\ntitle = "t"\nsummary = "s"\n[[step]]\nsay = "hello"\nact = ["tick"]\n'


def make_files(folder: Path) -> dict[str, list[str]]:
    """Small good and malformed circuit, lesson and session files in ``folder``, by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    circuits = {
        "good.toml": HALF_ADDER,
        "bom.toml": "\ufeff" + HALF_ADDER,
        "empty.toml": "",
        "junk.toml": "\x00\xff not toml [[[",
        "deep.toml": "a = " + "[" * 3000 + "]" * 3000 + "\n",
        "digits.toml": HALF_ADDER + "x = " + "9" * 5000 + "\n",
        "unknown_gate.toml": HALF_ADDER.replace('"XOR"', '"FOO"'),
        "loop.toml": 'name = "l"\ninputs = []\noutputs = ["Q"]\n[gates]\n'
        'Q = { op = "NOT", in = ["Q"] }\n',
        "self_use.toml": 'name = "s"\ninputs = ["A"]\noutputs = ["Y"]\n'
        '[instances]\nu = { use = "self_use.toml", in = { A = "A" } }\n',
    }
    lessons = {
        "good_lesson.toml": LESSON,
        "hang_lesson.toml": LESSON.replace(
            'act = ["tick"]', 'act = [{ do = "run_cycles", n = 100000, repeat = 1000 }]'
        ),
        "junk_lesson.toml": "title = [",
        "deep_lesson.toml": "x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n",
    }
    sessions = {
        "null_changed.json": json.dumps({"logic": {"sim": {"changed": None}}}),
        "bad_netlist.json": json.dumps({"logic": {"sim": {"netlist": {"x": 1}}}}),
        "negative_time.json": json.dumps({"recurrent": {"time": -5}}),
        "deep.json": "[" * 5000 + "]" * 5000,
        "junk.json": "{not json",
        "list.json": "[1, 2]",
    }
    out: dict[str, list[str]] = {"circuit": [], "lesson": [], "session": []}
    for kind, files in (("circuit", circuits), ("lesson", lessons), ("session", sessions)):
        for name, text in files.items():
            path = folder / name
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            out[kind].append(str(path))
    return out


class Monkey:
    """Drives ``window`` with random events from ``rng``; collects escaped exceptions."""

    KEYS = ("Space", "Right", "Left", "Up", "Down", "Return", "Escape", "Tab", "PageDown",
            "PageUp", "Home", "End", "N", "P", "T", "R", "0", "1", "9", "Minus")  # fmt: skip
    #: Buttons and menu entries never pressed: they would end the run or open a real browser.
    AVOID = ("quit", "exit", "close", "help", "about qt", "documentation")

    def __init__(self, window: Any, rng: random.Random, files: dict[str, list[str]], out: Path):
        from PySide6.QtWidgets import QApplication

        self.window, self.rng, self.files, self.out = window, rng, files, out
        self.app = QApplication.instance()
        self.errors: list[str] = []
        self.messages: list[str] = []
        self.counts: dict[str, int] = {}
        self.current = ""
        self.trace = False  # print every event as it starts (to find a hang)

    # -- modal stand-ins -----------------------------------------------------------------------
    def patch_dialogs(self, setattr_: Callable[[Any, str, Any], None]) -> None:
        """Replace every modal dialog the app opens by an immediate answer (``setattr_`` is
        ``monkeypatch.setattr`` in the test, plain ``setattr`` in the script)."""
        from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

        rng = self.rng

        def pick_file(*a: Any, **k: Any) -> tuple[str, str]:
            kind = rng.choice(("circuit", "session", "lesson", "none"))
            if kind == "none":
                return "", ""
            return rng.choice(self.files[kind]), ""

        def save_file(*a: Any, **k: Any) -> tuple[str, str]:
            return str(self.out / rng.choice(("s.json", "p.png", "p.svg", "p.csv", "f.tex"))), ""

        def get_item(parent: Any, title: str, label: str, items: list[str], *a: Any, **k: Any):
            editable = a[1] if len(a) > 1 else k.get("editable", True)
            choices = list(items) + (self.files["lesson"] if editable else [])  # typed in
            return (rng.choice(choices) if choices else ""), rng.random() < 0.9

        def message(*a: Any, **k: Any) -> Any:
            self.messages.append(" ".join(str(x) for x in a[1:3]))
            return QMessageBox.Yes

        setattr_(QFileDialog, "getOpenFileName", staticmethod(pick_file))
        setattr_(QFileDialog, "getSaveFileName", staticmethod(save_file))
        setattr_(QInputDialog, "getItem", staticmethod(get_item))
        for name in ("warning", "information", "about", "question", "critical"):
            setattr_(QMessageBox, name, staticmethod(message))
        setattr_(QDialog, "exec", lambda self_, *a: 0)

    # -- events --------------------------------------------------------------------------------
    def widgets(self, cls: Any) -> list[Any]:
        return [
            w
            for w in self.window.findChildren(cls)
            if w.isVisible() and w.isEnabled() and not self._avoided(w)
        ]

    def _avoided(self, w: Any) -> bool:
        text = (getattr(w, "text", lambda: "")() or "").replace("&", "").lower()
        return any(a in text for a in self.AVOID)

    def click(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QAbstractButton

        # a button with a drop-down menu opens it modally (Qt's own loop): not a click here
        buttons = [
            b for b in self.widgets(QAbstractButton) if getattr(b, "menu", lambda: None)() is None
        ]
        if buttons:
            b = self.rng.choice(buttons)
            self.current = f"click {b.text() or b.objectName() or type(b).__name__}"
            if self.trace:
                print(f"  {self.current} ({b.toolTip()[:60]!r})", file=sys.stderr, flush=True)
            QTest.mouseClick(b, Qt.LeftButton)

    def menu_action(self) -> None:
        def walk(actions: list[Any]) -> list[Any]:  # the menu bar's entries, submenus too
            found = []
            for a in actions:
                if a.menu() is not None:
                    found += walk(a.menu().actions())
                elif a.isEnabled() and a.text() and not a.isSeparator():
                    found.append(a)
            return found

        actions = [
            a
            for a in walk(self.window.menuBar().actions())
            if not any(x in a.text().lower() for x in self.AVOID)
        ]
        if actions:
            a = self.rng.choice(actions)
            self.current = f"menu {a.text()}"
            a.trigger()

    def key(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        name = self.rng.choice(self.KEYS)
        target = self.app.focusWidget() or self.window
        self.current = f"key {name} on {type(target).__name__}"
        QTest.keyClick(target, getattr(Qt, f"Key_{name}"))

    def slider(self) -> None:
        from PySide6.QtWidgets import QSlider

        sliders = self.widgets(QSlider)
        if sliders:
            s = self.rng.choice(sliders)
            v = self.rng.choice(
                (s.minimum(), s.maximum(), self.rng.randint(s.minimum(), s.maximum()))
            )
            self.current = f"slider {s.objectName() or s.toolTip()[:30]!r} -> {v}"
            s.setValue(v)

    def spin(self) -> None:
        from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

        boxes = self.widgets(QSpinBox) + self.widgets(QDoubleSpinBox)
        if boxes:
            b = self.rng.choice(boxes)
            lo, hi = b.minimum(), b.maximum()
            v = self.rng.choice((lo, hi, lo + (hi - lo) * self.rng.random()))
            v = int(v) if isinstance(b, QSpinBox) else v
            self.current = f"spin {b.toolTip()[:40]!r} -> {v}"
            b.setValue(v)

    def combo(self) -> None:
        from PySide6.QtWidgets import QComboBox

        combos = [c for c in self.widgets(QComboBox) if c.count()]
        if combos:
            c = self.rng.choice(combos)
            i = self.rng.randrange(c.count())
            self.current = f"combo {c.itemText(i)!r}"
            c.setCurrentIndex(i)

    def tab(self) -> None:
        from PySide6.QtWidgets import QTabWidget

        tabs = [t for t in self.widgets(QTabWidget) if t.count()]
        if tabs:
            t = self.rng.choice(tabs)
            i = self.rng.randrange(t.count())
            self.current = f"tab {t.tabText(i)!r}"
            t.setCurrentIndex(i)

    def text(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit

        edits = [e for e in self.widgets(QLineEdit) if not e.isReadOnly()]
        if edits:
            e = self.rng.choice(edits)
            words = ("BXYE", "0110", "", "9" * 400, "x" * 2000, "ab\u00e9", "-1", "BaXbYcE" * 20)
            e.setText(self.rng.choice(words))
            self.current = f"type {e.text()[:20]!r}"
            QTest.keyClick(e, Qt.Key_Return)

    def open_file(self) -> None:
        w = self.window
        kind = self.rng.choice(("circuit", "session", "lesson"))
        path = self.rng.choice(self.files[kind])
        self.current = f"open {kind} {Path(path).name}"
        if kind == "circuit":
            w._try(lambda: w.wb.set("circuit", path))
        elif kind == "session":
            w._try(lambda: w.load_session(path))
        else:
            w._try(lambda: w.open_lesson(path))

    def theme(self) -> None:
        name = self.rng.choice(("dark", "light"))
        self.current = f"theme {name}"
        self.window.set_theme(name)

    EVENTS = (("click", 6), ("key", 4), ("slider", 4), ("spin", 4), ("combo", 2), ("tab", 3),
              ("text", 1), ("open_file", 2), ("menu_action", 1), ("theme", 1))  # fmt: skip

    def step(self, n: int) -> None:
        """One random event, then let the event loop run."""
        names = [e for e, _ in self.EVENTS]
        weights = [w for _, w in self.EVENTS]
        name = self.rng.choices(names, weights)[0]
        self.counts[name] = self.counts.get(name, 0) + 1
        self.current = name
        before = len(self.errors)
        try:
            if self.trace:
                print(f"event {n}: {name}", file=sys.stderr, flush=True)
            getattr(self, name)()
            if self.trace:
                print(f"  {self.current}", file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 - raised straight out of a call the monkey made
            self.errors.append(f"event {n} ({self.current}):\n{traceback.format_exc()}")
        self.app.processEvents()
        for k in range(before, len(self.errors)):
            if not self.errors[k].startswith("event"):
                self.errors[k] = f"event {n} ({self.current}):\n{self.errors[k]}"

    def excepthook(self, kind: Any, value: BaseException, tb: Any) -> None:
        """Collects what escapes into Qt's event loop (slots, virtual methods)."""
        self.errors.append("".join(traceback.format_exception(kind, value, tb)))

    def finish(self) -> None:
        """Stop background work (a training started by a click) before the window goes."""
        tab = getattr(self.window, "training_tab", None)
        if tab is not None and getattr(tab, "running", False):
            tab.cancel()
        deadline = time.monotonic() + 30
        while tab is not None and getattr(tab, "running", False) and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)


def run(
    events: int,
    seed: int,
    folder: Path,
    setattr_: Callable[[Any, str, Any], None] = setattr,
    trace: bool = False,
):
    """Run ``events`` random events on a fresh window; returns the :class:`Monkey`."""
    from logicsim_gui.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    from logicsim.workbench import Workbench

    app = QApplication.instance() or QApplication([])
    window = MainWindow(Workbench(), settings=None)
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    monkey = Monkey(window, random.Random(seed), make_files(folder / "files"), folder)
    monkey.patch_dialogs(setattr_)
    monkey.trace = trace
    old_hook = sys.excepthook
    sys.excepthook = monkey.excepthook
    try:
        for n in range(events):
            monkey.step(n)
    finally:
        monkey.finish()
        sys.excepthook = old_hook
        window.close()
        window.deleteLater()
        app.processEvents()
    return monkey


def main() -> int:
    """Command line: ``--events N --seed S``; prints counts, time and every escaped exception."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trace", action="store_true", help="print each event as it starts")
    args = parser.parse_args()
    from logicsim_gui.app import _quiet_platform_notes

    _quiet_platform_notes()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        monkey = run(args.events, args.seed, Path(tmp), trace=args.trace)
    seconds = time.perf_counter() - t0
    counts = ", ".join(f"{k} {v}" for k, v in sorted(monkey.counts.items()))
    print(f"{args.events} events (seed {args.seed}) in {seconds:.1f} s: {counts}")
    print(f"message boxes shown: {len(monkey.messages)}; uncaught exceptions: {len(monkey.errors)}")
    for err in monkey.errors:
        print("-" * 72)
        print(err)
    return 1 if monkey.errors else 0


if __name__ == "__main__":
    sys.exit(main())
