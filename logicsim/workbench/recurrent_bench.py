r"""The recurrent bench: one RNN or LSTM run over one input sequence, stepped through in time.

The forward pass is computed once per change of model or sequence (``logicsim.nn``); stepping
time only moves the index ``t`` into the stored arrays.  Time runs ``t = 0..T``: ``t = 0`` is the
initial state :math:`h[0] = 0`, step ``t`` reads input ``x[t]`` (1-based, as in the lecture).

The backward pass puts a loss on the last step through a linear head,

.. math::

    z = W_y h[T] + b_y, \qquad L = \mathrm{CE}(z, y) \ \text{(temporal order)} \quad
    \text{or} \quad \mathrm{BCE}(z, y) \ \text{(echo)},

and reports the total gradient :math:`\bar h[t] = \partial L / \partial h[t]` for every t from the
cell's exact BPTT (``grads.dh_steps``, plus ``grads.dh0`` for t = 0).

Gate overrides (LSTM memory demo) saturate a gate by its weights: the gate's rows of
``W_ih`` and ``W_hh`` are zeroed and its bias set to ``logit(v)`` (clipped to +-40, so v = 1
gives exactly 1.0 in float64).  An override set at time t applies to steps t+1..T; the network
still runs through the real cell, one segment per stretch of constant overrides.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.workbench import sequence as seqmod
from logicsim.workbench.gate_overrides import OVERRIDABLE, saturated_state, schedule_segments
from logicsim.workbench.heatmap import heatmap_bins, heatmap_palette

#: The head is seeded with seed + 10,000, as in logicsim.nn.models.SequenceModel, so the bench's
#: untrained model with seed s is exactly the trainer's member with seed s.
HEAD_SEED_OFFSET = 10_000


class RecurrentBench:
    """State of the recurrent bench (see ``docs/workbench.md``).

    Attributes
    ----------
    h : ndarray, shape (T+1, H)
        h[0..T] of batch row 0.
    c : ndarray, shape (T+1, H) or None
        LSTM cell state c[0..T].
    gates : dict of ndarray, shape (T, H)
        LSTM ``i f g o`` (row t-1 is step t); RNN: ``{"a": pre-activations}``.
    dh : ndarray, shape (T+1, H) or None
        dL/dh[t] after :meth:`backward`.
    """

    SETTINGS = (
        "cell_type", "nonlinearity", "hidden_size", "seed", "task", "difficulty",
        "data_seed", "echo_step", "echo_length", "sequence",
    )  # fmt: skip

    def __init__(self) -> None:
        self.changed = Event()
        self.cell_type = "rnn"  # "rnn" | "lstm"
        self.nonlinearity = "tanh"  # RNN nonlinearity
        self.hidden_size = 4  # H
        self.seed = 0  # weight seed
        self.task = "temporal-order"  # "temporal-order" | "echo" | "typed"
        self.difficulty = "easy"
        self.data_seed = 0  # seed of the drawn sequence
        self.echo_step = 3
        self.echo_length = 20
        self.sequence = ""  # the symbols run through the cell
        self.time = 0
        self.playing = False
        self.gate_overrides: dict[str, float | None] = {g: None for g in OVERRIDABLE}
        self.gate_schedule: dict[str, np.ndarray] = {}  # gate -> (T,) values, NaN = learned
        self.backward_enabled = False  # once backward() ran, recompute it after every change
        self._custom_state: dict[str, np.ndarray] | None = None  # weights not from the seed
        self._draw_sequence()
        self._rebuild()

    # ------------------------------------------------------------------ settings
    def update(self, **settings: Any) -> None:
        """Change several settings at once (one recompute, one ``changed("model")``)."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"recurrent bench has no setting {key!r}")
        saved = self.get_state()
        try:
            self._update(settings)
        except Exception:
            self.set_state(saved)  # a bad value leaves the bench as it was
            raise

    def _update(self, settings: dict[str, Any]) -> None:
        redraw = False
        new_weights = False
        for key, value in settings.items():
            if key == "sequence":
                self.sequence = seqmod.check_sequence(value)
                self.task = "typed"
                continue
            if key in ("cell_type", "nonlinearity", "hidden_size", "seed"):
                new_weights = new_weights or getattr(self, key) != value
            if key in ("task", "difficulty", "data_seed", "echo_length"):
                redraw = True
            setattr(self, key, value)
        if new_weights:
            self._custom_state = None
        if redraw and self.task != "typed":
            self._draw_sequence()
        self._rebuild()

    def _draw_sequence(self) -> None:
        if self.task == "temporal-order":
            self.sequence = seqmod.draw_temporal_order(self.difficulty, self.data_seed)
        elif self.task == "echo":
            self.sequence = seqmod.draw_echo(self.echo_length, self.data_seed)

    def new_sequence(self) -> None:
        """Draw the next sequence of the task (``data_seed + 1``; after the largest seed a
        control holds, :data:`~logicsim.workbench.tables.MAX_CONTROL_INT`, seed 0 again)."""
        from logicsim.workbench.tables import MAX_CONTROL_INT

        if self.task == "typed":
            raise LogicsimError("new_sequence: the sequence is typed; choose a task first")
        nxt = int(self.data_seed) + 1
        self.update(data_seed=nxt if 0 <= nxt <= MAX_CONTROL_INT else 0)

    # ------------------------------------------------------------------ model
    def _make_cell(self, input_size: int) -> Any:
        from logicsim.nn import LSTM, RNN

        H = self.hidden_size
        if self.cell_type == "lstm":
            return LSTM(input_size=input_size, hidden_size=H, seed=self.seed)
        return RNN(
            input_size=input_size, hidden_size=H, nonlinearity=self.nonlinearity, seed=self.seed
        )

    def _rebuild(self) -> None:
        """Build cell and head for the current settings (loaded weights kept when they fit),
        recompute."""
        self.x = seqmod.encode(self.sequence)  # (T, 1, D)
        self.T = self.x.shape[0]
        D = self.x.shape[2]
        n_out = 1 if seqmod.is_bits(self.sequence) else len(seqmod.CLASSES)
        self.cell = self._make_cell(D)
        self.head = _make_head(self.hidden_size, n_out, self.seed)
        if self._custom_state is not None:
            try:
                self.load_state_dict(self._custom_state, _recompute=False)
            except LogicsimError:
                self._custom_state = None  # shapes no longer fit (other task): back to the seed
        self._reset_schedule()
        self.time = min(self.time, self.T)
        self._recompute()
        self.changed.emit("model")

    def _reset_schedule(self) -> None:
        self.gate_schedule = {
            g: np.full(self.T, np.nan if v is None else v) for g, v in self.gate_overrides.items()
        }

    def gate_value(self, gate: str) -> float | None:
        """The value gate ``gate`` (``"i"``, ``"f"``, ``"o"``) is held at, or None (learned)."""
        if gate not in self.gate_overrides:
            raise LogicsimError(f"unknown gate {gate!r}")
        return self.gate_overrides[gate]

    def set_gate(self, gate: str, value: float | None) -> None:
        """Saturate LSTM gate ``gate`` ("i", "f" or "o") at ``value`` for steps t+1..T (None:
        learned)."""
        if gate not in OVERRIDABLE:
            raise LogicsimError(f"gate must be one of {', '.join(OVERRIDABLE)}, got {gate!r}")
        self.gate_overrides[gate] = None if value is None else float(value)
        self.gate_schedule[gate][self.time :] = np.nan if value is None else float(value)
        self._recompute()
        self.changed.emit("model")

    def _segment_cell(self, values: tuple[float, ...]) -> Any:
        """The bench's cell, or a copy whose overridden gates are saturated through its weights."""
        if all(np.isnan(v) for v in values):
            return self.cell
        cell = self._make_cell(self.cell.input_size)
        cell.load_state_dict(saturated_state(self.cell.state_dict(), self.hidden_size, values))
        return cell

    def _recompute(self) -> None:
        """Forward over the whole sequence (segment by segment when gates are overridden)."""
        lstm = self.cell_type == "lstm"
        H, T = self.hidden_size, self.T
        self.h = np.zeros((T + 1, H))  # (T+1, H)
        c = np.zeros((T + 1, H)) if lstm else None  # (T+1, H)
        self.c = c
        names = ("i", "f", "g", "o") if lstm else ("a",)
        self.gates = {k: np.zeros((T, H)) for k in names}  # each (T, H)
        self._parts: list[tuple[int, int, Any, Any]] = []
        segments = schedule_segments(self.gate_schedule, T) if lstm else [(0, T, ())]
        state: tuple[np.ndarray, ...] = ()
        for start, stop, values in segments:
            cell = self._segment_cell(values) if lstm else self.cell
            trace = cell.forward(self.x[start:stop], *state)
            self._parts.append((start, stop, cell, trace))
            self.h[start + 1 : stop + 1] = trace.h[:, 0]
            if c is not None:
                c[start + 1 : stop + 1] = trace.c[:, 0]
            for k in names:
                self.gates[k][start:stop] = getattr(trace, k)[:, 0]
            state = trace.final_state
        self.trace = self._parts[-1][3] if len(self._parts) == 1 else None
        self.logits = self.head.forward(self.h[T][None, :])[0]  # (n_out,)
        self.dh: np.ndarray | None = None  # (T+1, H) dL/dh[t], after a backward pass
        self.dh_norm_log10: np.ndarray | None = None  # (T+1,)
        self.loss: float | None = None
        if self.backward_enabled and seqmod.target_of(self.sequence, self.echo_step) is not None:
            self._backward()

    # ------------------------------------------------------------------ backward
    def backward(self) -> None:
        """Run the backward pass from the loss at the last step (see module doc)."""
        if seqmod.target_of(self.sequence, self.echo_step) is None:
            raise LogicsimError(
                "backward: the sequence defines no target (temporal order needs exactly two X/Y)"
            )
        self.backward_enabled = True
        self._backward()
        self.changed.emit("backward")

    def _backward(self) -> None:
        target = seqmod.target_of(self.sequence, self.echo_step)
        assert target is not None  # both callers check that the sequence defines a target
        k = target[0]
        z = self.logits
        if z.shape[0] == 1:  # BCE with logits: L = softplus(z) - y z, dL/dz = sigmoid(z) - y
            zz = float(z[0])
            self.loss = float(np.logaddexp(0.0, zz) - k * zz)
            dz = np.array([1.0 / (1.0 + np.exp(-zz)) - k])
        else:  # cross-entropy: L = logsumexp(z) - z[k], dL/dz = softmax(z) - onehot(k)
            lse = float(np.logaddexp.reduce(z))
            self.loss = lse - float(z[k])
            dz = np.exp(z - lse)
            dz[k] -= 1.0
        dh_T = self.head.params["weight"].T @ dz  # (H,) dL/dh[T] through z = W_y h[T] + b_y
        H, T = self.hidden_size, self.T
        dh = self.dh = np.zeros((T + 1, H))  # (T+1, H)
        dh_last = dh_T[None, :]  # (1, H) extra gradient on the segment's final h
        dc_last = None
        for start, stop, cell, trace in reversed(self._parts):
            direct = np.zeros((stop - start, 1, H))  # (T_seg, 1, H): no loss inside a segment
            if self.cell_type == "lstm":
                grads = cell.backward(trace, direct, dh_last=dh_last, dc_last=dc_last)
                dc_last = grads.dc0
            else:
                grads = cell.backward(trace, direct, dh_last=dh_last)
            dh[start + 1 : stop + 1] = grads.dh_steps[:, 0]
            dh_last = grads.dh0
        dh[0] = dh_last[0]
        with np.errstate(divide="ignore"):
            self.dh_norm_log10 = np.log10(np.linalg.norm(dh, axis=1))  # (T+1,)

    @property
    def symbols(self) -> list[str]:
        """The input symbol of every step t = 1..T (one character each), for axis labels."""
        return list(self.sequence)

    @property
    def target(self) -> str | None:
        """Label of the target at the last step (None when the sequence defines none)."""
        tgt = seqmod.target_of(self.sequence, self.echo_step)
        return None if tgt is None else tgt[1]

    @property
    def prediction(self) -> str:
        """The head's prediction at the last step (class name or bit)."""
        if self.logits.shape[0] == 1:
            return "1" if self.logits[0] > 0 else "0"
        return seqmod.CLASSES[int(np.argmax(self.logits))]

    # ------------------------------------------------------------------ time
    def set_time(self, t: int) -> None:
        """Move the current step to ``t`` (0..T)."""
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or not 0 <= t <= self.T:
            raise LogicsimError(f"time must be a whole number from 0 to T = {self.T}, got {t!r}")
        if int(t) != self.time:
            self.time = int(t)
            self.changed.emit("time")

    def step_forward(self) -> None:
        """t -> t + 1 (stays at T)."""
        self.set_time(min(self.time + 1, self.T))

    def step_back(self) -> None:
        """t -> t - 1 (stays at 0)."""
        self.set_time(max(self.time - 1, 0))

    def set_playing(self, playing: bool) -> None:
        """Set the flag the GUI timer reads."""
        if bool(playing) != self.playing:
            self.playing = bool(playing)
            self.changed.emit("playing")

    def values_at(self, t: int | None = None) -> dict[str, Any]:
        """Values at step ``t`` (default: the current step): h, c and gates as (H,) arrays."""
        t = self.time if t is None else t
        out: dict[str, Any] = {"t": t, "h": self.h[t]}
        out["x"] = self.sequence[t - 1] if t >= 1 else ""
        if self.c is not None:
            out["c"] = self.c[t]
        for k, v in self.gates.items():
            out[k] = v[t - 1] if t >= 1 else None
        if self.dh is not None:
            out["dh"] = self.dh[t]
        return out

    def heatmap(self, which: str = "h") -> tuple[np.ndarray, np.ndarray]:
        """Lecture colouring of ``which`` (h, c, i, f, g, o) over t = 1..T.

        Returns
        -------
        bins : ndarray of int, shape (H, T)
            ``floor(20 sigmoid(value))`` clipped to 0..19.
        palette : ndarray of uint8, shape (20, 3)
            RGB from blue (bin 0) to red (bin 19).
        """
        if which in ("h", "c"):
            arr = getattr(self, which)
            if arr is None:
                raise LogicsimError(f"heatmap: {which!r} exists only for the LSTM")
            values = arr[1:]
        elif which in self.gates:
            values = self.gates[which]
        else:
            raise LogicsimError(f"heatmap: unknown quantity {which!r}")
        return heatmap_bins(values.T), heatmap_palette()

    # ------------------------------------------------------------------ weights / state
    def state_dict(self) -> dict[str, np.ndarray]:
        """Weights of cell and head (head keys prefixed ``head.``), copied."""
        out = {k: np.array(v, copy=True) for k, v in self.cell.state_dict().items()}
        out.update({f"head.{k}": np.array(v, copy=True) for k, v in self.head.state_dict().items()})
        return out

    def load_state_dict(self, state: dict[str, Any], _recompute: bool = True) -> None:
        """Load weights (as from :meth:`state_dict`); they stay until the cell's shape changes."""
        cell_part = {
            k: np.asarray(v, dtype=float) for k, v in state.items() if not k.startswith("head.")
        }
        head_part = {
            k[5:]: np.asarray(v, dtype=float) for k, v in state.items() if k.startswith("head.")
        }
        try:
            self.cell.load_state_dict(cell_part)
            if head_part:
                self.head.load_state_dict(head_part)
        except LogicsimError:
            raise
        except (ValueError, KeyError) as exc:
            raise LogicsimError(f"weights do not fit the recurrent bench: {exc}") from None
        self._custom_state = self.state_dict()
        if _recompute:
            self._recompute()
            self.changed.emit("model")

    def get_state(self) -> dict[str, Any]:
        """Plain-data state for snapshots (arrays copied)."""
        return {
            **{k: getattr(self, k) for k in self.SETTINGS},
            "time": self.time,
            "playing": self.playing,
            "gate_overrides": dict(self.gate_overrides),
            "gate_schedule": {g: v.copy() for g, v in self.gate_schedule.items()},
            "backward_enabled": self.backward_enabled,
            "weights": None if self._custom_state is None else
            {k: v.copy() for k, v in self._custom_state.items()},
        }  # fmt: skip

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict exactly (one recompute, one event)."""
        for k in self.SETTINGS:
            setattr(self, k, state[k])
        self.gate_overrides = dict(state["gate_overrides"])
        self.backward_enabled = bool(state["backward_enabled"])
        self.playing = bool(state["playing"])
        self.x = seqmod.encode(self.sequence)
        self.T = self.x.shape[0]
        D = self.x.shape[2]
        n_out = 1 if seqmod.is_bits(self.sequence) else len(seqmod.CLASSES)
        self.cell = self._make_cell(D)
        self.head = _make_head(self.hidden_size, n_out, self.seed)
        self._custom_state = None
        if state["weights"] is not None:
            self.load_state_dict(state["weights"], _recompute=False)
        self.gate_schedule = {
            g: np.asarray(v, dtype=float).copy() for g, v in state["gate_schedule"].items()
        }
        time = state["time"]
        if isinstance(time, bool) or not isinstance(time, int) or not 0 <= time <= self.T:
            raise LogicsimError(f"recurrent time must be a whole number 0..{self.T}, got {time!r}")
        self.time = time
        self._recompute()
        self.changed.emit("model")


def _make_head(hidden_size: int, n_out: int, seed: int) -> Any:
    """The linear read-out ``z = W_y h + b_y`` (``logicsim.nn.Linear``)."""
    from logicsim.nn import Linear

    return Linear(hidden_size, n_out, seed=seed + HEAD_SEED_OFFSET)
