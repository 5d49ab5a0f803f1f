"""State recordings with the lecture's colouring: sigmoid of the value in 20 bins, blue to red."""

import numpy as np

from logicsim.training.config import TrainConfig
from logicsim.training.trainer import Trainer
from logicsim.training.trainer_record import N_BINS, colour_bins, palette


def test_bins_follow_the_sigmoid():
    v = np.array([-50.0, -1.0, 0.0, 0.2, 1.0, 50.0])
    expected = np.minimum(np.floor(20 / (1 + np.exp(-v))), 19).astype(int)
    np.testing.assert_array_equal(colour_bins(v), expected)
    assert colour_bins(np.array([-1e6, 1e6])).tolist() == [0, 19]


def test_palette_runs_blue_to_red():
    p = palette()
    assert p.shape == (N_BINS, 3) and p.dtype == np.uint8
    assert p[0, 2] > p[0, 0]  # blue end
    assert p[-1, 0] > p[-1, 2]  # red end
    assert np.all(np.diff(p[:, 0].astype(int)[:10]) >= 0)  # red channel rises in the lower half


def test_lstm_recording_of_one_sequence():
    trainer = Trainer(TrainConfig(model="lstm", hidden_size=5, seeds=2, epochs=0))
    rec = trainer.record("BbXcXcbE", member=1)
    assert rec.symbols == list("BbXcXcbE")
    assert rec.h.shape == (8, 5) and rec.c.shape == (8, 5)
    assert set(rec.gates) == set("ifgo") and rec.gates["f"].shape == (8, 5)
    assert rec.c_bins.shape == (5, 8) and rec.h_bins.shape == (5, 8)
    np.testing.assert_array_equal(rec.c_bins, colour_bins(rec.c).T)
    assert rec.image("c").shape == (5, 8, 3)
    # member 1 is the model of seed 1: recompute its states directly
    x = trainer.task.encode_one("BbXcXcbE")
    trace = trainer.model.cell.forward(x)
    np.testing.assert_allclose(rec.c, trace.c[1, :, 0])
    np.testing.assert_allclose(rec.h, np.tanh(rec.c) * rec.gates["o"])


def test_rnn_echo_recording_has_no_cell_state():
    trainer = Trainer(TrainConfig(task="echo", model="rnn", seeds=1, epochs=0, series_length=100))
    rec = trainer.record("0110100")
    assert rec.c is None and rec.c_bins is None and rec.gates == {}
    assert rec.h.shape == (7, 4) and rec.image("c").shape == (4, 7, 3)
    assert len(trainer.record().symbols) == 40  # a test example when no sequence is given


def test_state_picture_png(tmp_path):
    from logicsim.plotpng import read_png
    from logicsim.training.trainer_record import save_picture

    trainer = Trainer(TrainConfig(model="lstm", hidden_size=3, seeds=1, epochs=0))
    rec = trainer.record("BbXcYcbE")
    save_picture(rec, str(tmp_path / "s.png"), cell=10)
    img = read_png(tmp_path / "s.png")
    # the square of unit u at step t has the palette colour of its bin
    u, t = 2, 5
    np.testing.assert_array_equal(
        img[16 + u * 10 + 5, 4 + t * 10 + 5], rec.palette[rec.c_bins[u, t]]
    )
