r"""The batch bench: a long text laid out in columns and cut into BPTT windows, as the lecture
draws it.

The layout comes from :func:`logicsim.tasks.batchify` and :func:`logicsim.tasks.bptt_windows`:
``columns[t, b] = text[b * R + t]`` (``R = N // B`` rows), window ``k`` holds rows
``(k-1) T + 1 .. k T`` and its targets are the same rows shifted down by one.  Rows, windows and
columns are numbered from 1 as on the lecture's slide (``x[1:3] = [[a g m s], [b h n t],
[c i o u]]``, ``y[1] = [b h n t]``).

To show *state carried, gradient cut*, a small character model (one-hot input,
:class:`logicsim.nn.RNN` tanh, a :class:`logicsim.nn.Linear` head, cross-entropy on the next
symbol) reads the columns three ways:

* ``full``: one forward pass over all rows (the reference);
* ``carried``: window by window, each starting from the last state of the one before
  (``h0 = h[end]`` of the previous window, detached);
* ``reset``: window by window, each starting from ``h0 = 0``.

``state_gap = max |h_carried - h_full|`` is 0 (carrying loses nothing in the forward pass),
``reset_gap`` is not.  For the loss of window ``k`` the bench counts the rows whose hidden state
receives a non-zero gradient: with truncated BPTT only the rows of window ``k`` (the gradient
arriving at ``h0`` is dropped), with full BPTT every row from the first to the end of window ``k``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event

ALPHABET = "abcdefghijklmnopqrstuvwx"
#: Longest stream the bench lays out (the full-BPTT count re-runs every prefix: cost ~ rows^2 / T).
MAX_TEXT = 512


class BatchBench:
    """Batch-ification panel state (see ``docs/workbench.md``)."""

    SETTINGS = ("text", "size", "bptt", "seed")

    def __init__(self) -> None:
        self.changed = Event()
        self.text = ALPHABET  # the stream of symbols
        self.size = 4  # B: number of columns (batch size)
        self.bptt = 3  # T: window length (BPTT period)
        self.seed = 0  # seed of the little character model's weights
        self._cache: dict[str, Any] | None = None
        self._model: dict[str, Any] | None = None

    def update(self, **settings: Any) -> None:
        """Change the text, B, T or seed; the layout is recomputed (and validated) at once."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"batch bench has no setting {key!r}")
        old = {k: getattr(self, k) for k in settings}
        for key, value in settings.items():
            setattr(self, key, value)
        self._cache = self._model = None
        try:
            self.layout()
        except LogicsimError:
            for key, value in old.items():
                setattr(self, key, value)
            self._cache = self._model = None
            raise
        self.changed.emit("layout")

    # ---------------------------------------------------------------- layout
    def layout(self) -> dict[str, Any]:
        """Columns and windows: ``{"columns": (R, B) str array, "windows": [(x, y), ...]}``."""
        if self._cache is None:
            from logicsim.tasks import batchify, bptt_windows

            if len(self.text) > MAX_TEXT:
                raise LogicsimError(
                    f"batch.text holds {len(self.text)} symbols; the bench shows at most {MAX_TEXT}"
                )

            columns = batchify(self.text, self.size)  # (R, B)
            self._cache = {"columns": columns, "windows": list(bptt_windows(columns, self.bptt))}
        return self._cache

    @property
    def rows(self) -> list[str]:
        """Row t (1-based) of the layout as one string, e.g. ``"agms"``."""
        return ["".join(r) for r in self.layout()["columns"]]

    @property
    def columns(self) -> list[str]:
        """Column b (1-based) read top to bottom, e.g. ``"abcdef"``."""
        return ["".join(c) for c in self.layout()["columns"].T]

    def window(self, which: str) -> list[list[str]]:
        """Inputs (``which = "x"``) or targets (``"y"``) of every window, rows as strings."""
        pos = 0 if which == "x" else 1
        return [["".join(r) for r in pair[pos]] for pair in self.layout()["windows"]]

    # ---------------------------------------------------------------- the character model
    def model(self) -> dict[str, Any]:
        """Run the character model full / carried / reset; gaps and gradient reach per window."""
        if self._model is None:
            self._model = self._run_model()
        return self._model

    def _run_model(self) -> dict[str, Any]:
        from logicsim.nn import RNN, Linear, cross_entropy

        columns = self.layout()["columns"]  # (R, B) str
        vocab = sorted(set(self.text))
        idx = np.vectorize(vocab.index)(columns)  # (R, B) int
        V, H = len(vocab), 4
        onehot = np.eye(V)[idx]  # (R, B, V)
        cell = RNN(V, H, nonlinearity="tanh", seed=self.seed)
        head = Linear(H, V, seed=self.seed + 1)
        windows = list(range(0, columns.shape[0] - 1, self.bptt))  # first row of each window
        full = cell.forward(onehot[:-1])  # rows 1..R-1 feed targets 2..R
        carried, reset, reach, reach_full, h0_norm = [], [], [], [], []
        h0 = None
        for start in windows:
            stop = min(start + self.bptt, columns.shape[0] - 1)
            x, y = onehot[start:stop], idx[start + 1 : stop + 1]  # (T, B, V), (T, B)
            trace = cell.forward(x, h0)
            h0_norm.append(float(np.linalg.norm(trace.h0)))
            carried.append(trace.h)
            reset.append(cell.forward(x).h)
            reach.append(_rows_reached(cell, head, trace, y, cross_entropy))
            prefix = cell.forward(onehot[:stop])  # full BPTT: the loss sees every earlier row
            dh_pad = np.zeros_like(prefix.h)  # (stop, B, H)
            reach_full.append(_rows_reached(cell, head, prefix, y, cross_entropy, dh_pad, start))
            h0 = trace.final_state[0]  # carried over, and detached: no gradient flows back
        h_carried = np.concatenate(carried)  # (R-1, B, H)
        h_reset = np.concatenate(reset)
        return {
            "state_gap": float(np.max(np.abs(h_carried - full.h))),
            "reset_gap": float(np.max(np.abs(h_reset - full.h))),
            "grad_reach": reach,
            "grad_reach_full": reach_full,
            "h0_norm": h0_norm,
        }

    # ---------------------------------------------------------------- state
    def get_state(self) -> dict[str, Any]:
        """Plain-data settings (everything else is recomputed)."""
        return {k: getattr(self, k) for k in self.SETTINGS}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict."""
        for k in self.SETTINGS:
            setattr(self, k, state[k])
        self._cache = self._model = None
        self.changed.emit("layout")


def _rows_reached(
    cell: Any,
    head: Any,
    trace: Any,
    y: np.ndarray,
    cross_entropy: Any,
    dh: np.ndarray | None = None,
    offset: int = 0,
) -> int:
    """Rows of ``trace`` whose hidden state gets a non-zero gradient from the loss on ``y``.

    The loss reads the last ``len(y)`` rows of the trace (``offset`` = index of the first).
    """
    h_loss = trace.h[offset:]  # (T, B, H) states the loss reads
    _loss, dlogits = cross_entropy(head.forward(h_loss), y)  # (T, B, V)
    _g, dh_direct = head.backward(h_loss, dlogits)  # (T, B, H)
    if dh is None:
        dh = dh_direct
    else:
        dh[offset:] = dh_direct
    grads = cell.backward(trace, dh)
    per_row = np.abs(grads.dh_steps).reshape(grads.dh_steps.shape[0], -1).max(axis=1)  # (rows,)
    return int(np.count_nonzero(per_row))
