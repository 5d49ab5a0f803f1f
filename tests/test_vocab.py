"""The shared vocabularies name exactly the things that exist."""

from __future__ import annotations

from logicsim import vocab


def test_difficulties_are_the_temporal_order_levels_easiest_first():
    from logicsim.tasks.temporal_order import LEVELS_6A, LEVELS_6B, level_names

    assert level_names() == vocab.DIFFICULTIES
    assert tuple(LEVELS_6B) == vocab.DIFFICULTIES
    padded = [LEVELS_6A[d].padded for d in vocab.DIFFICULTIES]
    assert padded == sorted(padded)


def test_demos_are_the_architecture_classes():
    from logicsim.training.architectures import DEMOS

    assert tuple(DEMOS) == vocab.DEMOS


def test_formulas_and_formats_are_what_the_symbolic_package_derives():
    from logicsim.symbolic import compile as comp
    from logicsim.symbolic.cells import derive
    from logicsim.symbolic.formulas import EXTENSIONS

    assert comp.WHATS == vocab.FORMULAS
    assert tuple(EXTENSIONS) == vocab.FORMULA_FORMATS
    for cell in vocab.CELLS:
        assert derive(cell, 1).cell == cell


def test_every_cell_builds_with_its_states_and_every_rnn_nonlinearity_runs():
    import numpy as np

    from logicsim.nn.models import SequenceModel

    for cell in vocab.CELLS:
        model = SequenceModel(cell, 2, 3, 2, seed=0)
        _logits, cache = model.forward(np.zeros((4, 1, 2)))
        assert len(cache.trace.final_state) == len(vocab.CELL_STATES[cell])
        assert vocab.state_size(cell, 3) == 3 * len(vocab.CELL_STATES[cell])
    for g in vocab.RNN_NONLINEARITIES:
        SequenceModel("rnn", 2, 3, 2, nonlinearity=g, seed=0)


def test_initial_states_are_the_logic_bench_choices():
    from logicsim.workbench.logic_bench import INIT_CODES

    assert tuple(INIT_CODES) == vocab.INITIAL_STATES
