"""The flattened netlist: primitive gates over integer-indexed nets, with instance paths kept.

Flattening replaces each subcircuit instance by its gates.  A net inside instance ``ff1`` of the
top circuit is named ``ff1.<local>``; a port net is the parent's net.  :attr:`Netlist.net_path`
and :meth:`Netlist.instance_nets` map every flattened net back to the instance it belongs to,
so a view can open an instance (a flip-flop inside a shift register) and show its inner nets.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from logicsim.errors import shorten
from logicsim.logic.circuit import Circuit, CircuitError

#: Most primitive gates a circuit may expand to (a 20,000-gate NOT chain is fine; 31 files that
#: each use the previous one twice, 2**30 gates, are not).
MAX_GATES = 250_000
#: Deepest nesting of subcircuit instances (a chain of ``use`` files).
MAX_DEPTH = 32


@dataclass(frozen=True)
class FlatGate:
    """A primitive gate of the flattened circuit."""

    index: int  # position in Netlist.gates
    op: str  # BUF, NOT, AND, OR, NAND, NOR, XOR, XNOR or DFF
    inputs: tuple[int, ...]  # net indices read (DFF: D, C)
    output: int  # net index driven
    path: str  # instance path, "" for the top circuit, "fa1.ha0" for nested instances
    name: str  # local name of the output net inside its instance

    @property
    def label(self) -> str:
        """Unique readable name: ``path.name`` (or ``name`` at the top)."""
        return f"{self.path}.{self.name}" if self.path else self.name


@dataclass(frozen=True)
class InstanceInfo:
    """One subcircuit instance of the flattened tree."""

    path: str  # "ff1", "fa0.ha1"
    use: str  # the circuit it instantiates
    circuit: Circuit  # its definition
    nets: dict[str, int]  # local net name inside the instance -> flattened net index


@dataclass
class Netlist:
    """Primitive gates and nets of a circuit with every subcircuit expanded."""

    circuit: Circuit  # the definition it came from
    net_names: list[str] = field(default_factory=list)  # flattened net names
    gates: list[FlatGate] = field(default_factory=list)
    inputs: list[int] = field(default_factory=list)  # primary inputs (file order)
    clocks: list[int] = field(default_factory=list)  # clock nets
    outputs: list[int] = field(default_factory=list)  # output nets (file order)
    init: dict[int, int] = field(default_factory=dict)  # net -> level code from [init] files
    net_path: list[str] = field(default_factory=list)  # net -> instance path owning it
    instances: dict[str, InstanceInfo] = field(default_factory=dict)  # path -> instance
    driver: list[int] = field(default_factory=list)  # net -> gate index, -1 for inputs
    fanout: list[list[int]] = field(default_factory=list)  # net -> gates reading it
    _depth: int | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> dict[str, int]:
        """Net name -> index."""
        return {n: i for i, n in enumerate(self.net_names)}

    def net(self, name: str) -> int:
        """Index of the net called ``name`` (``"ff1.q"`` for an inner net)."""
        try:
            return self.net_names.index(name)
        except ValueError:
            raise KeyError(f"no net {name!r} in circuit {self.circuit.key!r}") from None

    def instance_nets(self, path: str = "") -> dict[str, int]:
        """Local net names of an instance (``""`` = top) -> flattened net indices."""
        if path == "":
            return {n: i for i, n in enumerate(self.net_names) if self.net_path[i] == ""}
        return dict(self.instances[path].nets)

    @property
    def dffs(self) -> list[FlatGate]:
        """The D flip-flop primitives."""
        return [g for g in self.gates if g.op == "DFF"]

    @property
    def depth(self) -> int:
        """Longest chain of gates a change can ripple through: each DFF and each gate counts
        one, and an edge that closes a feedback loop is not followed.  An acyclic circuit
        settles within ``depth`` unit-delay micro-steps of an input or clock change."""
        if self._depth is None:
            self._depth = _longest_path(self)
        return self._depth

    def topological_order(self) -> list[int] | None:
        """Gate indices in an order where each gate follows its drivers; ``None`` when the
        circuit is sequential (it holds a DFF or a feedback loop)."""
        if self.dffs:
            return None
        indegree = [sum(self.driver[n] >= 0 for n in g.inputs) for g in self.gates]
        ready = deque(i for i, d in enumerate(indegree) if d == 0)
        order = []
        while ready:
            i = ready.popleft()
            order.append(i)
            for j in self.fanout[self.gates[i].output]:
                indegree[j] -= sum(1 for n in self.gates[j].inputs if n == self.gates[i].output)
                if indegree[j] == 0:
                    ready.append(j)
        return order if len(order) == len(self.gates) else None


def _longest_path(nl: Netlist) -> int:
    """Gates on the longest path (iterative depth-first search; back edges and DFF inputs are
    not followed, so loops and registers cut the path)."""
    level = [0] * len(nl.gates)  # 0 = not finished
    state = [0] * len(nl.gates)  # 0 new, 1 on the stack, 2 done
    best = 0
    for root in range(len(nl.gates)):
        if state[root]:
            continue
        stack = [(root, 0)]
        state[root] = 1
        while stack:
            g, i = stack[-1]
            gate = nl.gates[g]
            ins = () if gate.op == "DFF" else gate.inputs
            if i < len(ins):
                stack[-1] = (g, i + 1)
                d = nl.driver[ins[i]]
                if d >= 0 and state[d] == 0:
                    state[d] = 1
                    stack.append((d, 0))
                continue
            drivers = (nl.driver[n] for n in ins)
            level[g] = 1 + max((level[d] for d in drivers if d >= 0 and state[d] == 2), default=0)
            state[g] = 2
            best = max(best, level[g])
            stack.pop()
    return best


def expanded_size(circuit: Circuit) -> tuple[int, int]:
    """``(gates, depth)``: primitive gates after flattening and the deepest instance nesting,
    counted without expanding anything (each subcircuit definition is visited once)."""
    memo: dict[int, tuple[int, int]] = {}

    def size(c: Circuit) -> tuple[int, int]:
        if id(c) not in memo:
            gates, depth = len(c.gates), 0
            for inst in c.instances:
                g, d = size(inst.circuit)
                gates, depth = gates + g, max(depth, d + 1)
            memo[id(c)] = (gates, depth)
        return memo[id(c)]

    return size(circuit)


def check_size(circuit: Circuit) -> None:
    """Raise :class:`CircuitError` naming the file when ``circuit`` would flatten to more than
    :data:`MAX_GATES` gates or nests instances deeper than :data:`MAX_DEPTH`."""
    gates, depth = expanded_size(circuit)
    where = shorten(circuit.path or circuit.key)
    if depth > MAX_DEPTH:
        raise CircuitError(
            where, f"subcircuits are nested {depth} deep, more than the limit of {MAX_DEPTH}"
        )
    if gates > MAX_GATES:
        raise CircuitError(
            where, f"expands to {gates} primitive gates, more than the limit of {MAX_GATES}"
        )


def flatten(circuit: Circuit) -> Netlist:
    """Expand every instance of ``circuit`` recursively into a :class:`Netlist`.

    Raises
    ------
    CircuitError
        The circuit would expand beyond :data:`MAX_GATES` or :data:`MAX_DEPTH` (checked first).
    """
    check_size(circuit)
    nl = Netlist(circuit=circuit)

    def new_net(name: str, path: str) -> int:
        nl.net_names.append(name)
        nl.net_path.append(path)
        return len(nl.net_names) - 1

    def expand(c: Circuit, path: str, bound: dict[str, int]) -> dict[str, int]:
        local = dict(bound)
        prefix = f"{path}." if path else ""
        for name in c.nets():
            if name not in local:
                local[name] = new_net(prefix + name, path)
        pending: list[FlatGate] = []
        for g in c.gates:
            pending.append(
                FlatGate(
                    -1, g.op, tuple(local[n] for n in g.inputs), local[g.output], path, g.output
                )
            )
        for inst in c.instances:
            sub_path = prefix + inst.name
            ports = {port: local[net] for port, net in inst.ports.items()}
            inner = expand(inst.circuit, sub_path, ports)
            nl.instances[sub_path] = InstanceInfo(sub_path, inst.use, inst.circuit, inner)
        for fg in pending:
            nl.gates.append(FlatGate(len(nl.gates), fg.op, fg.inputs, fg.output, fg.path, fg.name))
        for name, code in c.init.items():  # inner [init] first, parents override later
            nl.init[local[name]] = code
        return local

    top = expand(circuit, "", {})
    nl.inputs = [top[n] for n in circuit.inputs]
    nl.clocks = [top[n] for n in circuit.clocks]
    nl.outputs = [top[n] for n in circuit.outputs]
    nl.driver = [-1] * len(nl.net_names)
    nl.fanout = [[] for _ in nl.net_names]
    for g in nl.gates:
        nl.driver[g.output] = g.index
        for n in dict.fromkeys(g.inputs):
            nl.fanout[n].append(g.index)
    return nl
