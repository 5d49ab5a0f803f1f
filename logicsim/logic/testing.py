"""Running the test tables stored inside circuit files.

Rows apply in order to one fresh simulator per table.  For each row the input columns are set
and the circuit settles; a ``C`` in a clock column then gives one full clock pulse (rise, settle,
fall, settle) and a ``0``/``1`` there sets the clock level; finally each output column is compared
with the expected symbol: ``0``/``1`` must match exactly, ``X`` is don't care and ``~`` requires
the net to have been found toggling (oscillating) during that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from logicsim.logic.circuit import Circuit, TestRow, TestTable
from logicsim.logic.simulator import OscillationError, Simulator
from logicsim.logic.values import level_text


@dataclass(frozen=True)
class TestFailure:
    """One row whose outputs differ from the table."""

    path: str  # circuit file
    test: str  # test table name
    row: int  # 1-based row number inside the table (header excluded)
    line: int | None  # line of the row in the file
    inputs: dict[str, str]  # symbols applied
    expected: dict[str, str]  # expected symbols of the mismatching columns
    got: dict[str, str]  # simulated levels of those columns
    note: str = ""  # extra explanation (e.g. an oscillation)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        ins = " ".join(f"{k}={v}" for k, v in self.inputs.items())
        exp = " ".join(f"{k}={v}" for k, v in self.expected.items())
        got = " ".join(f"{k}={v}" for k, v in self.got.items())
        text = f"{where}: test {self.test!r} row {self.row} ({ins}): expected {exp}, got {got}"
        return text + (f" ({self.note})" if self.note else "")


@dataclass
class TestReport:
    """Outcome of every table of one circuit."""

    circuit: str  # circuit key
    tables: int = 0  # tables run
    rows: int = 0  # rows checked
    failures: list[TestFailure] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no row failed."""
        return not self.failures

    def __bool__(self) -> bool:
        return self.passed

    def summary(self) -> str:
        """One line: ``PASS half_adder: 1 table, 4 rows`` or ``FAIL ...: n failing rows``."""
        head = "PASS" if self.passed else "FAIL"
        text = f"{head} {self.circuit}: {self.tables} table(s), {self.rows} row(s)"
        return text if self.passed else f"{text}, {len(self.failures)} failing"


def run_tests(circuit: Circuit) -> TestReport:
    """Run every test table of ``circuit``; the report lists each failing row."""
    report = TestReport(circuit.key)
    for table in circuit.tests:
        report.tables += 1
        _run_table(circuit, table, report)
    return report


def _run_table(circuit: Circuit, table: TestTable, report: TestReport) -> None:
    sim = Simulator(circuit.flatten(), init=table.init, seed=0, on_oscillation=table.on_oscillation)
    clocks = set(circuit.clocks)
    for number, row in enumerate(table.rows, start=1):
        report.rows += 1
        sim.oscillating = []
        seen: set[str] = set()
        try:
            pulse = _apply(sim, table, row, clocks)
            sim.settle()
            seen |= set(sim.oscillating)
            if pulse:
                sim.tick()
                seen |= set(sim.oscillating)
        except OscillationError as exc:
            report.failures.append(_failure(circuit, table, number, row, sim, note=str(exc)))
            return
        values = sim.values(0)
        bad = {}
        for col, want in zip(table.output_columns, row.expected, strict=True):
            have = level_text(values[col])
            if (want == "~" and col not in seen) or (want in "01" and have != want):
                bad[col] = (want, "steady " + have if want == "~" else have)
        if bad:
            report.failures.append(
                TestFailure(
                    circuit.path,
                    table.name,
                    number,
                    row.line,
                    dict(zip(table.input_columns, row.inputs, strict=True)),
                    {k: v[0] for k, v in bad.items()},
                    {k: v[1] for k, v in bad.items()},
                )
            )


def _apply(sim: Simulator, table: TestTable, row: TestRow, clocks: set[str]) -> bool:
    pulse = False
    for col, sym in zip(table.input_columns, row.inputs, strict=True):
        if sym == "C":
            pulse = True
        elif col in clocks:
            if sim.get(col)[0] != int(sym):
                sim.set_input(col, int(sym))
        else:
            sim.set_input(col, sym)
    return pulse


def _failure(
    circuit: Circuit, table: TestTable, number: int, row: TestRow, sim: Simulator, note: str
) -> TestFailure:
    values = sim.values(0)
    exp = dict(zip(table.output_columns, row.expected, strict=True))
    return TestFailure(
        circuit.path,
        table.name,
        number,
        row.line,
        dict(zip(table.input_columns, row.inputs, strict=True)),
        exp,
        {k: level_text(values[k]) for k in exp},
        note,
    )
