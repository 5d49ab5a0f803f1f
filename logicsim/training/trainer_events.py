"""What the :class:`~logicsim.training.trainer.Trainer` reports: event payloads and the history.

A view connects to ``trainer.batch_end`` / ``epoch_end`` / ``done`` and receives these plain
dataclasses; ``History`` holds the curves (``[epoch][member]``) and converts to JSON-ready lists.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np


@dataclass
class BatchEnd:
    """Payload of :attr:`Trainer.batch_end`."""

    epoch: int  # 1-based epoch being trained
    batch: int  # 1-based batch index within the epoch
    n_batches: int  # batches in this epoch
    loss: np.ndarray  # (K,) training loss of this batch per member


@dataclass
class EpochEnd:
    """Payload of :attr:`Trainer.epoch_end` (lists have one value per member)."""

    epoch: int  # 1-based epoch just finished
    train_loss: list[float]  # mean training loss over the epoch's batches
    train_accuracy: list[float]  # fraction correct over the epoch's training batches
    test_loss: list[float]  # mean test loss
    test_accuracy: list[float]  # fraction correct on the test batches
    seconds: float  # wall time of this epoch (training + test)
    eta: float  # estimated seconds left for the planned epochs


@dataclass
class History:
    """Per-epoch curves; ``[e][k]`` is epoch ``e + 1`` of member ``k``."""

    epoch: list[int] = field(default_factory=list)
    train_loss: list[list[float]] = field(default_factory=list)
    train_accuracy: list[list[float]] = field(default_factory=list)
    test_loss: list[list[float]] = field(default_factory=list)
    test_accuracy: list[list[float]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain lists, ready for JSON."""
        return asdict(self)
