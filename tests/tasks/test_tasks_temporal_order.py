"""Temporal order generator: ranges, padding, one-hot order, labels, seeding, encode/decode."""

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.tasks import SYMBOLS, TemporalOrder
from logicsim.tasks.temporal_order import LEVELS_6A

# level: (length range, t1 range, t2 range, padded length) from the reference table
TABLE = {
    "easy": ((7, 8), (1, 2), (4, 5), 9),
    "normal": ((30, 40), (2, 5), (20, 27), 41),
    "moderate": ((60, 80), (10, 20), (45, 54), 81),
    "hard": ((100, 110), (10, 20), (50, 60), 111),
    "nightmare": ((300, 500), (10, 80), (250, 290), 501),
}


def test_symbol_order_is_the_notebooks():
    assert SYMBOLS == "XYabcdBE"
    assert TemporalOrder("easy").classes == ("Q", "R", "S", "U")


@pytest.mark.parametrize("level", list(TABLE))
def test_levels_match_reference(level):
    length, t1, t2, padded = TABLE[level]
    lv = LEVELS_6A[level]
    assert (lv.length, lv.t1, lv.t2, lv.padded) == (length, t1, t2, padded)
    gen = TemporalOrder(level, batch_size=64 if level != "nightmare" else 8, seed=1)
    x, y = gen.batch()
    assert x.shape == (padded, gen.batch_size, 8) and x.dtype == np.float64
    assert y.shape == (gen.batch_size,) and y.dtype.kind == "i"
    for b in range(gen.batch_size):
        s = gen.decode(x[:, b])
        assert length[0] <= len(s) <= length[1]
        assert s[0] == "B" and s[-1] == "E"
        pos = [i for i, ch in enumerate(s) if ch in "XY"]
        assert len(pos) == 2
        assert t1[0] <= pos[0] <= t1[1] and t2[0] <= pos[1] <= t2[1]
        assert set(s[1:-1]) <= set("abcdXY")
        # class: Q = X..X, R = X..Y, S = Y..X, U = Y..Y
        assert (
            gen.decode_label(y[b])
            == {"XX": "Q", "XY": "R", "YX": "S", "YY": "U"}[s[pos[0]] + s[pos[1]]]
        )
        # padding: all-zero rows at the front, one-hot rows after
        pad = padded - len(s)
        assert np.all(x[:pad, b] == 0)
        assert np.all(x[pad:, b].sum(axis=1) == 1)
        assert x[-1, b, SYMBOLS.index("E")] == 1


def test_all_ranges_are_reached_and_classes_are_uniform():
    gen = TemporalOrder("easy", batch_size=2000, seed=3)
    x, y = gen.batch()
    strings = [gen.decode(x[:, b]) for b in range(2000)]
    assert {len(s) for s in strings} == {7, 8}
    assert {s.index("X") if "X" in s[:3] else s.index("Y") for s in strings} == {1, 2}
    counts = np.bincount(y, minlength=4) / 2000
    assert np.all(np.abs(counts - 0.25) < 0.04)


def test_same_seed_same_batches_other_seed_differs():
    a = TemporalOrder("normal", batch_size=8, seed=5)
    b = TemporalOrder("normal", batch_size=8, seed=5)
    c = TemporalOrder("normal", batch_size=8, seed=6)
    for _ in range(3):
        xa, ya = a.batch()
        xb, yb = b.batch()
        np.testing.assert_array_equal(xa, xb)
        np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a.batch()[0], c.batch()[0])


def test_encode_decode_round_trip_from_strings():
    gen = TemporalOrder("easy")
    x = gen.encode(["BbXcXcbE", "BYaaXdE"])
    assert x.shape == (9, 2, 8)
    assert gen.decode(x[:, 0]) == "BbXcXcbE"
    assert gen.decode(x[:, 1]) == "BYaaXdE"
    assert np.all(x[:2, 1] == 0) and x[2, 1, SYMBOLS.index("B")] == 1
    np.testing.assert_array_equal(gen.encode_labels(["Q", "R", "S", "U"]), [0, 1, 2, 3])


def test_three_symbol_variant_has_eight_classes():
    gen = TemporalOrder("hard", batch_size=200, seed=0, n_symbols=3)
    x, y = gen.batch()
    assert gen.n_classes == 8 and set(y.tolist()) == set(range(8))
    names = ["XXX", "XXY", "XYX", "XYY", "YXX", "YXY", "YYX", "YYY"]
    for b in range(20):
        s = gen.decode(x[:, b])
        pos = [i for i, ch in enumerate(s) if ch in "XY"]
        assert 10 <= pos[0] <= 20 and 33 <= pos[1] <= 43 and 66 <= pos[2] <= 76
        assert names[y[b]] == "".join(s[p] for p in pos)


def test_epoch_is_31_batches_and_float32_option():
    gen = TemporalOrder("easy", seed=0, dtype=np.float32)
    batches = list(gen.epoch())
    assert len(batches) == len(gen) == 31
    assert batches[0][0].dtype == np.float32 and batches[0][0].shape == (9, 32, 8)


@pytest.mark.parametrize(
    "kwargs", [{"difficulty": "impossible"}, {"batch_size": 0}, {"n_symbols": 4}]
)
def test_bad_arguments_raise_one_line_errors(kwargs):
    with pytest.raises(LogicsimError):
        TemporalOrder(**kwargs)
    with pytest.raises(LogicsimError):
        TemporalOrder("easy").encode(["BzE"])
