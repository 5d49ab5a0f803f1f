"""Signal echo streams and the lecture's batch-ification example."""

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.tasks import Echo, batchify, bptt_windows, lecture_alphabet_example


def test_echo_defaults_match_the_notebook():
    data = Echo(seed=0)
    assert len(data) == 1000
    x, y = data[0]
    assert x.shape == (20, 5, 1) and y.shape == (20, 5, 1)
    assert np.all(y[:3] == 0)


@pytest.mark.parametrize("step", [0, 1, 3, 7])
def test_echo_target_is_input_delayed_across_chunks(step):
    data = Echo(echo_step=step, series_length=200, batch_size=4, chunk_length=10, seed=2)
    xs = np.concatenate([c[0] for c in data.chunks()])  # (200, 4, 1)
    ys = np.concatenate([c[1] for c in data.chunks()])
    np.testing.assert_array_equal(ys[step:], xs[: 200 - step])
    assert np.all(ys[:step] == 0)
    assert set(np.unique(xs)) == {0.0, 1.0}
    assert abs(xs.mean() - 0.5) < 0.1


def test_echo_is_seeded():
    a, b = Echo(seed=4, series_length=100), Echo(seed=4, series_length=100)
    np.testing.assert_array_equal(a.x_series, b.x_series)
    a.new_series()
    assert not np.array_equal(a.x_series, b.x_series)


def test_echo_rejects_impossible_sizes():
    with pytest.raises(LogicsimError):
        Echo(chunk_length=50, series_length=10)
    with pytest.raises(LogicsimError):
        Echo(echo_step=-1)


def test_lecture_alphabet_example_exact():
    columns, windows = lecture_alphabet_example()
    assert columns.shape == (6, 4)
    x, y = windows[0]
    assert x.tolist() == [list("agms"), list("bhnt"), list("ciou")]
    assert y[0].tolist() == list("bhnt")  # y[1] in the lecture's 1-based notation
    assert y.tolist() == [list("bhnt"), list("ciou"), list("djpv")]
    # the second window continues every column
    x2, y2 = windows[1]
    assert x2[0].tolist() == list("djpv") and y2[-1].tolist() == list("flrx")


def test_batchify_of_vectors_and_tail_dropped():
    stream = np.arange(26 * 2).reshape(26, 2)
    cols = batchify(stream, 4)  # 26 // 4 = 6 rows, 2 symbols dropped
    assert cols.shape == (6, 4, 2)
    np.testing.assert_array_equal(cols[:, 1, 0], stream[6:12, 0])
    wins = list(bptt_windows(cols, 4))
    assert [w[0].shape[0] for w in wins] == [4, 1]
    with pytest.raises(LogicsimError):
        batchify("abc", 4)
