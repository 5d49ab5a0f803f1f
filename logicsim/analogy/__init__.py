"""The analogy of the lecture made executable: nets checked against circuits' own test tables.

* :mod:`.threshold` -- a feed-forward net of threshold units is combinational logic: chosen
  weights compute NOT, AND, OR, NAND, NOR; XOR needs a hidden layer.
* :mod:`.flipflop` -- a one-unit tanh RNN with self-weight ``w`` is a neural SR flip-flop: it
  passes the NOR latch's table when ``w > 1`` (bistable) and forgets when ``w < 1``.
* :mod:`.lstm_latch` -- an LSTM unit with saturated gates is a gated D latch (input gate = enable
  writes, forget gate keeps).
* :mod:`.tables` -- running a circuit's test table against any model.
"""

from logicsim.analogy.flipflop import neural_flipflop, run_flipflop_table
from logicsim.analogy.lstm_latch import lstm_latch, run_lstm_latch_table
from logicsim.analogy.tables import TableResult, decode_levels, run_table
from logicsim.analogy.threshold import GATE_NETS, ThresholdNet, single_unit_functions

__all__ = [
    "GATE_NETS",
    "TableResult",
    "ThresholdNet",
    "decode_levels",
    "lstm_latch",
    "neural_flipflop",
    "run_flipflop_table",
    "run_lstm_latch_table",
    "run_table",
    "single_unit_functions",
]
