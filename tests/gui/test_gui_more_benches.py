"""Neural flip-flop, batch-ification, architecture demos and clipping: built from their benches."""

import numpy as np
import pytest
from PySide6.QtCore import Qt


def test_neural_flip_flop_buttons_drive_the_unit_and_the_plot_follows(qtbot, gui_wb):
    from logicsim_gui.neuron_panel import NeuronPanel

    panel = NeuronPanel(gui_wb)
    qtbot.addWidget(panel)
    qtbot.mouseClick(panel.buttons["set"], Qt.LeftButton)
    qtbot.mouseClick(panel.buttons["none"], Qt.LeftButton)
    bench = gui_wb.neuron
    assert bench.level == 1  # w = 2 > 1: the bit is held
    _, h = panel.curve.getData()
    np.testing.assert_array_equal(h, bench.history)
    assert "reads <b>1</b>" in panel.readouts.text() and "passes" in panel.readouts.text()
    panel.w_slider.setValue(50)  # loop gain 0.5: it forgets
    assert gui_wb.get("neuron.w") == pytest.approx(0.5)
    assert "fades" in panel.readouts.text() and "fails" in panel.readouts.text()
    assert [line.isVisible() for line in panel.fixed_lines] == [True, False]


def test_batch_layout_is_the_lectures_slide(qtbot, gui_wb):
    from logicsim_gui.batch_panel import BatchPanel

    panel = BatchPanel(gui_wb)
    qtbot.addWidget(panel)
    panel.show()
    table = panel.table
    first_rows = [
        "".join(table.item(t, b).text() for b in range(table.columnCount())) for t in range(3)
    ]
    assert first_rows == ["agms", "bhnt", "ciou"]  # x[1:3] on the slide
    assert "y[1] = [[b h n t]" in panel.windows.text()
    model = gui_wb.batch.model()
    assert f"{model['reset_gap']:.3f}" in panel.readouts.text()
    gui_wb.set("batch.size", 3)
    assert table.columnCount() == 3 and table.item(0, 1).text() == gui_wb.batch.rows[0][1]


@pytest.mark.slow
def test_architecture_demo_trains_off_the_gui_thread_and_answers(qtbot, gui_wb):
    from logicsim_gui.demo_panel import DemoPanel

    panel = DemoPanel(gui_wb)
    qtbot.addWidget(panel)
    gui_wb.set("demo", "spell-digits")
    assert "not trained" in panel.answer.text()
    panel.train_button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert panel.last_error is None
    result = gui_wb.demo.result()
    _, losses = panel.loss.getData()
    np.testing.assert_array_equal(losses, result["losses"])
    assert f"<b>{gui_wb.demo.answer()}</b>" in panel.answer.text()


def test_demo_training_is_cancelled_through_the_bench_and_the_panel_trains_again(qtbot, gui_wb):
    from logicsim_gui.demo_panel import DemoPanel

    messages = []
    panel = DemoPanel(gui_wb, status=messages.append)
    qtbot.addWidget(panel)
    gui_wb.set("demo", "expression-value")
    gui_wb.set("demo.steps", 5000)  # about 10 s of Adam steps if nothing stops it
    button = panel.train_button
    button.click()
    assert panel.running and button.text() == "Cancel" and button.isEnabled()
    qtbot.waitUntil(lambda: "%" in button.text(), timeout=3_000)  # progress from the core
    done, planned = gui_wb.demo.progress
    assert planned == 5000 and 0 < done < planned
    button.click()  # Cancel
    assert button.text() == "Cancelling…" and not button.isEnabled()
    qtbot.waitUntil(lambda: not panel.running, timeout=10_000)
    assert gui_wb.demo.cancelled and gui_wb.demo.progress[0] < 5000  # stopped before the end
    assert panel.last_outcome == "cancelled" and panel.last_error is None
    assert any("cancelled" in m for m in messages)
    assert button.text() == "Train" and button.isEnabled()
    assert "expression-value" not in gui_wb.demo.results  # nothing half-trained is kept
    assert "not trained" in panel.answer.text()
    # the panel is usable again: a new Train runs to the end and shows its result
    gui_wb.set("demo.steps", 5)
    button.click()
    qtbot.waitUntil(lambda: not panel.running, timeout=60_000)
    assert panel.last_outcome == "trained" and not gui_wb.demo.cancelled
    assert gui_wb.demo.result()["budget"] == 5
    _, losses = panel.loss.getData()
    np.testing.assert_array_equal(losses, gui_wb.demo.result()["losses"])


def test_clipping_readout_follows_the_threshold(qtbot, gui_wb):
    from logicsim_gui.gradient_panel import GradientPanel

    panel = GradientPanel(gui_wb)
    qtbot.addWidget(panel)
    gui_wb.set("eig1", 1.3)  # exploding: a large gradient to clip
    gui_wb.set("clip_threshold", 0.5)
    raw, clipped, _ = gui_wb.gradient.clipped(0)
    assert f"{raw:.3g}" in panel.clip_label.text() and f"{clipped:.3g}" in panel.clip_label.text()
    assert clipped == pytest.approx(min(raw, 0.5), rel=1e-3)
