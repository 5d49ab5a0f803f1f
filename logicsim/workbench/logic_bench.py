"""The logic bench: one circuit, its input switches, a clock, gate-step mode and a timing diagram.

A thin layer over :mod:`logicsim.logic`: the parsed circuit (``load_circuit``) and one
``Simulator`` with a single batch row (what the schematic shows).  Settling never raises to
the view: the simulator runs with ``on_oscillation="stop"`` and the bench turns the nets it
reports into :attr:`LogicBench.oscillation_text`.

Samples for the timing diagram are taken after every settled change (input, half tick, each
half tick of a run, micro-step), one row of all net levels each; at most
:data:`MAX_SAMPLES` are kept (the oldest are dropped).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.workbench.logic_state import get_sim_state, set_sim_state

#: Circuit loaded by a fresh bench.
DEFAULT_CIRCUIT = "sr_latch_nor"
#: Longest timing diagram kept (samples).
MAX_SAMPLES = 20_000
#: Clock cycles :meth:`LogicBench.run_cycles` runs between two looks at a cancel request.
RUN_CHUNK = 1024
#: Registry names of the initial-state choice -> the simulator's ``init`` codes.
INIT_CODES = {"zero": "0", "random": "random", "unknown": "x"}
_X = 2  # level code of X in logicsim.logic.values


def _load(source: str) -> Any:
    from logicsim.logic import load_circuit

    return load_circuit(source)


class LogicBench:
    """State of the logic bench (see ``docs/workbench.md``)."""

    def __init__(self, circuit: str | None = DEFAULT_CIRCUIT) -> None:
        self.changed = Event()
        self.initial_state = "unknown"  # zero | random | unknown (X, as the test tables start)
        self.seed = 0  # seed of the random initial state
        self.gate_step = False  # True: inputs do not settle; the user micro-steps
        self.watch: list[str] = []  # nets of the timing diagram ([] = inputs and outputs)
        self.drill = ""  # instance path shown inside ("" = top)
        self.circuit_name = ""
        self.circuit: Any = None
        self.sim: Any = None
        self.inputs: dict[str, int] = {}
        self.oscillation_text = ""
        self._samples: list[np.ndarray] = []  # (N,) level codes, one per recorded half tick
        self._times: list[int] = []  # half tick of each sample
        self._cancel = threading.Event()
        self.cancelled = False  # whether the last run_cycles was cancelled
        #: (cycles done, cycles asked) of the running or last run_cycles: plain ints, safe to
        #: read from another thread while it runs.
        self.progress = (0, 0)
        self._clear()
        if circuit:
            try:
                self.set_circuit(circuit)
            except (LogicsimError, ImportError):
                self._clear()  # an empty bench is still usable: choose a circuit

    # ------------------------------------------------------------------ structure
    def _clear(self) -> None:
        self.circuit_name, self.circuit, self.sim = "", None, None
        self.inputs, self._samples, self._times = {}, [], []

    @property
    def input_names(self) -> list[str]:
        """Top-level inputs (truth-table column order)."""
        return list(self.circuit.inputs) if self.circuit else []

    @property
    def output_names(self) -> list[str]:
        """Top-level outputs."""
        return list(self.circuit.outputs) if self.circuit else []

    @property
    def clock_names(self) -> list[str]:
        """Clock inputs (pulsed by a tick)."""
        return list(self.circuit.clocks) if self.circuit else []

    @property
    def net_names(self) -> list[str]:
        """Every flattened net (inner nets as ``instance.net``)."""
        return list(self.sim.netlist.net_names) if self.sim else []

    @property
    def combinational(self) -> bool:
        """True when the circuit has no flip-flop and no loop."""
        return bool(self.circuit is not None and self.circuit.is_combinational)

    def set_circuit(self, source: str | os.PathLike[str]) -> None:
        """Load a library circuit or a circuit file; inputs start at 0 and the circuit settles."""
        source = os.fspath(source)
        self.circuit = _load(source)  # the parser caches parsed files
        self.circuit_name = source
        self.watch = [n for n in self.watch if n in self.circuit.flatten().net_names]
        self.drill = ""
        self._new_sim()
        self.changed.emit("circuit")

    def _new_sim(self) -> None:
        self.sim = self.circuit.simulator(
            batch=1, init=INIT_CODES[self.initial_state], seed=self.seed, on_oscillation="stop"
        )
        self.inputs = {name: 0 for name in self.circuit.inputs}
        self.sim.set_inputs(self.inputs)
        self._samples, self._times = [], []
        self._settle()

    def reset(self) -> None:
        """Power on again with :attr:`initial_state`; inputs keep their values; waveform cleared."""
        self._need()
        self.sim.reset(init=INIT_CODES[self.initial_state], seed=self.seed)
        self.sim.set_inputs(self.inputs)
        self._samples, self._times = [], []
        self._settle()
        self.changed.emit("values")

    def update(self, **settings: Any) -> None:
        """Change ``initial_state`` / ``seed`` (then :meth:`reset`) or ``gate_step``."""
        for key in settings:
            if key not in ("initial_state", "seed", "gate_step"):
                raise LogicsimError(f"logic bench has no setting {key!r}")
        if settings.get("initial_state", "zero") not in INIT_CODES:
            raise LogicsimError(
                f"initial_state must be one of {', '.join(INIT_CODES)}, "
                f"got {settings['initial_state']!r}"
            )
        for key, value in settings.items():
            setattr(self, key, value)
        if self.circuit is not None and ("initial_state" in settings or "seed" in settings):
            self.reset()
        else:
            self.changed.emit("values")

    def _need(self) -> None:
        if self.sim is None:
            raise LogicsimError("no circuit is loaded on the logic bench (set circuit first)")

    # ------------------------------------------------------------------ driving
    def _settle(self) -> None:
        self.sim.settle()
        self._note_oscillation()
        self._sample()

    def _note_oscillation(self) -> None:
        nets = list(self.sim.oscillating)
        if not nets:
            self.oscillation_text = ""
            return
        gates = self.sim.netlist.gates
        names = self.sim.netlist.net_names
        last = {names[gates[g].output] for g in self.sim.last_changed}
        how = (
            "flip together at every micro-step (a lockstep oscillation: with equal gate delays "
            "both sides of the loop switch at once, forever)"
            if len(nets) > 1 and set(nets) <= last
            else "keep changing (a feedback loop with no stable state for these inputs)"
        )
        self.oscillation_text = (
            f"Oscillation: {', '.join(nets)} {how}; stopped after {self.sim.max_steps} "
            "micro-steps. Change an input or reset to continue."
        )

    @property
    def oscillating(self) -> bool:
        """Whether the last settle stopped at the micro-step limit."""
        return bool(self.sim is not None and self.sim.oscillating)

    @property
    def oscillating_nets(self) -> list[str]:
        """Nets found toggling by the last settle."""
        return list(self.sim.oscillating) if self.sim else []

    def set_input(self, net: str, value: int) -> None:
        """Set a top-level input to 0/1 and settle (in gate-step mode: no settle)."""
        self._need()
        if net not in self.circuit.inputs:
            raise LogicsimError(
                f"input.{net}: {self.circuit_name} has no input {net!r} "
                f"(inputs: {', '.join(self.circuit.inputs) or 'none'})"
            )
        if value not in (0, 1):
            raise LogicsimError(f"input.{net}: expected 0 or 1, got {value!r}")
        self.inputs[net] = int(value)
        self.sim.set_input(net, int(value))
        if self.gate_step:
            self._sample()
        else:
            self._settle()
        self.changed.emit("values")

    def input_value(self, net: str) -> int:
        """Current value of input ``net``."""
        self._need()
        if net not in self.inputs:
            raise LogicsimError(f"input.{net}: {self.circuit_name} has no input {net!r}")
        return self.inputs[net]

    def toggle(self, net: str) -> None:
        """Flip input ``net``."""
        self.set_input(net, 1 - self.input_value(net))

    def micro_step(self) -> list[str]:
        """One unit-delay micro-step; returns the labels of the gates whose output changed."""
        self._need()
        self.sim.micro_step()
        self._sample()
        self.changed.emit("values")
        return self.changed_gates

    def settle(self) -> None:
        """Micro-steps until stable (or the oscillation limit)."""
        self._need()
        self._settle()
        self.changed.emit("values")

    def half_tick(self) -> None:
        """Flip the clock(s) once and settle."""
        self._need()
        self.sim.oscillating = []  # report this half tick only (the simulator accumulates per tick)
        self.sim.half_tick()
        self._note_oscillation()
        self._sample()
        self.changed.emit("values")

    def tick(self) -> None:
        """One full clock cycle: rising edge then falling edge, settling after each."""
        self._need()
        self.sim.oscillating = []  # a full tick reports what either half found
        for _ in range(2):
            self.sim.half_tick()
            self._note_oscillation()
            self._sample()
        self.changed.emit("values")

    def run_cycles(self, n: int) -> None:
        """Run ``n`` full clock cycles (one event at the end).

        Runs in chunks of :data:`RUN_CHUNK` cycles, updating :attr:`progress`; :meth:`cancel`
        (from any thread) stops it after the current chunk, with the cycles done so far kept
        and :attr:`cancelled` set.
        """
        self._need()
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise LogicsimError(f"run_cycles: n must be a whole number >= 1, got {n!r}")
        n = int(n)
        self._cancel.clear()
        self.cancelled = False
        done = 0
        self.progress = (0, n)
        found: list[str] = []  # oscillating nets of every chunk (each run starts a fresh list)
        while done < n:
            chunk = min(RUN_CHUNK, n - done)
            wave = self.sim.run(chunk)
            found += [net for net in self.sim.oscillating if net not in found]
            values = np.asarray(wave.values, dtype=np.int8)  # (2 chunk, N) one row per half tick
            if wave.names != self.net_names:  # pragma: no cover - defensive
                values = values[:, [wave.names.index(nm) for nm in self.net_names]]
            self._samples.extend(values[-MAX_SAMPLES:])
            self._times.extend(np.asarray(wave.times)[-MAX_SAMPLES:].tolist())
            self._trim()
            done += chunk
            self.progress = (done, n)
            if done < n and self._cancel.is_set():
                self.cancelled = True
                break
        self.sim.oscillating = found
        self._note_oscillation()
        self.changed.emit("values")

    def cancel(self) -> None:
        """Ask a running :meth:`run_cycles` to stop after its current chunk (any thread)."""
        self._cancel.set()

    # ------------------------------------------------------------------ reading
    def value(self, net: str) -> int | None:
        """Level of ``net``: 0, 1 or None (X)."""
        self._need()
        try:
            code = int(self.sim.get(net)[0])
        except LogicsimError:
            raise LogicsimError(f"net.{net}: {self.circuit_name} has no net {net!r}") from None
        return None if code == _X else code

    def values(self) -> dict[str, int | None]:
        """Every net -> 0, 1 or None (X)."""
        if self.sim is None:
            return {}
        codes = self.sim.value_array(0).tolist()
        return {n: (None if c == _X else c) for n, c in zip(self.net_names, codes, strict=True)}

    @property
    def changed_gates(self) -> list[str]:
        """Labels of the gates whose output changed at the last micro-step."""
        if self.sim is None:
            return []
        gates = self.sim.netlist.gates
        return [gates[g].label for g in self.sim.last_changed]

    @property
    def stable(self) -> bool:
        """True when no gate is waiting to be evaluated."""
        return bool(self.sim is None or self.sim.stable)

    @property
    def cycle(self) -> int:
        """Full clock cycles since load or reset."""
        return self.sim.half_ticks // 2 if self.sim else 0

    @property
    def clock(self) -> int:
        """Level of the (first) clock: 0 or 1 (0 when the circuit has none)."""
        if not self.clock_names:
            return 0
        return int(self.sim.get(self.clock_names[0])[0]) % 2

    @property
    def micro_steps(self) -> int:
        """Micro-steps since load or reset."""
        return int(self.sim.step_count) if self.sim else 0

    def _sample(self) -> None:
        self._samples.append(self.sim.value_array(0).copy())  # (N,) level codes
        self._times.append(int(self.sim.half_ticks))
        self._trim()

    def _trim(self) -> None:
        if len(self._samples) > MAX_SAMPLES:
            del self._samples[: len(self._samples) - MAX_SAMPLES]
            del self._times[: len(self._times) - MAX_SAMPLES]

    def watched(self) -> list[str]:
        """Nets of the timing diagram: :attr:`watch`, or inputs, clocks and outputs."""
        if self.watch:
            return list(self.watch)
        return self.input_names + self.clock_names + self.output_names

    def set_watch(self, nets: list[str]) -> None:
        """Choose the nets of the timing diagram (``[]`` = inputs, clocks and outputs)."""
        self._need()
        bad = [n for n in nets if n not in self.net_names]
        if bad:
            raise LogicsimError(f"watch: {self.circuit_name} has no net {bad[0]!r}")
        self.watch = list(nets)
        self.changed.emit("watch")

    def waveform(self, nets: list[str] | None = None) -> dict[str, list[int | None]]:
        """Recorded levels (0, 1, None = X) of ``nets`` (default :meth:`watched`), one per
        sample."""
        self._need()
        nets = self.watched() if nets is None else nets
        names = self.net_names
        for n in nets:
            if n not in names:
                raise LogicsimError(f"waveform.{n}: {self.circuit_name} has no net {n!r}")
        if not self._samples:
            return {n: [] for n in nets}
        rows = np.asarray(self._samples)  # (S, N)
        out = {}
        for n in nets:
            col = rows[:, names.index(n)].tolist()
            out[n] = [None if c == _X else int(c) for c in col]
        return out

    @property
    def sample_times(self) -> list[int]:
        """Half clock ticks at each waveform sample (same length as each waveform list)."""
        return list(self._times)

    def truth_table(self) -> tuple[list[str], list[str], np.ndarray]:
        """Truth table of a combinational circuit.

        Returns
        -------
        inputs, outputs : list of str
        rows : ndarray of int, shape (2**n_in, n_in + n_out)
            Input bits then output levels (2 = X), rows in counting order.
        """
        self._need()
        if not self.combinational:
            raise LogicsimError(f"truth_table: {self.circuit_name} is sequential (it has state)")
        tt = self.circuit.truth_table()
        ins = np.asarray(tt.inputs)
        outs = np.asarray(tt.outputs)
        return list(self.input_names), list(self.output_names), np.concatenate([ins, outs], axis=1)

    def set_drill(self, path: str) -> None:
        """Show the inner nets of instance ``path`` ("" = top level)."""
        self._need()
        if path and path not in self.sim.netlist.instances:
            known = ", ".join(sorted(self.sim.netlist.instances)) or "none"
            raise LogicsimError(
                f"drill: {self.circuit_name} has no instance {path!r} (instances: {known})"
            )
        self.drill = path
        self.changed.emit("drill")

    def inner_nets(self, path: str | None = None) -> dict[str, int | None]:
        """Local net name -> level (None = X) inside instance ``path`` (default :attr:`drill`)."""
        self._need()
        path = self.drill if path is None else path
        if path and path not in self.sim.netlist.instances:
            raise LogicsimError(f"{self.circuit_name} has no instance {path!r}")
        codes = self.sim.value_array(0)
        return {
            local: (None if codes[i] == _X else int(codes[i]))
            for local, i in self.sim.netlist.instance_nets(path).items()
        }

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict[str, Any]:
        """Plain-data state: settings, inputs, the simulator's planes and the waveform."""
        state: dict[str, Any] = {
            "circuit": self.circuit_name,
            "initial_state": self.initial_state,
            "seed": self.seed,
            "gate_step": self.gate_step,
            "watch": list(self.watch),
            "drill": self.drill,
            "inputs": dict(self.inputs),
            "oscillation_text": self.oscillation_text,
        }
        if self.sim is not None:
            state["sim"] = get_sim_state(self.sim)
            state["samples"] = (
                np.asarray(self._samples, dtype=np.int8) if self._samples
                else np.zeros((0, len(self.net_names)), dtype=np.int8)
            )  # fmt: skip
            state["times"] = np.asarray(self._times, dtype=np.int64)
        return state

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict exactly."""
        self.initial_state = state["initial_state"]
        self.seed = int(state["seed"])
        self.gate_step = bool(state["gate_step"])
        if not state["circuit"]:
            self._clear()
            self.changed.emit("circuit")
            return
        source = state["circuit"]
        new_circuit = source != self.circuit_name or self.sim is None
        if new_circuit:
            self.circuit = _load(source)
            self.circuit_name = source
            self.sim = self.circuit.simulator(
                batch=1, init=INIT_CODES[self.initial_state], seed=self.seed, on_oscillation="stop"
            )
        self.watch = list(state["watch"])
        self.drill = state["drill"]
        self.inputs = {k: int(v) for k, v in state["inputs"].items()}
        set_sim_state(self.sim, state["sim"])
        self._samples = list(np.asarray(state["samples"], dtype=np.int8))
        self._times = [int(t) for t in np.asarray(state["times"]).tolist()]
        self.oscillation_text = state["oscillation_text"]
        self.changed.emit("circuit" if new_circuit else "values")
