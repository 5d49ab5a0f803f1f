"""The four architecture demos: each states its architecture and learns its toy task."""

import numpy as np
import pytest

from logicsim.training.architectures import DEMOS
from logicsim.training.architectures.encoder_decoder import ReverseSequence
from logicsim.training.architectures.sequence_to_sequence import AutoComplete
from logicsim.training.architectures.sequence_to_vector import ExpressionValue, evaluate
from logicsim.training.architectures.vector_to_sequence import NAMES, SpellDigits


def test_every_demo_states_architecture_and_purpose():
    archs = {cls.architecture for cls in DEMOS.values()}
    assert archs == {
        "vector -> sequence",
        "sequence -> vector",
        "sequence -> vector -> sequence",
        "sequence -> sequence",
    }
    assert all(len(cls.shows) > 40 for cls in DEMOS.values())


def test_vector_to_sequence_spells_every_digit():
    demo = SpellDigits(seed=0)
    losses = demo.train(steps=300)
    assert losses[-1] < 0.05 * losses[0]
    assert demo.accuracy() == 1.0
    assert demo.spell(7) == NAMES[7]


def test_expression_evaluation_reference():
    assert evaluate("3+4") == 7 and evaluate("9-2-5") == 2 and evaluate("0-9+1") == -8


@pytest.mark.slow
def test_sequence_to_vector_executes_expressions():
    demo = ExpressionValue(seed=0)
    demo.train(steps=600)
    assert demo.accuracy() > 0.9  # rounded output equals the exact value
    assert abs(demo.predict(["8-3+1"])[0] - 6) < 0.5


@pytest.mark.slow
def test_encoder_decoder_reverses_words():
    demo = ReverseSequence(seed=0)
    demo.train(steps=300)
    assert demo.accuracy() > 0.9
    assert demo.translate(["abcd", "ffea"]) == ["dcba", "aeff"]
    assert demo.code(["abcd"]).shape == (1, 64)  # the fixed-size vector: [h; c]


@pytest.mark.slow
def test_sequence_to_sequence_autocompletes():
    demo = AutoComplete(seed=0)
    losses = demo.train(epochs=40)
    assert losses[-1] < 0.3 * losses[0]
    assert demo.accuracy() > 0.9
    assert demo.complete("a latch ").startswith("keeps")


def test_encoder_decoder_gradient_through_the_code_matches_finite_differences():
    demo = ReverseSequence(length=3, alphabet="abc", hidden=3, seed=1)
    loss, grads = demo._step(np.random.default_rng(7))
    for module, prefix in ((demo.encoder, "enc"), (demo.decoder, "dec")):
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_hh_l0"):
            p = module.params[name]
            for idx in [(0,) * p.ndim, tuple(s - 1 for s in p.shape)]:
                old = p[idx]
                p[idx] = old + 1e-6
                lp, _ = demo._step(np.random.default_rng(7))
                p[idx] = old - 1e-6
                lm, _ = demo._step(np.random.default_rng(7))
                p[idx] = old
                fd = (lp - lm) / 2e-6
                assert abs(fd - grads[f"{prefix}.{name}"][idx]) < 1e-6 * max(1.0, abs(fd))


def test_expression_regression_gradient_matches_finite_differences():
    demo = ExpressionValue(hidden=3, seed=2)
    _, grads = demo._step(np.random.default_rng(3))
    for name in ("weight_ih_l0", "bias_ih_l0"):
        p = demo.cell.params[name]
        idx = (1,) * p.ndim
        old = p[idx]
        p[idx] = old + 1e-6
        lp, _ = demo._step(np.random.default_rng(3))
        p[idx] = old - 1e-6
        lm, _ = demo._step(np.random.default_rng(3))
        p[idx] = old
        assert abs((lp - lm) / 2e-6 - grads[f"cell.{name}"][idx]) < 1e-7
