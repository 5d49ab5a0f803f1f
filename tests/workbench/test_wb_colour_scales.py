"""The heatmaps' colour scales: diverging and symmetric for h, c, g; sequential 0..1 for gates."""

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench.heatmap import N_COLOURS, colour_scale, diverging_lut, sequential_lut


@pytest.mark.parametrize("q", ["h", "g"])
def test_h_and_g_use_the_fixed_symmetric_range(q):
    s = colour_scale(q, np.array([5.0, -7.0]))  # values never widen a fixed range
    assert (s.kind, s.lo, s.hi) == ("diverging", -1.0, 1.0)


def test_an_unbounded_h_takes_the_rule_of_c():
    s = colour_scale("h", np.array([0.0, 2.5]), bounded=False)  # a ReLU RNN
    assert (s.kind, s.lo, s.hi) == ("diverging", -5.0, 5.0)


def test_c_is_symmetric_about_zero_by_its_largest_magnitude_rounded_up():
    s = colour_scale("c", np.array([[0.2, -3.0], [1.5, np.nan]]))
    assert (s.kind, s.lo, s.hi) == ("diverging", -5.0, 5.0)
    # a lesson step that moves max|c| from 0.43 to 0.48 keeps the range (and the colours)
    assert colour_scale("c", np.array([0.43])).hi == colour_scale("c", np.array([0.48])).hi == 0.5
    assert colour_scale("c", np.array([0.875])).hi == 1.0
    assert colour_scale("c", np.array([2.0])).hi == 2.0  # an exact step is kept
    assert colour_scale("c", np.array([120.0])).hi == 200.0
    assert colour_scale("c", np.zeros((3, 2))).hi == 1.0  # all zero: a unit range, not 0..0
    assert colour_scale("c", None).hi == 1.0


def test_diverging_colours_mirror_about_zero():
    s = colour_scale("c", np.array([-2.0, 2.0]))
    v = np.linspace(-2.5, 2.5, 101)
    idx = s.index(v)
    np.testing.assert_array_equal(idx + idx[::-1], np.full(101, N_COLOURS - 1))
    mid = (N_COLOURS - 1) // 2
    assert s.index(np.array([0.0]))[0] == mid
    assert tuple(s.lut[mid]) == (247, 247, 247)  # 0 is near white
    assert s.index(np.array([-2.0, 2.0, -9.0])).tolist() == [0, N_COLOURS - 1, 0]  # clipped
    lut = diverging_lut()
    assert lut[0][2] > lut[0][0] and lut[-1][0] > lut[-1][2]  # negative blue, positive red


@pytest.mark.parametrize("q", ["i", "f", "o"])
def test_gates_use_the_sequential_map_from_zero_to_one(q):
    s = colour_scale(q, np.array([3.0]))
    assert (s.kind, s.lo, s.hi) == ("sequential", 0.0, 1.0)
    assert s.index(np.array([0.0, 0.5, 1.0])).tolist() == [0, mid := (N_COLOURS - 1) // 2, 254]
    assert mid == 127
    lum = sequential_lut() @ np.array([0.299, 0.587, 0.114])
    assert np.all(np.diff(lum) > -1.0)  # lightness rises with the value (viridis)
    assert lum[-1] - lum[0] > 150  # a closed gate is dark, an open one bright


def test_nan_is_transparent_and_unknown_quantity_is_refused():
    rgba = colour_scale("f").rgba(np.array([np.nan, 1.0]))
    assert rgba[0, 3] == 0 and rgba[1, 3] == 255
    with pytest.raises(LogicsimError, match="unknown quantity 'z'"):
        colour_scale("z")
