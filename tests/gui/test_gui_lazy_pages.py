"""Pages hidden at start are built on first show or first use, and then look and work as if
they had been built at start (gui/lazy.py, MainWindow.lazy_pages, RecurrentPanel.heatmaps)."""

import pytest

pytest.importorskip("PySide6")


def _font_sizes(widget):
    """Font point size of every widget under ``widget`` (and the fixed width of buttons, which
    :func:`logicsim_gui.fit.fix_width` measures in the font they have when built)."""
    from PySide6.QtWidgets import QAbstractButton, QWidget

    return [
        (
            type(w).__name__,
            round(w.font().pointSizeF(), 3),
            w.minimumWidth() if isinstance(w, QAbstractButton) else None,
        )
        for w in [widget, *widget.findChildren(QWidget)]
    ]


def test_hidden_tabs_are_not_built_at_start(main_window):
    from logicsim_gui.main_window import LAZY_PAGES
    from logicsim_gui.plots import ThemedPlot

    assert set(main_window.lazy_pages) == set(LAZY_PAGES)
    assert not any(page.is_built for page in main_window.lazy_pages.values())
    assert not main_window.lazy_pages["training_tab"].findChildren(ThemedPlot)  # no plot yet
    assert main_window.right_tabs.count() == 6 and main_window.logic_panel.tabs.count() == 4
    assert main_window.right_tabs.tabText(3) == "Training"


def test_selecting_a_tab_builds_it(qtbot, main_window):
    from logicsim_gui.training_tab import TrainingTab

    lazy = main_window.lazy_pages["training_tab"]
    main_window.right_tabs.setCurrentIndex(3)
    assert lazy.is_built
    tab = main_window.training_tab
    assert isinstance(tab, TrainingTab) and tab.isVisible()
    assert main_window.right_tabs.currentWidget() is tab  # the tab widget speaks of the page
    assert main_window.right_tabs.indexOf(tab) == 3
    assert not main_window.lazy_pages["batch_panel"].is_built  # only the one shown


def test_reading_the_attribute_builds_the_page_once(main_window):
    lazy = main_window.lazy_pages["demo_panel"]
    panel = main_window.demo_panel
    assert lazy.is_built and main_window.demo_panel is panel
    assert not panel.isVisible()  # built, but its tab is not selected
    main_window.right_tabs.setCurrentWidget(panel)
    assert main_window.right_tabs.currentIndex() == 5 and panel.isVisible()


def test_focus_target_on_a_page_not_built_builds_and_shows_it(qtbot, main_window):
    widget = main_window.focus("gradient.plot")
    assert main_window.lazy_pages["gradient_panel"].is_built
    assert widget is main_window.gradient_panel.plot and widget.isVisible()


def test_zoom_set_before_a_page_is_built_applies_to_it(qtbot, gui_wb):
    """A page built at 150 % has the fonts it has when built at start and zoomed to 150 %."""
    from logicsim_gui.main_window import MainWindow
    from PySide6.QtWidgets import QApplication

    def make():
        window = MainWindow(gui_wb, settings=None)
        qtbot.addWidget(window)
        window.resize(1600, 1000)
        window.show()
        qtbot.waitExposed(window)
        return window

    eager = make()  # reference: built at 100 % (read now), then zoomed
    pages = {name: getattr(eager, name) for name in eager.lazy_pages}
    eager.set_zoom(1.5)
    expected = {name: _font_sizes(page) for name, page in pages.items()}
    expected_ticks = eager.training_tab.acc_plot.zoom
    eager.set_zoom(1.0)
    eager.close()

    window = make()
    window.set_zoom(1.5)
    assert not any(page.is_built for page in window.lazy_pages.values())
    try:
        for name in window.lazy_pages:
            assert _font_sizes(getattr(window, name)) == expected[name], name
        assert window.training_tab.acc_plot.zoom == expected_ticks == 1.5  # plots zoom too
        window.right_tabs.setCurrentIndex(3)  # and stay so when shown
        QApplication.processEvents()
        assert _font_sizes(window.training_tab) == expected["training_tab"]
    finally:
        window.set_zoom(1.0)  # the application's font is shared with the other tests
        window.close()


def test_dark_palette_set_before_a_page_is_built_applies_to_it(qtbot, main_window):
    from logicsim_gui.palette import DARK

    main_window.set_theme("dark")
    try:
        plot = main_window.gradient_panel.plot  # built now
        assert plot.backgroundBrush().color().name() == DARK.background
        assert main_window.gradient_panel.plot is plot
    finally:
        main_window.set_theme("light")
    assert plot.backgroundBrush().color().name() != DARK.background  # and follows a switch


def test_closing_with_pages_never_built_builds_none(main_window):
    main_window.close()
    assert not any(page.is_built for page in main_window.lazy_pages.values())


def test_export_lists_the_plots_of_tabs_not_opened_yet(main_window):
    names = main_window.plots()
    assert main_window.lazy_pages["training_tab"].is_built
    assert any("loss" in name.lower() for name in names)
    assert "cell state c[t]" in names and "forget gate f[t]" in names  # as when built at start


def test_lstm_heatmaps_are_built_when_first_needed(qtbot, main_window):
    panel = main_window.recurrent_panel
    assert list(panel.heatmaps.made()) == ["h"]  # an RNN at start: only h
    main_window.wb.set("cell", "lstm")
    assert list(panel.heatmaps.made()) == ["h", "c"]  # the gates' tab is not shown yet
    assert panel.heatmaps["c"].isVisible()
    panel.heatmap_area.setCurrentIndex(1)
    assert list(panel.heatmaps.made()) == ["h", "c", "i", "f", "g", "o"]
    f = panel.heatmaps["f"]
    assert f.isVisible() and f.values.shape == panel.heatmaps["h"].values.shape
    assert f.scale.kind == "sequential" and f.time == main_window.wb.recurrent.time


def test_a_heatmap_read_before_it_is_needed_is_built_hidden(main_window):
    panel = main_window.recurrent_panel
    view = panel.heatmaps["o"]  # an RNN: no gates
    assert panel.heatmaps.is_made("i") and not view.isVisible()
    assert panel.heatmaps["c"] is panel.heatmaps["c"] and not panel.heatmaps["c"].isVisible()


def test_gate_heatmaps_built_at_150_percent_match_those_zoomed_after(qtbot, main_window):
    panel = main_window.recurrent_panel
    main_window.wb.set("cell", "lstm")
    main_window.set_zoom(1.5)
    try:
        panel.heatmap_area.setCurrentIndex(1)  # built now, at 150 %
        late = panel.heatmaps["i"]
        assert late.zoom == 1.5 and late.minimumHeight() == panel.heatmaps["h"].minimumHeight()
    finally:
        main_window.set_zoom(1.0)
    assert late.zoom == 1.0


def test_lazy_page_refuses_to_be_asked_for_while_it_is_built(qtbot):
    from logicsim_gui.lazy import LazyPage
    from PySide6.QtWidgets import QLabel

    holder = []

    def build():
        return holder[0].page()  # a build that needs its own page: a bug, named clearly

    lazy = LazyPage(build)
    qtbot.addWidget(lazy)
    holder.append(lazy)
    with pytest.raises(RuntimeError, match="while it was being built"):
        lazy.page()
    ok = LazyPage(lambda: QLabel("built"))
    qtbot.addWidget(ok)
    assert not ok.is_built
    ok.show()
    assert ok.is_built and ok.page().text() == "built" and ok.page().isVisible()


def test_timing_diagram_is_built_and_drawn_when_its_tab_is_first_shown(qtbot, main_window):
    wb, panel = main_window.wb, main_window.logic_panel
    assert not panel._wave_slot.is_built
    wb.set("circuit", "shift_register4")  # changes while it is hidden: nothing to redraw
    wb.set("input.D", 1)
    wb.act("run_cycles", n=3)
    main_window.set_zoom(1.25)
    try:
        panel.tabs.setCurrentIndex(1)  # Timing diagram
        assert panel._wave_slot.is_built and panel.waveform.isVisible()
        assert list(panel.waveform.lanes) == wb.logic.watched()
        assert panel.waveform.zoom == 1.25
        x, _ = panel.waveform.lanes["Q3"][0].getData()
        times = wb.logic.sample_times
        assert x[0] == times[0] and x[-1] == times[-1] + 1  # the cycles run before it was built
    finally:
        main_window.set_zoom(1.0)


def test_lazy_page_whose_build_fails_says_so_again_when_asked_again(qtbot):
    from logicsim_gui.lazy import LazyPage

    def build():
        raise ValueError("broken page")

    lazy = LazyPage(build)
    qtbot.addWidget(lazy)
    for _ in range(2):  # the same error each time, not "asked for while it was being built"
        with pytest.raises(ValueError, match="broken page"):
            lazy.page()
    assert not lazy.is_built
