"""Hostile input to the app: every user action ends in one status line and the app stays usable.

The examples of issue 15: exceptions other than LogicsimError escaping the action handler, a
data seed the spin box cannot hold, gradient sizes the model cannot compute, corrupt settings.
"""

import pytest

from logicsim.workbench import Workbench


class _View:
    """A minimal view using ModelCalls over a workbench whose actions raise ``exc``."""

    def __init__(self, exc):
        from logicsim_gui.controls import ModelCalls

        class Raising:
            def act(self, *a, **k):
                raise exc

            set = act

        self.lines = []
        self.view = type("V", (ModelCalls,), {})()
        self.view.wb = Raising()
        self.view.status = self.lines.append


@pytest.mark.parametrize(
    "exc",
    [
        RecursionError("maximum recursion depth exceeded"),
        ValueError("Exceeds the limit (4300 digits) for integer string conversion"),
        OverflowError("Python int too large to convert to C int"),
        MemoryError(),
        OSError(28, "No space left on device"),
    ],
)
def test_the_action_handler_turns_user_errors_into_one_line(exc):
    v = _View(exc)
    v.view._act("tick")
    v.view._set("seed", 1)
    assert len(v.lines) == 2 and all(line and "\n" not in line for line in v.lines)


def test_a_programming_error_still_shows():
    v = _View(TypeError("bug"))
    with pytest.raises(TypeError):
        v.view._act("tick")


def test_every_whole_number_control_fits_a_spin_box():
    from logicsim.workbench.registry import CONTROLS

    for control in CONTROLS.values():
        if control.kind == "int":
            assert -(2**31) < control.low and control.high <= 2**31 - 1, control.name


def test_new_sequence_at_the_largest_data_seed(main_window, qtbot):
    wb = main_window.wb
    wb.set("data_seed", 2**31 - 1)  # the largest the spin box holds
    main_window.recurrent_panel._act("new_sequence")
    assert wb.get("data_seed") == 0  # wraps instead of overflowing the spin box
    with pytest.raises(Exception, match="above the maximum"):
        wb.set("data_seed", 2**31)


def test_gradient_steps_offer_only_what_is_computable(main_window, qtbot):
    wb, panel = main_window.wb, main_window.gradient_panel
    lines = []
    panel.status = lines.append
    wb.set("gradient.hidden_size", 64)
    bench = wb.gradient
    assert bench.max_steps < 2000
    assert panel.steps_box.maximum() == bench.max_steps
    with pytest.raises(Exception, match="too much work"):
        wb.set("steps", 2000)  # n = 64 with 2000 steps: refused, the model keeps its value
    assert wb.get("steps") <= bench.max_steps
    for theme in ("dark", "light"):
        main_window.set_theme(theme)  # a palette switch redraws every curve
    panel.refresh()


def test_corrupt_settings_are_ignored_with_a_note(tmp_path, qtbot):
    from logicsim_gui.main_window import MainWindow
    from logicsim_gui.settings import make_settings

    ini = tmp_path / "s.ini"
    ini.write_text(
        "[General]\nright_tab=abc\nlogic_tab=12345678901234567890\n"
        'controls="[1,2]"\nzoom=nan\ngeometry=garbage\n'
    )
    w = MainWindow(Workbench(), settings=make_settings(str(ini)))
    qtbot.addWidget(w)
    message = w.statusBar().currentMessage()
    assert "right_tab" in message and "logic_tab" in message and "controls" in message
    assert w.right_tabs.currentIndex() == 0
    w.close()


def test_a_remembered_circuit_that_fails_to_load_does_not_stop_the_app(tmp_path, qtbot):
    import json

    from logicsim_gui.main_window import MainWindow
    from logicsim_gui.settings import make_settings

    bad = tmp_path / "gone.toml"
    ini = tmp_path / "s.ini"
    settings = make_settings(str(ini))
    settings.setValue("controls", json.dumps({"circuit": str(bad), "seed": "x" * 5000}))
    settings.sync()
    wb = Workbench()
    before = wb.get("circuit")
    w = MainWindow(wb, settings=make_settings(str(ini)))
    qtbot.addWidget(w)
    assert wb.get("circuit") == before
    assert "controls.circuit" in w.statusBar().currentMessage()
    w.close()
