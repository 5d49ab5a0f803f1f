"""Timing diagram: every pulse has a width, a "now" line marks the latest sample."""

import numpy as np
import pytest
from logicsim_gui.waveform import SLOT, WaveformView, sample_edges


def test_samples_at_distinct_times_sit_at_their_times():
    edges, starts, labels = sample_edges([0, 1, 2, 3])
    np.testing.assert_array_equal(edges, [0, 1, 2, 3, 4])
    np.testing.assert_array_equal(starts, labels)


def test_samples_sharing_a_time_each_get_a_visible_width():
    times = [0, 0, 0, 1, 2, 2, 2, 2, 2, 3]  # input toggles, then five gate steps at t = 2
    edges, starts, labels = sample_edges(times)
    assert np.all(np.diff(edges) >= SLOT - 1e-12)  # no zero-width sample
    np.testing.assert_array_equal(labels, [0, 1, 2, 3])
    assert list(np.diff(starts)) == [1.5, 1.0, 2.5]  # stretched where crowded


@pytest.fixture
def view(qtbot):
    v = WaveformView()
    qtbot.addWidget(v)
    v.resize(700, 300)
    v.show()
    return v


def test_a_one_sample_pulse_is_drawn_with_width_and_now_marks_the_latest(view):
    # S pulses 0 -> 1 -> 0 without a clock edge: three samples at time 4
    view.set_waveform({"S": [0, 0, 1, 0]}, [2, 4, 4, 4])
    x, y = view.lanes["S"][0].getData()
    high = x[np.nan_to_num(y) > 0.5]
    assert high.max() - high.min() >= SLOT  # the pulse is as wide as a slot, not 0
    edges, _, _ = sample_edges([2, 4, 4, 4])
    assert view.now.isVisible() and view.now.value() == pytest.approx(edges[-2])
    ticks = view.getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks] == ["2", "4"]  # the real times, once each


def test_now_follows_new_samples_and_zoom_scales_pens(view):
    view.set_waveform({"Q": [0, 1, 1]}, [0, 1, 2])
    assert view.now.value() == pytest.approx(2)
    view.set_waveform({"Q": [0, 1, 1, 0]}, [0, 1, 2, 3])
    assert view.now.value() == pytest.approx(3)
    width = view.lanes["Q"][0].opts["pen"].widthF()
    view.apply_zoom(2.0)
    assert view.lanes["Q"][0].opts["pen"].widthF() == pytest.approx(2 * width)
    assert view.getAxis("bottom").style["tickFont"].pixelSize() == 26
