"""Recurrent initialisations with eigenvalues on the unit circle (IRNN, orthogonal)."""

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.nn import RNN
from logicsim.nn.recurrent_init import apply_recurrent_init, random_orthogonal
from logicsim.training.config import TrainConfig
from logicsim.training.trainer import Trainer


def small(**kw):
    base = dict(epochs=1, batches_per_epoch=2, test_batches=1, seeds=3, model="rnn", hidden_size=5)
    base.update(kw)
    return TrainConfig(**base)


def test_identity_init_sets_w_hh_to_i_and_biases_to_zero_but_keeps_w_ih():
    plain = Trainer(small(nonlinearity="relu"))
    irnn = Trainer(small(nonlinearity="relu", recurrent_init="identity"))
    p, q = plain.model.params, irnn.model.params
    np.testing.assert_array_equal(q["cell.weight_hh_l0"], np.broadcast_to(np.eye(5), (3, 5, 5)))
    assert not q["cell.bias_ih_l0"].any() and not q["cell.bias_hh_l0"].any()
    np.testing.assert_array_equal(q["cell.weight_ih_l0"], p["cell.weight_ih_l0"])
    np.testing.assert_array_equal(q["head.weight"], p["head.weight"])


def test_orthogonal_init_gives_each_member_its_own_orthogonal_matrix():
    t = Trainer(small(nonlinearity="tanh", recurrent_init="orthogonal"))
    w = t.model.params["cell.weight_hh_l0"]  # (3, 5, 5)
    for k in range(3):
        np.testing.assert_allclose(w[k] @ w[k].T, np.eye(5), atol=1e-12)
        np.testing.assert_allclose(np.abs(np.linalg.eigvals(w[k])), 1.0, atol=1e-9)
    assert not np.allclose(w[0], w[1])
    plain = Trainer(small(nonlinearity="tanh"))
    np.testing.assert_array_equal(
        t.model.params["cell.bias_hh_l0"], plain.model.params["cell.bias_hh_l0"]
    )


def test_orthogonal_draw_is_reproducible_and_depends_on_the_seed():
    np.testing.assert_array_equal(random_orthogonal(4, 7), random_orthogonal(4, 7))
    assert not np.allclose(random_orthogonal(4, 7), random_orthogonal(4, 8))


def test_a_single_cell_without_ensemble_axis_is_initialised_too():
    cell = RNN(3, 4, seed=0)
    apply_recurrent_init(cell, "identity", [0])
    np.testing.assert_array_equal(cell.params["weight_hh_l0"], np.eye(4))


def test_identity_rnn_trains_without_error():
    result = Trainer(small(nonlinearity="relu", recurrent_init="identity")).run()
    assert all(0 <= a <= 1 for a in result["final_test_accuracy"])


@pytest.mark.parametrize(
    "kw, words",
    [
        (dict(recurrent_init="eye"), "is not one of default, identity, orthogonal"),
        (dict(model="lstm", recurrent_init="orthogonal"), "model rnn only"),
    ],
)
def test_bad_recurrent_init_is_one_clear_error(kw, words):
    with pytest.raises(LogicsimError, match=words):
        Trainer(small(**kw))
