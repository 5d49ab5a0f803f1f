"""The parsed circuit definition: what a circuit file says, before any simulation.

A :class:`Circuit` is a plain description (inputs, outputs, clocks, gates, subcircuit instances,
initial values, test tables).  It never holds signal values: :meth:`Circuit.simulator` builds a
separate :class:`~logicsim.logic.simulator.Simulator` over the flattened
:class:`~logicsim.logic.netlist.Netlist`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from logicsim.errors import FileFormatError

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.logic.netlist import Netlist
    from logicsim.logic.simulator import Simulator
    from logicsim.logic.testing import TestReport
    from logicsim.logic.truthtable import TruthTable


class CircuitError(FileFormatError):
    """A circuit file is malformed; the message reads ``path:line:col: problem``."""


@dataclass(frozen=True)
class GateSpec:
    """One gate line of ``[gates]``: ``output = { op = ..., in = [...] }``."""

    output: str  # the net this gate drives (the key in [gates])
    op: str  # BUF, NOT, AND, OR, NAND, NOR, XOR, XNOR or DFF
    inputs: tuple[str, ...]  # input nets in order (for DFF: D then C)
    line: int | None = None  # line of the key in the file, for messages


@dataclass(frozen=True)
class InstanceSpec:
    """One subcircuit entry of ``[gates]``: ``name = { use = ..., ports = {...} }``."""

    name: str  # instance name, unique in its parent; inner nets become "name.net"
    use: str  # library name or a .toml path relative to the parent file
    ports: dict[str, str]  # port of the subcircuit -> net of the parent
    circuit: Circuit  # the resolved subcircuit definition
    line: int | None = None  # line of the key in the file


@dataclass(frozen=True)
class TestRow:
    """One row of a test table: levels to apply, then levels expected."""

    line: int | None  # line of the row in the file
    inputs: tuple[str, ...]  # one symbol per input column: 0, 1, X, or C (clock pulse)
    expected: tuple[str, ...]  # one symbol per output column: 0, 1, X (don't care), ~ (toggling)


@dataclass(frozen=True)
class TestTable:
    """A ``[[test]]`` entry: rows applied in order to one fresh simulator."""

    name: str  # shown in reports
    input_columns: tuple[str, ...]  # inputs and clocks set by each row
    output_columns: tuple[str, ...]  # nets checked after each row
    rows: tuple[TestRow, ...]  # in order
    init: str = "x"  # initial state of the simulator: "x", "0" or "random"
    on_oscillation: str = "raise"  # "raise" fails the table, "x" marks toggling nets X
    line: int | None = None  # line of the table key


@dataclass
class Circuit:
    """A circuit as written in its file (see ``docs/circuits.md`` for the format)."""

    name: str  # human name ("half adder")
    key: str  # library name or file stem ("half_adder")
    path: str  # file it came from
    inputs: tuple[str, ...]  # primary inputs, in truth-table column order (MSB first)
    outputs: tuple[str, ...]  # observed nets, in column order
    clocks: tuple[str, ...] = ()  # clock inputs (start at 0; a tick pulses them all)
    gates: tuple[GateSpec, ...] = ()  # gates in file order
    instances: tuple[InstanceSpec, ...] = ()  # subcircuits in file order
    init: dict[str, int] = field(default_factory=dict)  # net -> initial level code
    tests: tuple[TestTable, ...] = ()  # test tables
    description: str = ""  # one paragraph for `circuit list` / `show`
    layout: Any = None  # logicsim.logic.layout.Layout from the file's [layout] table, or None
    _netlist: Any = field(default=None, repr=False, compare=False)

    # -- structure -------------------------------------------------------------------------
    def nets(self) -> list[str]:
        """Every net name at this level: inputs, clocks, then driven nets in file order."""
        names = list(self.inputs) + [c for c in self.clocks if c not in self.inputs]
        for g in self.gates:
            names.append(g.output)
        for inst in self.instances:
            for port in inst.circuit.outputs:
                net = inst.ports.get(port)
                if net is not None and net not in names:
                    names.append(net)
        return names

    def flatten(self) -> Netlist:
        """The flattened netlist (cached): one primitive gate per entry, nets indexed."""
        if self._netlist is None:
            from logicsim.logic.netlist import flatten

            self._netlist = flatten(self)
        return self._netlist

    @property
    def is_combinational(self) -> bool:
        """True when the flattened circuit has no flip-flop and no feedback loop."""
        return self.flatten().topological_order() is not None

    # -- use ---------------------------------------------------------------------------------
    def simulator(self, **options: Any) -> Simulator:
        """A new :class:`~logicsim.logic.simulator.Simulator` (options: batch, init, seed, ...)."""
        from logicsim.logic.simulator import Simulator

        return Simulator(self.flatten(), **options)

    def truth_table(self) -> TruthTable:
        """Inputs and outputs of every row (combinational circuits), see :mod:`.truthtable`."""
        from logicsim.logic.truthtable import truth_table

        return truth_table(self)

    def run_tests(self) -> TestReport:
        """Run every ``[[test]]`` table; the report lists each failing row."""
        from logicsim.logic.testing import run_tests

        return run_tests(self)

    def expressions(self) -> dict[str, Any]:
        """Sum-of-products sympy expression of each output (combinational circuits)."""
        from logicsim.logic.expressions import expressions

        return expressions(self)

    def state_table(self) -> Any:
        """State-transition table of a small sequential circuit, see :mod:`.statetable`."""
        from logicsim.logic.statetable import state_table

        return state_table(self)
