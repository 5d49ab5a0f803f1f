"""Two-phase unit-delay simulation of a flattened netlist, vectorized over a batch of rows.

One *micro-step* lets every gate whose inputs changed read its inputs (all of them, first) and
then write its output (all of them, second), so every gate has the same unit delay and the order
of evaluation never matters.  ``settle`` repeats micro-steps until nothing changes, up to a bound
(default 1000): a circuit still changing then oscillates, and the simulator either raises
:class:`OscillationError` naming the nets still toggling, marks them X and goes on, or stops
and reports them -- it never hangs.

State is two bit-planes per net (see :mod:`logicsim.logic.values`), shape ``(N, W)`` with
``W = ceil(B / 64)``, so one pass simulates ``B`` input rows.  Views follow the model through
:class:`~logicsim.events.Event` attributes: ``changed(kind)``, ``stepped(gates)``,
``ticked(half_ticks)``, ``oscillated(nets)``, ``ran(waveform)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.logic.circuit import Circuit
from logicsim.logic.gates import OPS
from logicsim.logic.netlist import Netlist
from logicsim.logic.values import X, decode, encode, n_words, parse_level, row_mask

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.logic.compiled import ClockedProgram
    from logicsim.logic.waveform import Waveform

INIT_MODES = ("x", "0", "random")
OSCILLATION_MODES = ("raise", "x", "stop")


class OscillationError(LogicsimError):
    """``settle`` reached its bound while nets still toggled; ``nets`` names them."""

    def __init__(self, nets: list[str], steps: int, lockstep: bool):
        self.nets = list(nets)
        self.steps = steps
        self.lockstep = lockstep
        how = "toggle in lockstep" if lockstep else "keep toggling"
        super().__init__(
            f"oscillation: nets {', '.join(nets)} {how} after {steps} micro-steps "
            "(the circuit never settles)"
        )


class Simulator:
    """Live state of one circuit: net levels for ``batch`` rows, flip-flop memories, clocks.

    Parameters
    ----------
    circuit : Circuit or Netlist
        What to simulate (kept unchanged; the simulator owns only the state).
    batch : int
        Number of independent rows ``B`` (e.g. every row of a truth table at once).
    init : {"x", "0", "random"}
        Power-on level of every net: unknown (default), all 0, or seeded random bits.  Clocks
        start at 0; ``[init]`` entries of the files and ``init_values`` override per net.
    seed : int, optional
        Seed for ``init="random"``.
    init_values : mapping, optional
        Net name -> 0, 1 or "X", applied after ``init`` and the files' ``[init]``.
    max_steps : int
        Bound on micro-steps per ``settle``; raised to the circuit's depth + 2 when the circuit
        is deeper (see :attr:`Netlist.depth`), so a long chain is never taken for an oscillation.
    on_oscillation : {"raise", "x", "stop"}
        What ``settle`` does at the bound: raise :class:`OscillationError`, mark the toggling
        nets X and go on, or stop with :attr:`oscillating` filled in.
    """

    def __init__(
        self,
        circuit: Circuit | Netlist,
        batch: int = 1,
        init: str = "x",
        seed: int | None = None,
        init_values: Mapping[str, Any] | None = None,
        max_steps: int = 1000,
        on_oscillation: str = "raise",
    ):
        self.netlist = circuit.flatten() if isinstance(circuit, Circuit) else circuit
        if on_oscillation not in OSCILLATION_MODES:
            raise LogicsimError(
                f"on_oscillation must be one of {OSCILLATION_MODES}, got {on_oscillation!r}"
            )
        if batch < 1:
            raise LogicsimError(f"batch must be at least 1, got {batch}")
        self.batch = int(batch)
        # A chain of gates deeper than the bound is not an oscillation: the bound grows to the
        # circuit's depth (an acyclic circuit settles within that many micro-steps).
        self.max_steps = max(int(max_steps), self.netlist.depth + 2)
        self.on_oscillation = on_oscillation
        self.changed = Event()  # emit(kind): "reset", "input", "settle", "tick", "run"
        self.stepped = Event()  # emit(changed_gate_indices) after every micro-step
        self.ticked = Event()  # emit(half_ticks) after every settled half clock tick
        self.oscillated = Event()  # emit(net_names) when settle hits its bound
        self.ran = Event()  # emit(waveform) after a fast clocked run (no per-tick events)
        nl = self.netlist
        self._names = nl.net_names
        self._index = nl.index
        self._mask = row_mask(self.batch)  # (W,)
        W, N = n_words(self.batch), len(nl.net_names)
        self._v = np.zeros((N, W), dtype=np.uint64)  # value plane
        self._k = np.zeros((N, W), dtype=np.uint64)  # known plane
        self._recent = np.zeros((N, W), dtype=np.uint64)  # rows changed in the current window
        self._last_change = np.full(N, -1, dtype=np.int64)  # micro-step of each net's last change
        self._dff_clock: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # C as last seen
        self._dff_d: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # D (a clock) as last seen
        self._dirty: set[int] = set()
        self._held: set[int] = set()  # gates whose output is held (not evaluated)
        self._program: ClockedProgram | Literal[False] | None = None  # False: cannot compile
        self.reset(init=init, seed=seed, init_values=init_values)

    # -- state -------------------------------------------------------------------------------
    def reset(
        self,
        init: str | None = None,
        seed: int | None = None,
        init_values: Mapping[str, Any] | None = None,
    ) -> None:
        """Power on again: every net to the ``init`` level, clocks 0, all gates pending."""
        init = (init if init is not None else getattr(self, "init", "x")).lower()
        if init not in INIT_MODES:
            raise LogicsimError(f"init must be one of {INIT_MODES}, got {init!r}")
        self.init, self.seed = init, seed
        nl, shape = self.netlist, self._v.shape
        if init == "x":
            self._v[:], self._k[:] = 0, 0
        elif init == "0":
            self._v[:], self._k[:] = 0, self._mask
        else:
            rng = np.random.default_rng(seed)
            self._v[:] = rng.integers(0, 2**63, size=shape, dtype=np.uint64) * 2 + rng.integers(
                0, 2, size=shape, dtype=np.uint64
            )
            self._k[:] = self._mask
            self._v &= self._k
        for net in nl.clocks:
            self._v[net], self._k[net] = 0, self._mask
        for net, code in nl.init.items():
            self._write(net, np.full(self.batch, code))
        self._init_values = dict(init_values or {})
        for name, value in self._init_values.items():
            self._write(self._net(name), self._codes(value, name))
        self._remember_dff_inputs()
        self._dirty = set(range(len(nl.gates)))
        self._recent[:] = 0
        self._last_change[:] = -1
        self.step_count = 0  # micro-steps since reset
        self.half_ticks = 0  # settled half clock ticks since reset
        self.oscillating: list[str] = []  # nets found toggling by the last settle
        self.last_changed: list[int] = []  # gates whose output changed at the last micro-step
        self.changed.emit("reset")

    def _remember_dff_inputs(self) -> None:
        """Record the current D and C levels as what every DFF last saw (after a reset or a
        compiled run, where the DFFs were not evaluated one by one)."""
        v, k = self._v, self._k
        dffs = self.netlist.dffs
        self._dff_clock = {g.index: (v[g.inputs[1]].copy(), k[g.inputs[1]].copy()) for g in dffs}
        clocks = set(self.netlist.clocks)
        self._dff_d = {  # only DFFs whose D is a clock net need D's previous level
            g.index: (v[g.inputs[0]].copy(), k[g.inputs[0]].copy())
            for g in dffs
            if g.inputs[0] in clocks
        }

    def _net(self, name: str) -> int:
        try:
            return self._index[name]
        except KeyError:
            raise LogicsimError(
                f"circuit {self.netlist.circuit.key!r} has no net {name!r}"
            ) from None

    def _codes(self, value: Any, name: str) -> np.ndarray:
        if isinstance(value, str | int | bool | np.integer):
            return np.full(
                self.batch,
                parse_level(int(value) if isinstance(value, np.integer) else value, name),
            )
        codes = np.asarray(value).astype(np.int64).reshape(-1)
        if codes.shape != (self.batch,) or not np.isin(codes, (0, 1, X)).all():
            raise LogicsimError(
                f"{name}: expected {self.batch} levels 0/1/2(X), got {np.asarray(value).shape}"
            )
        return codes

    def _write(self, net: int, codes: np.ndarray) -> bool:
        v, k = encode(codes, self.batch)
        changed = bool((((self._v[net] ^ v) | (self._k[net] ^ k)) & self._mask).any())
        self._v[net], self._k[net] = v, k
        return changed

    def set_input(self, name: str, value: Any) -> None:
        """Drive input or clock ``name`` with 0, 1, "X" or an array of ``B`` codes (no settle)."""
        net = self._net(name)
        if net not in self.netlist.inputs and net not in self.netlist.clocks:
            raise LogicsimError(
                f"{name!r} is not an input or clock of {self.netlist.circuit.key!r}"
            )
        if self._write(net, self._codes(value, name)):
            self._dirty.update(self.netlist.fanout[net])
            self._last_change[net] = self.step_count
        self.changed.emit("input")

    def set_inputs(self, values: Mapping[str, Any]) -> None:
        """:meth:`set_input` for several nets."""
        for name, value in values.items():
            self.set_input(name, value)

    def get(self, name: str) -> np.ndarray:
        """Levels of net ``name`` over the batch: shape ``(B,)``, int8 codes 0, 1, 2 (= X)."""
        net = self._net(name)
        return decode(self._v[net], self._k[net], self.batch)

    def value_array(self, row: int = 0) -> np.ndarray:
        """Level of every net for one batch row: shape ``(N,)``, int8 codes (X = 2)."""
        word, bit = divmod(int(row), 64)
        one = np.uint64(1) << np.uint64(bit)
        known = (self._k[:, word] & one) != 0
        val = (self._v[:, word] & one) != 0
        return np.where(known, val, X).astype(np.int8)

    def values(self, row: int = 0) -> dict[str, int]:
        """Net name -> level code for one batch row (row 0 is what a schematic shows)."""
        return dict(zip(self._names, self.value_array(row).tolist(), strict=True))

    def planes(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of the packed planes ``(v, k)``, each of shape ``(N, W)``."""
        return self._v.copy(), self._k.copy()

    @property
    def stable(self) -> bool:
        """True when no gate is pending (the last micro-step changed nothing)."""
        return not (self._dirty - self._held)

    @property
    def pending(self) -> list[int]:
        """Gates that will be evaluated at the next micro-step (their inputs changed)."""
        return sorted(self._dirty - self._held)

    def hold(self, nets: list[str]) -> None:
        """Keep the drivers of ``nets`` from switching (their levels stay as they are) until
        :meth:`release`; used to start a feedback loop from a chosen state."""
        for name in nets:
            driver = self.netlist.driver[self._net(name)]
            if driver >= 0:
                self._held.add(driver)

    def release(self) -> None:
        """Undo :meth:`hold`; held gates whose inputs changed meanwhile become pending."""
        self._held = set()

    def toggling(self, window: int = 8) -> list[str]:
        """Nets that changed during the last ``window`` micro-steps (a live oscillation view)."""
        recent = np.nonzero(self._last_change >= max(0, self.step_count - window))[0]
        return [self._names[i] for i in recent if self._last_change[i] >= 0]

    # -- micro-steps ---------------------------------------------------------------------------
    def _eval(self, gi: int) -> tuple[np.ndarray, np.ndarray]:
        gate = self.netlist.gates[gi]
        ins = list(gate.inputs)
        vs, ks = self._v[ins], self._k[ins]  # (n_in, W) copies
        fn = OPS[gate.op][2]
        if fn is not None:  # every op but the DFF is a pure function of its inputs
            return fn(vs, ks)
        # An edge-triggered DFF takes the level D had just *before* its clock edge (setup-time
        # semantics).  A D driven through gates changes at least one unit delay after a clock
        # edge, and inputs are set and settled before a tick, so for those D "now" is D "before
        # the edge".  A D that is itself a clock net (Q = DFF(CLK, CLK)) changes in the very
        # write that raises C; a real flip-flop captures its pre-edge level (0: every clock is
        # low before a rising edge), and so does the compiled fast path (:mod:`.compiled`),
        # which latches every D before it raises the clocks.  For such a DFF we use D as it was
        # at the DFF's previous evaluation (it is evaluated whenever D or C changes).
        cv, ck = vs[1], ks[1]
        dv, dk = self._dff_d.get(gi, (vs[0], ks[0]))
        pv, pk = self._dff_clock[gi]
        qv, qk = self._v[gate.output].copy(), self._k[gate.output].copy()
        rise = (pk & ~pv) & cv  # known 0 before, known 1 now
        moved = (pv ^ cv) | (pk ^ ck)  # the clock level changed since this DFF last looked
        maybe = ~(pk & pv) & (cv | ~ck) & moved & ~rise  # a rise that X hides
        same = qk & dk & ~(qv ^ dv)
        nv = (qv & ~rise) | (dv & rise)
        nk = ((qk & ~rise) | (dk & rise)) & ~(maybe & ~same)
        self._dff_clock[gi] = (cv.copy(), ck.copy())
        if gi in self._dff_d:
            self._dff_d[gi] = (vs[0].copy(), ks[0].copy())
        return nv & nk, nk

    def micro_step(self) -> list[int]:
        """One two-phase unit-delay step; returns the gates whose output changed.

        Read phase: every pending gate computes its output from the current net levels.
        Write phase: all outputs are written; the gates reading a changed net become pending.
        """
        order = sorted(self._dirty - self._held)
        if not order:
            return []
        self._dirty &= self._held
        results = [self._eval(gi) for gi in order]  # read phase
        changed = []
        gates, fanout = self.netlist.gates, self.netlist.fanout
        for gi, (v, k) in zip(order, results, strict=True):  # write phase
            out = gates[gi].output
            diff = ((self._v[out] ^ v) | (self._k[out] ^ k)) & self._mask
            if diff.any():
                self._v[out], self._k[out] = v, k
                self._recent[out] |= diff
                self._last_change[out] = self.step_count + 1
                changed.append(gi)
                self._dirty.update(fanout[out])
        self.step_count += 1
        self.last_changed = changed
        self.stepped.emit(changed)
        return changed

    def settle(self, max_steps: int | None = None, on_oscillation: str | None = None) -> int:
        """Micro-step until stable; returns the number of micro-steps taken.

        At ``max_steps`` the nets that changed during the last window of steps are the
        oscillating ones: see ``on_oscillation`` in the class docstring.
        """
        limit = int(max_steps or self.max_steps)
        mode = on_oscillation or self.on_oscillation
        if mode not in OSCILLATION_MODES:
            raise LogicsimError(f"on_oscillation must be one of {OSCILLATION_MODES}, got {mode!r}")
        window = max(2, min(limit // 2, 2 * len(self.netlist.gates) + 2))
        self.oscillating = []
        total = 0
        for _round in range(4):
            steps = 0
            last: list[set[int]] = [set(), set()]  # outputs changed by the last two micro-steps
            self._recent[:] = 0
            while steps < limit and not self.stable:
                if steps == limit - window:
                    self._recent[:] = 0
                changed = self.micro_step()
                last = [last[1], {self.netlist.gates[g].output for g in changed}]
                steps += 1
            total += steps
            if self.stable:
                break
            nets = np.nonzero((self._recent & self._mask).any(axis=1))[0]
            names = [self._names[n] for n in nets]
            lockstep = bool(len(nets)) and all(n in last[0] and n in last[1] for n in nets)
            self.oscillating += [n for n in names if n not in self.oscillating]
            self.oscillated.emit(names)
            if mode == "raise":
                self.changed.emit("settle")
                raise OscillationError(names, limit, lockstep)
            if mode == "stop":
                break
            for n in nets:  # mark X where the net toggled, then let X propagate
                self._k[n] &= ~self._recent[n]
                self._v[n] &= self._k[n]
                self._dirty.update(self.netlist.fanout[n])
        self.changed.emit("settle")
        return total

    # -- clock ---------------------------------------------------------------------------------
    def half_tick(self) -> None:
        """Flip every clock (0 -> 1 or 1 -> 0) and settle: half a clock period."""
        osc = list(self.oscillating)
        for net in self.netlist.clocks:
            self._v[net] = ~self._v[net] & self._mask
            self._k[net] = self._mask
            self._dirty.update(self.netlist.fanout[net])
            self._last_change[net] = self.step_count
        self.settle()
        self.oscillating = osc + [n for n in self.oscillating if n not in osc]
        self.half_ticks += 1
        self.ticked.emit(self.half_ticks)
        self.changed.emit("tick")

    def tick(self) -> None:
        """One full clock pulse: clocks 0 -> 1 (rising edge) then 1 -> 0, settling after each."""
        self.oscillating = []
        self.half_tick()
        self.half_tick()

    def run(
        self, cycles: int, inputs: Mapping[str, Any] | None = None, fast: bool = True
    ) -> Waveform:
        """Run ``cycles`` full clock cycles; returns a clock-resolution
        :class:`~logicsim.logic.waveform.Waveform` of batch row 0 (two samples per cycle).

        ``inputs`` maps an input name to a constant level, or to one level per cycle (applied
        before that cycle's rising edge): shape ``(cycles,)`` for ``batch == 1``, else
        ``(cycles, B)``.  With ``fast`` the circuit is run by :mod:`logicsim.logic.compiled` when
        its flip-flops are DFF primitives clocked directly and the logic between them has no
        loop (same results, far fewer steps).
        """
        from logicsim.logic.compiled import run_cycles

        return run_cycles(self, cycles, inputs or {}, fast)
