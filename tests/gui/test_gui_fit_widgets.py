"""The size-keeping widgets of gui/fit.py on their own."""

from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget


def test_flow_layout_wraps_and_its_minimum_is_one_item(qtbot):
    from logicsim_gui.fit import FlowLayout

    box = QWidget()
    qtbot.addWidget(box)
    flow = FlowLayout(box)
    buttons = [QPushButton(f"button {k}") for k in range(8)]
    for button in buttons:
        flow.addWidget(button)
    widest = max(b.sizeHint().width() for b in buttons)
    assert flow.minimumSize().width() <= widest + 30
    box.resize(3 * widest, 400)
    box.show()
    QApplication.processEvents()
    rows = sorted({b.y() for b in buttons})
    assert len(rows) >= 3
    assert all(b.geometry().right() <= box.width() for b in buttons)
    assert flow.heightForWidth(3 * widest) < flow.heightForWidth(widest + 20)


def test_elided_label_keeps_its_size_and_gives_the_text_in_a_tooltip(qtbot):
    from logicsim_gui.fit import ElidedLabel

    label = ElidedLabel(sample="cycle 0000")
    qtbot.addWidget(label)
    short_hint = label.sizeHint()
    label.setText("a very long line " * 30)
    assert label.sizeHint() == short_hint
    assert label.minimumSizeHint().width() == 0
    label.resize(120, 30)
    assert label.shown_text().endswith("…")
    assert label.toolTip() == label.text() == "a very long line " * 30


def test_fit_tabs_speak_of_the_pages_and_pages_scroll_only_when_needed(qtbot):
    from logicsim_gui.fit import FitTabs, FlowLayout

    tabs = FitTabs()
    qtbot.addWidget(tabs)
    page = QWidget()
    flow = FlowLayout(page)
    for k in range(6):
        flow.addWidget(QPushButton(f"switch {k}"))
    other = QLabel("other")
    tabs.addTab(page, "one")
    tabs.addTab(other, "two")
    assert tabs.widget(0) is page and tabs.indexOf(other) == 1
    tabs.setCurrentWidget(other)
    assert tabs.currentWidget() is other
    tabs.setCurrentWidget(page)
    tabs.resize(800, 400)
    tabs.show()
    QApplication.processEvents()
    area = tabs.currentWidget().parentWidget().parentWidget().parentWidget()
    assert not area.verticalScrollBar().isVisible()  # wrapped rows fit: no scroll bar
    tabs.resize(150, 90)
    QApplication.processEvents()
    assert area.verticalScrollBar().isVisible()


def test_fix_width_and_zoomed_width_follow_the_font(qtbot):
    from logicsim_gui.fit import fix_width, refit_buttons, rezoom_widths, zoomed_width

    holder = QWidget()
    qtbot.addWidget(holder)
    button = QPushButton("Run", holder)
    fix_width(button, ["Run", "Pause for a while"])
    width = button.width()
    button.setText("Pause for a while")
    assert button.width() == width
    font = button.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    button.setFont(font)
    refit_buttons(holder)
    assert button.width() > width
    box = QWidget(holder)
    zoomed_width(box, 400)
    rezoom_widths(holder, 1.5)
    assert box.maximumWidth() == 600


def test_reflow_layout_is_a_row_when_wide_and_a_column_when_narrow(qtbot):
    from logicsim_gui.fit import ReflowLayout

    box = QWidget()
    qtbot.addWidget(box)
    reflow = ReflowLayout(box, wide_at=300, reverse_when_stacked=True)
    reflow.setContentsMargins(0, 0, 0, 0)
    first, second = QPushButton("first " * 8), QPushButton("second " * 8)
    reflow.add(first)
    reflow.add(second, 1)
    widest = max(first.minimumSizeHint().width(), second.minimumSizeHint().width())
    assert reflow.minimumSize().width() <= widest + 2  # as narrow as the widest item
    box.resize(reflow.row_width() + 50, 200)
    box.show()
    QApplication.processEvents()
    assert first.y() == second.y() and first.x() < second.x()  # side by side
    assert second.geometry().right() <= box.width()
    box.resize(widest + 10, 300)
    QApplication.processEvents()
    assert second.y() < first.y() and first.x() == second.x()  # stacked, last first
    assert reflow.heightForWidth(widest + 10) > reflow.heightForWidth(reflow.row_width())
    room = reflow.row_width() + 50
    reflow.wide_at = 2 * room  # wide enough for the items, not for wide_at: stacked
    assert not reflow.is_row(room)
