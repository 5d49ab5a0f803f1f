r"""The lecture's colouring of hidden and cell states: sigmoid of the value in 20 bins, blue to red.

.. math::

    \text{bin}(v) = \min(\lfloor 20\,\sigma(v) \rfloor, 19), \qquad \sigma(v) = 1 / (1 + e^{-v})

The colouring itself lives with the training code's state recorder
(:mod:`logicsim.training.trainer_record`); the recurrent bench uses the same functions so the app's
heatmap and the recorded cell-state pictures match bin for bin.
"""

from __future__ import annotations

import numpy as np


def heatmap_bins(values: np.ndarray) -> np.ndarray:
    """Bin indices 0..19 of ``sigmoid(values)``, same shape as ``values`` (int64)."""
    from logicsim.training.trainer_record import colour_bins

    return colour_bins(values)


def heatmap_palette() -> np.ndarray:
    """RGB colours of the 20 bins, shape (20, 3), uint8: blue -> grey -> red."""
    from logicsim.training.trainer_record import palette

    return palette()
