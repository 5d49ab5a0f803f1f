"""The lecture's tasks: temporal order, signal echo, batch-ification and the four architecture demos.

The demos live in :mod:`logicsim.tasks.architectures` (imported on demand, they need
:mod:`logicsim.nn`).
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
