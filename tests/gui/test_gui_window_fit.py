"""The window fits a 1280 × 720 projector in every state, zooms, and has a presentation mode."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

#: The smallest projector the window must fit.
LIMIT = (1280, 720)


def _min_size(window):
    QApplication.processEvents()
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    return hint.width(), hint.height()


def _fits(window):
    width, height = _min_size(window)
    return width <= LIMIT[0] and height <= LIMIT[1]


@pytest.fixture
def small_window(main_window):
    """The main window at exactly 1280 × 720."""
    main_window.resize(*LIMIT)
    QApplication.processEvents()
    return main_window


def test_every_library_circuit_fits_and_never_grows_the_window(small_window):
    from logicsim.logic import library_names

    for name in library_names():
        small_window.wb.set("circuit", name)
        assert _fits(small_window), (name, _min_size(small_window))
        assert (small_window.width(), small_window.height()) == LIMIT, name


def test_nine_input_buttons_wrap_instead_of_widening(small_window):
    panel = small_window.logic_panel
    small_window.wb.set("circuit", "ripple_adder4")
    QApplication.processEvents()
    buttons = list(panel.input_buttons.values())
    assert len(buttons) >= 9
    assert len({b.y() for b in buttons}) > 1  # more than one row
    right = max(b.geometry().right() for b in buttons)
    assert right <= panel.inputs_box.contentsRect().right()


def test_lstm_every_tab_and_training_fit(small_window):
    wb = small_window.wb
    wb.set("cell", "lstm")
    wb.set("hidden_size", 8)
    assert _fits(small_window), _min_size(small_window)
    for tabs in (small_window.right_tabs, small_window.logic_panel.tabs):
        for k in range(tabs.count()):
            tabs.setCurrentIndex(k)
            assert _fits(small_window), (tabs.tabText(k), _min_size(small_window))
    for kind in ("set", "reset", "none"):
        wb.act("neuron_pulse", input=kind)
    wb.set("train.epochs", 1)
    wb.set("train.batches", 2)
    wb.act("train")
    small_window.show_status("trained " + "a long status line " * 30)
    assert _fits(small_window), _min_size(small_window)
    assert (small_window.width(), small_window.height()) == LIMIT
    small_window.logic_panel.tabs.setCurrentWidget(small_window.neuron_panel)
    QApplication.processEvents()
    assert small_window.neuron_panel.plot.height() >= 180  # still a usable plot


def test_every_lesson_fits(small_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from logicsim.lesson import lesson_names

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    for name in lesson_names():
        small_window.open_lesson(name)
        small_window.lesson_dock.next()
        assert _fits(small_window), (name, _min_size(small_window))
    # every step of the first lesson (its question cards are taller than the window's share)
    small_window.open_lesson("01_combinational_vs_sequential")
    player = small_window.lesson_dock.player
    while not player.at_end:
        player.forward()
        assert _fits(small_window), (player.position, _min_size(small_window))
        assert (small_window.width(), small_window.height()) == LIMIT, player.position


def test_the_neural_flip_flop_plot_keeps_a_usable_height(small_window):
    small_window.logic_panel.tabs.setCurrentWidget(small_window.neuron_panel)
    for kind in ("set", "none", "reset", "both"):
        small_window.wb.act("neuron_pulse", input=kind)
    QApplication.processEvents()
    assert small_window.neuron_panel.plot.height() >= 140


def test_first_size_fits_the_screen(qtbot, gui_wb):
    from logicsim_gui.main_window import FIRST_SIZE, MainWindow

    window = MainWindow(gui_wb, settings=None)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.width() <= min(FIRST_SIZE[0], room.width())
    assert window.height() <= min(FIRST_SIZE[1], room.height())


def test_banner_says_oscillation_once_and_long_text_does_not_widen(small_window):
    panel = small_window.logic_panel
    small_window.wb.set("initial_state", "zero")
    small_window.wb.set("circuit", "sr_latch_nor")  # Q = Qn = 0 with S = R = 0: lockstep
    QApplication.processEvents()
    assert small_window.wb.logic.oscillating
    assert panel.banner.isVisible()
    assert panel.banner.text().count("Oscillation") == 1
    panel.banner.setText("⚠ " + "very long explanation " * 40)
    assert _fits(small_window)
    assert panel.banner.toolTip().startswith("⚠ very long")
    assert panel.banner.shown_text().endswith("…")


def test_buttons_keep_their_width_when_their_label_changes(small_window):
    run = small_window.logic_panel.run_button
    before = run.width()
    small_window.logic_panel.clock_box._animator_activity("logic", True)
    QApplication.processEvents()
    assert run.text().startswith("Pause") and run.width() == before
    small_window.logic_panel.clock_box._animator_activity("logic", False)


# -- zoom --------------------------------------------------------------------------------------
def test_zoom_in_out_reset_scale_the_font_and_clamp(small_window):
    from logicsim_gui.zoom import ZOOM_MAX, ZOOM_MIN, base_point_size

    base = base_point_size()
    w = small_window
    w.zoom_in()
    assert w.zoom == 1.125
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.125)
    plot = w.gradient_panel.plot
    assert plot.getAxis("bottom").style["tickFont"].pointSizeF() == pytest.approx(9 * 1.125)
    legend = w.training_tab.acc_plot.legend
    assert {label.opts["size"] for _, label in legend.items} == {"11.25pt"}
    for _ in range(20):
        w.zoom_in()
    assert w.zoom == ZOOM_MAX
    for _ in range(30):
        w.zoom_out()
    assert w.zoom == ZOOM_MIN
    assert QApplication.font().pointSizeF() == pytest.approx(base * ZOOM_MIN)
    w.zoom_reset()
    assert w.zoom == 1.0
    assert QApplication.font().pointSizeF() == pytest.approx(base)


def test_zoom_keys_and_fonts_a_view_set_itself(qtbot, small_window):
    w = small_window
    formula_font = w.formula_pane.text.font().pointSizeF()
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key_Equal, Qt.ControlModifier)
    assert w.zoom == 1.125
    assert w.formula_pane.text.font().pointSizeF() == pytest.approx(formula_font * 1.125)
    qtbot.keyClick(w, Qt.Key_0, Qt.ControlModifier)
    assert w.zoom == 1.0
    assert w.formula_pane.text.font().pointSizeF() == pytest.approx(formula_font)


def test_zoom_calls_apply_zoom_on_views(small_window):
    from PySide6.QtWidgets import QWidget

    seen = []

    class Probe(QWidget):
        def apply_zoom(self, factor):
            seen.append(factor)

    Probe(small_window.logic_panel)
    small_window.set_zoom(1.5)
    assert seen == [1.5]
    small_window.set_zoom(1.0)


def test_zoom_is_remembered(tmp_path, qtbot, gui_wb):
    from logicsim_gui.main_window import MainWindow
    from logicsim_gui.settings import make_settings
    from logicsim_gui.zoom import base_point_size

    from logicsim.workbench import Workbench

    path = str(tmp_path / "s.ini")
    first = MainWindow(gui_wb, settings=make_settings(path))
    qtbot.addWidget(first)
    first.set_zoom(1.5)
    first.close()
    second = MainWindow(Workbench(), settings=make_settings(path))
    qtbot.addWidget(second)
    try:
        assert second.zoom == 1.5
        assert QApplication.font().pointSizeF() == pytest.approx(base_point_size() * 1.5)
    finally:
        second.set_zoom(1.0)


def test_at_150_percent_the_window_fits_1080p(main_window):
    main_window.set_zoom(1.5)
    try:
        width, height = _min_size(main_window)
        assert width <= 1920 and height <= 1080
    finally:
        main_window.set_zoom(1.0)


# -- presentation mode -------------------------------------------------------------------------
def test_f11_enters_presentation_and_escape_leaves(qtbot, small_window):
    w = small_window
    w.activateWindow()
    qtbot.keyClick(w, Qt.Key_F11)
    assert w.presentation.active
    assert w.presentation.bar.isVisible()
    assert not w.menuBar().isVisible() and not w.lesson_dock.isVisible()
    assert w.logic_panel.isVisible() != w.right_tabs.isVisible()  # one bench at a time
    qtbot.keyClick(w, Qt.Key_Escape)
    assert not w.presentation.active
    assert not w.presentation.bar.isVisible()
    assert w.menuBar().isVisible() and w.lesson_dock.isVisible()
    assert w.logic_panel.isVisible() and w.right_tabs.isVisible()


def test_next_in_the_bar_advances_the_lesson_and_shows_its_narration(qtbot, small_window):
    w = small_window
    w.open_lesson("02_latches_need_gain")
    w.presentation.enter()
    try:
        bar = w.presentation.bar
        assert "Latches need gain" in bar.title.text()
        before = w.lesson_dock.player.position
        qtbot.mouseClick(bar.next_button, Qt.LeftButton)
        assert w.lesson_dock.player.position == before + 1
        step = w.lesson_dock.player.current
        assert step.heading("en") in bar.text.toPlainText()
        qtbot.mouseClick(bar.back_button, Qt.LeftButton)
        assert w.lesson_dock.player.position == before
    finally:
        w.presentation.leave()


def test_presentation_follows_the_lesson_focus(small_window):
    w = small_window
    w.presentation.enter()
    try:
        w.focus("logic.schematic")
        assert w.logic_panel.isVisible() and not w.right_tabs.isVisible()
        w.focus("gradient.plot")
        assert w.right_tabs.isVisible() and not w.logic_panel.isVisible()
    finally:
        w.presentation.leave()


def test_neural_flip_flop_buttons_stay_put_when_the_readouts_change(qtbot, main_window):
    panel = main_window.neuron_panel
    main_window.logic_panel.tabs.setCurrentWidget(panel)
    QApplication.processEvents()
    before = {k: b.mapTo(panel, b.rect().topLeft()) for k, b in panel.buttons.items()}
    qtbot.mouseClick(panel.buttons["set"], Qt.LeftButton)
    main_window.wb.set("neuron.w", 0.5)
    qtbot.mouseClick(panel.buttons["none"], Qt.LeftButton)
    QApplication.processEvents()
    after = {k: b.mapTo(panel, b.rect().topLeft()) for k, b in panel.buttons.items()}
    assert after == before


def test_the_adapter_uses_the_docks_presentation_api_when_it_has_one(qtbot):
    from logicsim_gui.presentation import LessonAdapter
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

    class Dock(QObject):  # the API of branch lessonengine's LessonDock
        stepped = Signal(int)
        narration_changed = Signal(str, str)

        def __init__(self):
            super().__init__()
            self.player = object()
            self.moves = []
            self.title, self.hint = QLabel("Lesson"), QLabel("")
            self.progress = QProgressBar()
            self.next_button, self.back_button = QPushButton("Next ▶"), QPushButton("◀ Back")

        def next_step(self):
            self.moves.append("next")

        def back_step(self):
            self.moves.append("back")

        def narration_text(self):
            return "Step", "### Step\n\nnarration from the dock"

    dock = Dock()
    adapter = LessonAdapter(dock)
    seen = []
    adapter.changed.connect(lambda: seen.append(1))
    dock.narration_changed.emit("Step", "text")
    assert seen
    assert "narration from the dock" in adapter.narration()
    adapter.next_step()
    adapter.back_step()
    assert dock.moves == ["next", "back"]


# -- no sideways scrolling at 1280 × 720 ------------------------------------------------------
@pytest.fixture
def app_font_11():
    """The application font of ``logicsim app`` (11 pt), restored afterwards."""
    from PySide6.QtGui import QFont

    app = QApplication.instance()
    old_font, old_base = QFont(app.font()), app.property("zoom_base_pt")
    font = QFont(old_font)
    font.setPointSize(11)
    app.setFont(font)
    app.setProperty("zoom_base_pt", 11.0)
    yield
    app.setFont(old_font)
    app.setProperty("zoom_base_pt", old_base)


def _page_areas(window):
    """(name, scroll area) of the current page of each tab widget and of the logic bench."""
    from PySide6.QtWidgets import QScrollArea, QTabWidget

    QApplication.processEvents()
    QApplication.processEvents()  # a page built on its first show lays out in a second pass
    areas = [("logic bench", window.logic_area)]
    tabs = window.right_tabs
    page = QTabWidget.widget(tabs, tabs.currentIndex())  # the scroll area, not the page
    if not isinstance(page, QScrollArea):
        page = page.findChild(QScrollArea)
    areas.append((tabs.tabText(tabs.currentIndex()), page))
    logic = window.logic_panel.tabs
    areas.append(
        (logic.tabText(logic.currentIndex()), QTabWidget.widget(logic, logic.currentIndex()))
    )
    return areas


def _sideways(window):
    return {name: area.horizontalScrollBar().maximum() for name, area in _page_areas(window)}


@pytest.mark.parametrize(
    ("size", "zoom", "cell"),
    [
        ((1280, 720), 1.0, "rnn"),
        ((1280, 720), 1.0, "lstm"),
        ((1366, 768), 1.5, "lstm"),
        ((1920, 1080), 1.5, "lstm"),
    ],
)
def test_no_bench_scrolls_sideways(app_font_11, small_window, size, zoom, cell):
    w = small_window
    w.resize(*size)
    w.open_lesson("01_combinational_vs_sequential")
    w.wb.set("cell", cell)
    w.set_zoom(zoom)
    try:
        for k in range(w.right_tabs.count()):
            w.right_tabs.setCurrentIndex(k)
            for j in range(w.logic_panel.tabs.count()):
                w.logic_panel.tabs.setCurrentIndex(j)
                sideways = _sideways(w)
                assert not any(sideways.values()), (w.right_tabs.tabText(k), j, sideways)
    finally:
        w.set_zoom(1.0)


def test_the_gradient_plot_is_whole_and_its_sliders_in_view_when_narrow(app_font_11, small_window):
    w = small_window
    w.open_lesson("01_combinational_vs_sequential")
    panel = w.gradient_panel
    w.right_tabs.setCurrentWidget(panel)
    QApplication.processEvents()
    (_, area) = _page_areas(w)[1]
    view = area.viewport()
    plot = panel.plot
    right = plot.mapTo(view, plot.rect().topRight()).x()
    assert 0 < right <= view.width()  # the plot's right end is inside the visible page
    assert panel.stacked()  # too narrow to stand beside the controls: above them
    slider = panel.sliders["eig1"]
    assert slider.mapTo(view, slider.rect().bottomLeft()).y() <= view.height()  # both in view
    w.resize(1920, 1080)
    w.splitter.setSizes([600, 1200])
    QApplication.processEvents()
    assert not panel.stacked()  # a wide page: the controls beside the plot again
    assert area.horizontalScrollBar().maximum() == 0


def test_the_step_box_grows_for_its_wrapped_rows(app_font_11, small_window):
    w = small_window
    w.open_lesson("01_combinational_vs_sequential")
    w.wb.set("cell", "lstm")
    w.right_tabs.setCurrentWidget(w.recurrent_panel)
    QApplication.processEvents()
    box = w.recurrent_panel.gates_box
    for check, spin in w.recurrent_panel.overrides.values():
        for widget in (check, spin):
            bottom = widget.mapTo(box, widget.rect().bottomRight())
            assert bottom.y() <= box.height() and bottom.x() <= box.width()


def _tick_size(check):
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    check.initStyleOption(option)
    return check.style().subElementRect(QStyle.SE_CheckBoxIndicator, option, check).width()


def test_check_box_ticks_grow_with_the_zoom(small_window):
    check = small_window.training_tab.model_checks["lstm"]
    at_100 = _tick_size(check)
    small_window.set_zoom(1.5)
    try:
        QApplication.processEvents()
        assert _tick_size(check) >= round(1.5 * at_100) - 1
    finally:
        small_window.set_zoom(1.0)
    QApplication.processEvents()
    assert _tick_size(check) == at_100


def test_zoom_scales_a_view_font_once_and_the_batch_table_fits_it(small_window):
    table = small_window.batch_panel.table
    header = table.horizontalHeader()
    size = table.font().pointSizeF()
    small_window.set_zoom(1.5)
    try:
        QApplication.processEvents()
        assert table.font().pointSizeF() == pytest.approx(1.5 * size)
        assert header.font().pointSizeF() == pytest.approx(1.5 * size)  # inherited, not 2.25×
        label = table.horizontalHeaderItem(0).text()
        assert header.sectionSize(0) >= header.fontMetrics().horizontalAdvance(label)
    finally:
        small_window.set_zoom(1.0)
    QApplication.processEvents()
    assert table.font().pointSizeF() == pytest.approx(size)
    assert header.font().pointSizeF() == pytest.approx(size)


@pytest.mark.parametrize(("size", "zoom"), [((1280, 720), 1.0), ((1366, 768), 1.5)])
def test_the_state_heatmaps_are_never_cut_inside_their_tab(app_font_11, small_window, size, zoom):
    w = small_window
    w.resize(*size)
    w.open_lesson("01_combinational_vs_sequential")
    w.wb.set("cell", "lstm")
    w.set_zoom(zoom)
    try:
        w.right_tabs.setCurrentWidget(w.recurrent_panel)
        QApplication.processEvents()
        QApplication.processEvents()
        h, c = w.recurrent_panel.heatmaps["h"], w.recurrent_panel.heatmaps["c"]
        view = h.parentWidget().parentWidget()  # the viewport of the States tab's scroll area
        # h and c both whole in their tab (an LSTM step asks about c while h is in view)
        for heatmap in (h, c):
            assert heatmap.mapTo(view, heatmap.rect().bottomLeft()).y() <= view.height()
            assert heatmap.height() >= heatmap.minimumHeight()
    finally:
        w.set_zoom(1.0)


def test_choice_texts_wrap_to_the_card_at_a_large_zoom(app_font_11, small_window):
    w = small_window
    w.resize(1366, 768)
    dock = w.lesson_dock
    w.resizeDocks([dock], [360], Qt.Horizontal)
    dock.open_lesson("07_lstm_memory")
    while dock.player.phase != "asking":
        dock.next()
    w.set_zoom(1.5)
    try:
        QApplication.processEvents()
        for button in dock.question_card.choices:
            metrics = button.fontMetrics()
            widest = max(metrics.horizontalAdvance(line) for line in button.text().splitlines())
            assert widest < button.width(), (button.text(), button.width())
    finally:
        w.set_zoom(1.0)
