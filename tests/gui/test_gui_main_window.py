"""The whole window: focus targets, sessions, export, palettes, shortcuts, linked time."""

import numpy as np
import pytest
from PySide6.QtCore import Qt


def test_every_focus_target_is_registered(main_window):
    from logicsim.workbench import FOCUS_TARGETS

    assert set(FOCUS_TARGETS) <= main_window.focus_registry.names()


def test_focus_switches_tab_and_frames_the_widget(qtbot, main_window):
    from logicsim_gui.focus import FocusFrame

    main_window.right_tabs.setCurrentIndex(0)
    widget = main_window.focus("gradient.plot")
    assert main_window.right_tabs.currentWidget() is main_window.gradient_panel
    assert widget.isVisible()
    assert widget.findChildren(FocusFrame)
    main_window.focus("logic.truth_table")
    assert main_window.logic_panel.tabs.currentWidget() is main_window.logic_panel.truth_page
    with pytest.raises(ValueError):
        main_window.focus("no.such.target")


def test_focus_gives_the_focused_bench_the_larger_share(qtbot, main_window):
    from logicsim_gui.main_window import FOCUS_SHARE

    main_window.resize(1366, 740)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.splitter.setSizes([700, 300])
    main_window.focus("gradient.plot")
    left, right = main_window.splitter.sizes()
    assert right / (left + right) >= FOCUS_SHARE - 0.02
    main_window.focus("logic.schematic")
    left, right = main_window.splitter.sizes()
    assert left / (left + right) >= FOCUS_SHARE - 0.02
    before = main_window.splitter.sizes()
    main_window.focus("logic.inputs")  # already the larger side: left alone
    assert main_window.splitter.sizes() == before


def test_export_writes_png_svg_csv_and_never_overwrites(tmp_path, main_window):
    from logicsim_gui.plots import export_plot

    from logicsim.errors import LogicsimError

    main_window.right_tabs.setCurrentWidget(main_window.gradient_panel)
    plot = main_window.gradient_panel.plot
    for suffix in ("png", "svg", "csv"):
        out = export_plot(plot, tmp_path / f"curve.{suffix}")
        assert out.stat().st_size > 100
    rows = (tmp_path / "curve.csv").read_text().splitlines()
    assert len(rows) >= main_window.wb.gradient.steps + 1
    assert (tmp_path / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(LogicsimError):
        export_plot(plot, tmp_path / "curve.png")
    with pytest.raises(LogicsimError):
        export_plot(plot, tmp_path / "curve.jpg")
    assert len(main_window.plots()) >= 5


def test_a_saved_session_reopens_to_the_same_numbers(tmp_path, qtbot, main_window):
    from logicsim_gui.main_window import MainWindow

    from logicsim.workbench import Workbench

    wb = main_window.wb
    wb.set("cell", "lstm")
    wb.set("hidden_size", 5)
    wb.set("time", 3)
    wb.set("eig1", 1.3)
    path = tmp_path / "run.json"
    main_window.save_session(path)
    shown_curve = main_window.gradient_panel.curve.getData()[1].copy()
    shown_bars = main_window.recurrent_panel.bar_items["c"].opts["height"].copy()

    other = MainWindow(Workbench(), settings=None)
    qtbot.addWidget(other)
    other.load_session(path)
    np.testing.assert_array_equal(other.gradient_panel.curve.getData()[1], shown_curve)
    np.testing.assert_array_equal(other.recurrent_panel.bar_items["c"].opts["height"], shown_bars)
    assert other.time_control.slider.value() == 3
    assert other.gradient_panel.sliders["eig1"].value() == 1300


def test_keyboard_steps_time_and_space_plays(qtbot, main_window):
    wb = main_window.wb
    wb.set("time", 0)
    main_window.activateWindow()
    main_window.time_control.step_forward()
    assert wb.recurrent.time == 1
    qtbot.keyClick(main_window, Qt.Key_Right)
    assert wb.recurrent.time == 2
    qtbot.keyClick(main_window, Qt.Key_Left)
    assert wb.recurrent.time == 1
    qtbot.keyClick(main_window, Qt.Key_Space)
    assert main_window.animator.is_active("time")
    qtbot.waitUntil(lambda: wb.recurrent.time >= 3, timeout=3000)
    qtbot.keyClick(main_window, Qt.Key_Space)
    assert not main_window.animator.is_active("time")


def test_linked_time_ticks_logic_and_rnn_together(main_window):
    wb = main_window.wb
    wb.set("time", 0)
    wb.set("linked_time", True)
    assert (
        main_window.time_control.linked.isChecked() and main_window.logic_panel.linked.isChecked()
    )
    cycle = wb.logic.cycle
    main_window.time_control.step_forward()
    assert wb.logic.cycle == cycle + 1 and wb.recurrent.time == 1
    assert f"cycle {cycle + 1}" in main_window.logic_panel.clock_label.text()
    assert main_window.time_control.label.text().startswith("t = 1")


def test_dark_palette_recolours_plots_and_schematic(main_window):
    from logicsim_gui.palette import DARK

    main_window.set_theme("dark")
    assert main_window.gradient_panel.plot.backgroundBrush().color().name() == DARK.background
    assert main_window.logic_panel.schematic.backgroundBrush().color().name() == DARK.background
    main_window.set_theme("light")


def test_layout_and_settings_are_remembered(tmp_path, qtbot, gui_wb):
    from logicsim_gui.main_window import MainWindow
    from logicsim_gui.settings import first_start, make_settings

    from logicsim.workbench import Workbench

    settings = make_settings(str(tmp_path / "s.ini"))
    assert first_start(settings)
    w1 = MainWindow(gui_wb, settings=settings)
    qtbot.addWidget(w1)
    gui_wb.set("cell", "lstm")
    gui_wb.set("eig1", 0.7)
    w1.right_tabs.setCurrentIndex(2)
    w1.set_theme("dark")
    w1.close()
    settings2 = make_settings(str(tmp_path / "s.ini"))
    assert not first_start(settings2)
    w2 = MainWindow(Workbench(), settings=settings2)
    qtbot.addWidget(w2)
    assert w2.wb.get("cell") == "lstm" and w2.wb.get("eig1") == pytest.approx(0.7)
    assert w2.right_tabs.currentIndex() == 2 and w2.theme.name == "dark"
    w2.set_theme("light")
    w2.close()


def test_every_control_has_a_tooltip(main_window):
    from logicsim_gui.lazy import LazyPage
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QPushButton, QSlider

    LazyPage.build_all(main_window)  # also the tabs not opened yet (built on first show)
    widgets = [
        w
        for cls in (QSlider, QComboBox, QAbstractSpinBox, QPushButton)
        for w in main_window.centralWidget().findChildren(cls)
    ]
    widgets = [w for w in widgets if not w.parent().inherits("QAbstractSpinBox")]
    assert len(widgets) > 40
    assert all(w.toolTip() for w in widgets), [
        w.text() if hasattr(w, "text") else w for w in widgets if not w.toolTip()
    ]


def test_gradient_plot_is_whole_on_a_1366_screen_when_a_lesson_points_at_it(qtbot, main_window):
    main_window.resize(1366, 740)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.focus("gradient.readouts")
    qtbot.wait(50)
    plot = main_window.gradient_panel.plot
    # the scene (axes, curve and the legend under it) is not wider than the view showing it
    assert plot.plotItem.layout.minimumWidth() <= plot.viewport().width() + 1
    assert plot.viewport().width() >= 250
