"""The flattened netlist: primitive gates over integer-indexed nets, with instance paths kept.

Flattening replaces each subcircuit instance by its gates.  A net inside instance ``ff1`` of the
top circuit is named ``ff1.<local>``; a port net is the parent's net.  :attr:`Netlist.net_path`
and :meth:`Netlist.instance_nets` map every flattened net back to the instance it belongs to,
so a view can open an instance (a flip-flop inside a shift register) and show its inner nets.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from logicsim.logic.circuit import Circuit


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


def flatten(circuit: Circuit) -> Netlist:
    """Expand every instance of ``circuit`` recursively into a :class:`Netlist`."""
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
