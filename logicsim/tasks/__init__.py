"""The lecture's tasks: temporal order, signal echo and batch-ification (data only).

The four architecture demos train nets, so they live above this package in
:mod:`logicsim.training.architectures`.
"""

from logicsim.tasks.batchify import batchify, bptt_windows, lecture_alphabet_example
from logicsim.tasks.echo import Echo, EchoConfig
from logicsim.tasks.temporal_order import SYMBOLS, TemporalOrder, level_names

__all__ = [
    "SYMBOLS",
    "Echo",
    "EchoConfig",
    "TemporalOrder",
    "batchify",
    "bptt_windows",
    "lecture_alphabet_example",
    "level_names",
]
