"""A fast path for clocked runs: registers plus the logic between them, evaluated once per edge.

When every flip-flop is a DFF primitive whose clock pin is a clock net and the gates between
registers form no loop, a clock cycle needs no micro-steps: on the rising edge every DFF takes
its D (all read before any writes, exactly as in the two-phase step where the clock changes),
then the combinational gates are evaluated once in topological order.  The levels reached are
the settled levels of :meth:`Simulator.settle` (an acyclic circuit settles to the unique
solution of its equations); only the glitches between micro-steps are not recorded.

Signals here are Python integers used as bit-planes over the batch (bit ``r`` = row ``r``), which
beats NumPy calls on tiny arrays by an order of magnitude, and the cycle loop is generated as
straight-line Python (one local variable per net plane) from fixed templates and integer net
indices only -- no text from a circuit file ever becomes code.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from logicsim.logic.gates import OPS
from logicsim.logic.netlist import Netlist
from logicsim.logic.values import X, encode

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.logic.simulator import Simulator
    from logicsim.logic.waveform import Waveform

#: A generated per-cycle loop: returns the value and known planes of every net, one int each.
LoopFn = Callable[..., tuple[list[int], list[int]]]


def run_cycles(
    sim: Simulator, cycles: int, inputs: Mapping[str, Any], fast: bool = True
) -> Waveform:
    """:meth:`Simulator.run`: the compiled loop when possible, else half ticks with settling."""
    from logicsim.logic.waveform import Waveform

    schedule, constant = {}, {}
    for name, value in inputs.items():
        arr = np.asarray(value)
        if (arr.ndim == 1 and arr.shape[0] == cycles and sim.batch == 1) or arr.ndim == 2:
            schedule[name] = arr  # one level per cycle
        else:
            constant[name] = value
    sim.set_inputs(constant)
    sim.settle()
    clocks_low = all((sim.get(sim.netlist.net_names[c]) == 0).all() for c in sim.netlist.clocks)
    if fast and clocks_low and not len(sim.stepped) and sim._program is not False:
        try:
            if sim._program is None:
                sim._program = ClockedProgram(sim.netlist)
        except NotCompilable:
            sim._program = False  # remember: this netlist needs micro-steps
        if sim._program:
            try:
                wave = sim._program.run(sim, cycles, schedule)
            except NotCompilable:
                sim._program = False  # fall back to micro-steps below; sim is still untouched
            else:
                sim.ran.emit(wave)
                sim.changed.emit("run")
                return wave
    times, rows = [], []
    for t in range(cycles):
        if schedule:
            sim.set_inputs({n: a[t] for n, a in schedule.items()})
            sim.settle()
        for _ in range(2):
            sim.half_tick()
            times.append(sim.half_ticks)
            rows.append(sim.value_array(0))  # (N,)
    sim.changed.emit("run")
    names = list(sim.netlist.net_names)
    values = np.asarray(rows, dtype=np.int8).reshape(len(times), len(names))  # (2 cycles, N)
    return Waveform(names, np.asarray(times, dtype=np.int64), values, "clock")


class NotCompilable(Exception):
    """The netlist needs the general micro-step simulator (loops, gated clocks, ...)."""


class ClockedProgram:
    """Registers and topologically ordered logic of a netlist, ready for :meth:`run`."""

    def __init__(self, netlist: Netlist):
        clocks = set(netlist.clocks)
        self.netlist = netlist
        self.dffs = [(g.inputs[0], g.output) for g in netlist.dffs]  # (D net, Q net)
        if not clocks or not self.dffs:
            raise NotCompilable("no clocked DFF")
        if any(g.inputs[1] not in clocks for g in netlist.dffs):
            raise NotCompilable("a DFF clock pin is not a clock net")
        comb = [g for g in netlist.gates if g.op != "DFF"]
        comb_ids = {g.index for g in comb}
        indeg = {g.index: sum(netlist.driver[n] in comb_ids for n in g.inputs) for g in comb}
        ready = deque(i for i, d in indeg.items() if d == 0)
        order = []
        while ready:
            i = ready.popleft()
            order.append(i)
            for j in netlist.fanout[netlist.gates[i].output]:
                if j in comb_ids:
                    indeg[j] -= sum(
                        1 for n in netlist.gates[j].inputs if n == netlist.gates[i].output
                    )
                    if indeg[j] == 0:
                        ready.append(j)
        if len(order) != len(comb):
            raise NotCompilable("the logic between registers has a loop")
        gates = netlist.gates
        self.order = order
        self.ops = [(OPS[gates[i].op][2], gates[i].output, list(gates[i].inputs)) for i in order]
        self._loops: dict[tuple[int, ...], LoopFn] = {}  # compiled loops by scheduled inputs

    def run(self, sim: Simulator, cycles: int, schedule: Mapping[str, np.ndarray]) -> Waveform:
        """Advance ``sim`` by ``cycles`` clock cycles (inputs per cycle from ``schedule``).

        Returns the clock-resolution waveform of batch row 0 and leaves ``sim`` settled with
        the clocks at 0, exactly where the micro-step path would leave it.
        """
        from logicsim.logic.waveform import Waveform

        W = sim._v.shape[1]
        full = (1 << (64 * W)) - 1
        v = [int.from_bytes(row.tobytes(), "little") for row in sim._v]
        k = [int.from_bytes(row.tobytes(), "little") for row in sim._k]
        feeds = []
        for name, arr in schedule.items():
            net = sim._net(name)
            arr = np.asarray(arr).reshape(cycles, -1)  # (cycles, B or 1)
            if arr.shape[1] == 1:
                arr = np.repeat(arr, sim.batch, axis=1)
            pv, pk = encode(arr, sim.batch)  # (cycles, W) each
            feeds.append((net, _as_ints(pv), _as_ints(pk)))
        n = len(v)
        key = tuple(net for net, _, _ in feeds)
        if key not in self._loops:
            self._loops[key] = _build_loop(self, n, list(key))
        rec_v: list[int] = []  # bit i = level of net i in row 0, one int per half tick
        rec_k: list[int] = []
        v, k = self._loops[key](
            v,
            k,
            [f[1] for f in feeds],
            [f[2] for f in feeds],
            cycles,
            full,
            rec_v.append,
            rec_k.append,
        )
        rows = _row0_levels(rec_v, rec_k, n)  # (2 cycles, N)
        for i in range(n):
            sim._v[i] = np.frombuffer(v[i].to_bytes(8 * W, "little"), dtype="<u8")
            sim._k[i] = np.frombuffer(k[i].to_bytes(8 * W, "little"), dtype="<u8")
        sim._remember_dff_inputs()
        sim._dirty = set()
        times = sim.half_ticks + 1 + np.arange(2 * cycles, dtype=np.int64)
        sim.half_ticks += 2 * cycles
        return Waveform(list(self.netlist.net_names), times, rows, "clock")


def _as_ints(words: np.ndarray) -> list[int]:
    """Rows of uint64 words ``(S, W)`` -> one Python int per row (bit r = batch row r)."""
    if words.shape[1] == 1:
        return words[:, 0].tolist()
    return [int.from_bytes(r.tobytes(), "little") for r in words]


def _row0_levels(rec_v: list[int], rec_k: list[int], n: int) -> np.ndarray:
    """Samples packed as ints (bit i = net i) -> levels, shape ``(S, N)`` int8 (X = 2)."""
    out = np.empty((len(rec_v), n), dtype=np.int8)
    for lo in range(0, n, 60):  # blocks of 60 nets fit an int64
        width = min(60, n - lo)
        mask = (1 << width) - 1
        if n <= 60:
            bv, bk = np.array(rec_v, dtype=np.int64), np.array(rec_k, dtype=np.int64)  # (S,)
        else:
            bv = np.array([(x >> lo) & mask for x in rec_v], dtype=np.int64)  # (S,)
            bk = np.array([(x >> lo) & mask for x in rec_k], dtype=np.int64)
        shifts = np.arange(width, dtype=np.int64)
        val = (bv[:, None] >> shifts) & 1  # (S, width)
        known = (bk[:, None] >> shifts) & 1  # (S, width)
        out[:, lo : lo + width] = np.where(known == 1, val, X)
    return out


_TEMPLATES = {"AND", "OR", "XOR", "NAND", "NOR", "XNOR", "BUF", "NOT"}


#: Most operands in one generated expression.  CPython's parser and compiler recurse once per
#: binary operator, so a single 3,000-term expression overflows the recursion limit; longer
#: operand lists are folded into a temporary over several statements.
TERMS_PER_LINE = 32


def _fold(target: str, op: str, terms: list[str]) -> list[str]:
    """``target = t0 op t1 op ...`` as statements of at most :data:`TERMS_PER_LINE` terms."""
    if not terms:
        raise ValueError("no terms")
    lines = [f"{target} = {f' {op} '.join(terms[:TERMS_PER_LINE])}"]
    for i in range(TERMS_PER_LINE, len(terms), TERMS_PER_LINE):
        lines.append(f"{target} {op}= {f' {op} '.join(terms[i : i + TERMS_PER_LINE])}")
    return lines


def _gate_code(op: str, out: int, ins: list[int]) -> list[str]:
    """Straight-line Kleene code for one gate (the same formulas as :mod:`.gates`)."""
    va = [f"v{i}" for i in ins]
    ka = [f"k{i}" for i in ins]
    base = {"NAND": "AND", "NOR": "OR", "XNOR": "XOR"}.get(op, op)
    if base in ("AND", "OR"):
        zeros = [f"({k} & ~{v})" for v, k in zip(va, ka, strict=True)]
        code = _fold(f"v{out}", "&" if base == "AND" else "|", va)
        code += _fold("_z", "|" if base == "AND" else "&", zeros)
        code.append(f"k{out} = v{out} | _z")
    elif base == "XOR":
        code = _fold(f"k{out}", "&", ka) + _fold("_z", "^", va)
        code.append(f"v{out} = _z & k{out}")
    elif op == "NOT":
        return [f"k{out} = {ka[0]}", f"v{out} = k{out} & ~{va[0]}"]
    else:  # BUF
        return [f"v{out} = {va[0]}", f"k{out} = {ka[0]}"]
    if op in ("NAND", "NOR", "XNOR"):
        code.append(f"v{out} = k{out} & ~v{out}")
    return code


def _build_loop(program: ClockedProgram, n: int, feed_nets: list[int]) -> LoopFn:
    """Generate and compile the per-cycle loop as straight-line Python.

    The source is assembled from fixed templates and integer net indices only (``v3``,
    ``k3``); nothing from a circuit file is ever part of it.
    """
    gates = program.netlist.gates
    comb: list[str] = []
    for fn_out_ins, gi in zip(program.ops, program.order, strict=True):
        g = gates[gi]
        assert g.op in _TEMPLATES and fn_out_ins[1] == g.output
        comb += _gate_code(g.op, g.output, list(g.inputs))
    pack_v = _fold("_p", "|", [f"((v{i} & 1) << {i})" for i in range(n)] or ["0"])
    pack_k = _fold("_q", "|", [f"((k{i} & 1) << {i})" for i in range(n)] or ["0"])
    record = pack_v + pack_k + ["rv(_p)", "rk(_q)"]
    body = []
    for j, net in enumerate(feed_nets):
        body += [f"v{net} = fv{j}[t]", f"k{net} = fk{j}[t]"]
    body += comb if feed_nets else []
    ds = [d for d, _ in program.dffs]
    qs = [q for _, q in program.dffs]
    if qs:
        body.append(", ".join(f"v{q}" for q in qs) + ", = " + ", ".join(f"v{d}" for d in ds) + ",")
        body.append(", ".join(f"k{q}" for q in qs) + ", = " + ", ".join(f"k{d}" for d in ds) + ",")
    body += [f"v{c} = k{c} = full" for c in program.netlist.clocks]
    body += comb + record
    body += [f"v{c} = 0" for c in program.netlist.clocks]
    body += comb + record
    src = ["def loop(v, k, fvs, fks, cycles, full, rv, rk):"]
    src += [f"    v{i} = v[{i}]; k{i} = k[{i}]" for i in range(n)]
    src += [f"    fv{j} = fvs[{j}]; fk{j} = fks[{j}]" for j in range(len(feed_nets))]
    src += ["    for t in range(cycles):"] + [f"        {line}" for line in body]
    src += [
        f"    return [{', '.join(f'v{i}' for i in range(n))}], "
        f"[{', '.join(f'k{i}' for i in range(n))}]"
    ]
    namespace: dict = {}
    try:
        code = compile("\n".join(src), "<logicsim clocked loop>", "exec")
        exec(code, namespace)  # noqa: S102
    except (RecursionError, MemoryError, SyntaxError, ValueError) as exc:
        # Too large for CPython to compile: the micro-step simulator gives the same levels.
        raise NotCompilable(f"the generated loop does not compile ({type(exc).__name__})") from None
    return namespace["loop"]
