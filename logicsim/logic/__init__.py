"""The logic bench: a three-valued, two-phase gate-level simulator with circuit files.

>>> from logicsim.logic import load_circuit
>>> c = load_circuit("half_adder")
>>> ins, outs = c.truth_table()
>>> outs.tolist()
[[0, 0], [1, 0], [1, 0], [0, 1]]
>>> c.run_tests().passed
True

Modules: :mod:`.values` (0/1/X bit-planes), :mod:`.gates` (Kleene gate functions),
:mod:`.circuit` and :mod:`.parser` (the file format), :mod:`.netlist` (flattening with instance
paths), :mod:`.simulator` (micro-steps, settle, clock), :mod:`.compiled` (fast clocked runs),
:mod:`.waveform` (recording and VCD), :mod:`.testing` (test tables), :mod:`.truthtable`,
:mod:`.expressions` (sympy) and :mod:`.statetable`.
"""

from logicsim.logic.circuit import Circuit, CircuitError
from logicsim.logic.netlist import FlatGate, Netlist
from logicsim.logic.parser import LIBRARY_DIR, library_names, load_circuit
from logicsim.logic.simulator import OscillationError, Simulator
from logicsim.logic.testing import TestFailure, TestReport, run_tests
from logicsim.logic.truthtable import TruthTable, truth_table
from logicsim.logic.values import X
from logicsim.logic.waveform import Waveform, WaveformRecorder, read_vcd

__all__ = [
    "LIBRARY_DIR",
    "Circuit",
    "CircuitError",
    "FlatGate",
    "Netlist",
    "OscillationError",
    "Simulator",
    "TestFailure",
    "TestReport",
    "TruthTable",
    "Waveform",
    "WaveformRecorder",
    "X",
    "library_names",
    "load_circuit",
    "read_vcd",
    "run_tests",
    "truth_table",
]
