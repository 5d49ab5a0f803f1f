r"""Running a circuit's test table against a model instead of the gate simulator.

A model answers a whole table at once: it receives the input levels of every row, in order,
as an array ``(R, n_in)`` of 0/1 and returns a mapping from output column to levels ``(R,)``
(0, 1 or X = 2).  Sequential models keep their state from row to row, exactly like the
simulator does for sequential tables.  An expected ``X`` is don't care; a model producing X
where the table wants 0 or 1 fails that row.

Analog values become logic levels with a dead band, as voltages do in hardware:

.. math::  \mathrm{level}(h) = 1 \text{ if } h > \theta, \quad 0 \text{ if } h < -\theta,
           \quad X \text{ otherwise}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.logic import X, load_circuit
from logicsim.logic.circuit import Circuit
from logicsim.logic.values import level_text

Model = Callable[[np.ndarray], Mapping[str, np.ndarray]]


@dataclass
class TableResult:
    """Outcome of one test table run against a model."""

    circuit: str  # circuit key
    test: str  # table name
    rows: int  # rows checked (rows with an X input are skipped)
    failures: list[str] = field(default_factory=list)  # one line per failing row

    @property
    def passed(self) -> bool:
        """True when every checked row matched."""
        return not self.failures


def decode_levels(h: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """Analog values -> levels 0/1/X with a dead band ``(-threshold, threshold)``.

    Parameters
    ----------
    h : ndarray, shape (...)

    Returns
    -------
    levels : ndarray of int8, shape (...)
    """
    h = np.asarray(h)
    return np.where(h > threshold, 1, np.where(h < -threshold, 0, X)).astype(np.int8)


def run_table(
    circuit: Circuit | str, model: Model, columns: list[str] | None = None, test: int = 0
) -> TableResult:
    """Check ``model`` against test table number ``test`` of ``circuit``.

    Parameters
    ----------
    circuit : Circuit or str
        A circuit or a library name.
    model : callable
        ``model(inputs (R, n_in) of 0/1) -> {column: levels (R,)}``.
    columns : list of str, optional
        Output columns to compare (default: every output column of the table).
    """
    c = load_circuit(circuit) if isinstance(circuit, str) else circuit
    table = c.tests[test]
    if any(sym == "C" for r in table.rows for sym in r.inputs):
        raise LogicsimError(f"{c.key}: models have no clock; this table has clock pulses")
    rows = [r for r in table.rows if "X" not in r.inputs]  # a unit has no unknown input level
    inputs = np.array([[int(s) for s in r.inputs] for r in rows], dtype=np.int64)  # (R, n_in)
    outputs = model(inputs)
    cols = list(columns) if columns is not None else list(table.output_columns)
    result = TableResult(c.key, table.name, len(rows))
    for i, r in enumerate(rows):
        bad = []
        for col in cols:
            want = r.expected[table.output_columns.index(col)]
            got = int(np.asarray(outputs[col])[i])
            if want in "01" and got != int(want):
                bad.append(f"{col}: expected {want}, got {level_text(got)}")
        if bad:
            ins = " ".join(f"{n}={s}" for n, s in zip(table.input_columns, r.inputs, strict=True))
            result.failures.append(f"row {i + 1} ({ins}): " + ", ".join(bad))
    return result
