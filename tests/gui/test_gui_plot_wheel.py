"""The mouse wheel over a plot scrolls the page it is on; Ctrl + wheel zooms the plot."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent


def _wheel(widget, modifiers):
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.NoButton,
        modifiers,
        Qt.NoScrollPhase,
        False,
    )
    widget.wheelEvent(event)
    return event


def test_plain_wheel_passes_to_the_page_and_ctrl_wheel_zooms(qtbot, main_window):
    main_window.right_tabs.setCurrentWidget(main_window.gradient_panel)
    plot = main_window.gradient_panel.plot
    qtbot.waitExposed(plot)
    box = plot.plotItem.vb
    before = box.viewRange()
    event = _wheel(plot, Qt.NoModifier)
    assert not event.isAccepted() and box.viewRange() == before  # for the scroll area
    event = _wheel(plot, Qt.ControlModifier)
    assert box.viewRange() != before  # Ctrl + wheel zoomed in


def test_eigenvalue_sliders_step_in_round_values_and_are_not_called_lambda(main_window):
    from PySide6.QtWidgets import QFormLayout

    panel = main_window.gradient_panel
    s = panel.sliders["eig1"]
    s.setValue(1000)
    s.triggerAction(s.SliderAction.SliderSingleStepAdd)
    assert s.value() == 1010  # 1.01
    s.triggerAction(s.SliderAction.SliderPageStepAdd)
    assert s.value() == 1060  # 1.06
    form = panel.slider_box.layout()
    assert isinstance(form, QFormLayout)
    items = [form.itemAt(r, QFormLayout.LabelRole) for r in range(form.rowCount())]
    labels = [i.widget().text() for i in items if i is not None and i.widget() is not None]
    assert "eig₁ (real)" in labels and not any(t.startswith("λ₁") for t in labels)
