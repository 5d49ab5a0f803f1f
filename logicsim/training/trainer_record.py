"""Recordings of hidden and cell states over one sequence, coloured as in the lecture.

The lecture's cell-state picture draws every state unit as a row over the characters of one
sequence; each value ``v`` is squashed with the logistic sigmoid and put in one of 20 bins,
coloured from blue (bin 0, ``v`` very negative) through grey to red (bin 19, ``v`` very
positive):

.. math::

    \\mathrm{bin}(v) = \\min(19, \\lfloor 20\\, \\sigma(v) \\rfloor), \\qquad
    \\sigma(v) = 1 / (1 + e^{-v})

The recording is plain data (arrays of bin indices and an RGB palette), so the Qt view, a PNG
writer and the tests all read the same thing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from logicsim.nn.lstm import LSTMTrace

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.nn.models import SequenceModel

#: Number of colour bins.
N_BINS = 20


def palette(n_bins: int = N_BINS) -> np.ndarray:
    """Blue -> light grey -> red palette.

    Returns
    -------
    rgb : ndarray of uint8, shape (n_bins, 3)
    """
    blue, grey, red = (
        np.array([59, 76, 192.0]),
        np.array([221, 221, 221.0]),
        np.array([180, 4, 38.0]),
    )
    s = np.linspace(0.0, 1.0, n_bins)[:, None]  # (n, 1)
    lower = grey * (s * 2) + blue * (1 - s * 2)  # used for s <= 1/2
    upper = red * (s * 2 - 1) + grey * (2 - s * 2)  # used for s > 1/2
    return np.rint(np.where(s <= 0.5, lower, upper)).astype(np.uint8)


#: Colour of a state that is not a number (a diverged model): black, outside the blue-red scale.
GAP = np.zeros(3, dtype=np.uint8)


def colour_bins(values: np.ndarray, n_bins: int = N_BINS) -> np.ndarray:
    """Bin index ``floor(n_bins * sigmoid(v))`` clipped to ``[0, n_bins - 1]``; -1 for NaN.

    The result has the shape of ``values``.  NaN (a diverged model) has no colour: its bin is
    -1, which :meth:`StateRecording.image` draws as a gap (:data:`GAP`).
    """
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        sig = 0.5 * (1.0 + np.tanh(0.5 * v))  # overflow-free logistic sigmoid (+-inf -> 1, 0)
    bins = np.minimum((np.nan_to_num(sig) * n_bins).astype(np.int64), n_bins - 1)
    return np.where(np.isnan(sig), -1, bins)


@dataclass(frozen=True)
class StateRecording:
    """States of one model member over one sequence.

    Attributes
    ----------
    symbols : list of str
        The input symbol of every step (one per column of the picture).
    h : ndarray, shape (T, H)
        Hidden state ``h[t]`` after each step.
    c : ndarray or None, shape (T, H)
        LSTM cell state ``c[t]`` (None for a vanilla RNN).
    gates : dict of str to ndarray
        LSTM gates ``i, f, g, o`` of shape ``(T, H)`` (empty for an RNN).
    h_bins, c_bins : ndarray of int, shape (H, T)
        Colour bins, one row per unit as the lecture draws them (``c_bins`` None for an RNN).
    palette : ndarray of uint8, shape (20, 3)
        RGB colour of each bin, blue to red.
    """

    symbols: list[str]
    h: np.ndarray
    c: np.ndarray | None
    gates: dict[str, np.ndarray]
    h_bins: np.ndarray
    c_bins: np.ndarray | None
    palette: np.ndarray

    def image(self, which: str = "c") -> np.ndarray:
        """RGB picture ``(H, T, 3)`` of the cell (``"c"``) or hidden (``"h"``) state."""
        bins = self.c_bins if which == "c" and self.c_bins is not None else self.h_bins
        return np.where(bins[..., None] < 0, GAP, self.palette[np.maximum(bins, 0)]).astype(
            np.uint8
        )


def record_states(
    model: SequenceModel, x: np.ndarray, symbols: str | list[str], member: int = 0
) -> StateRecording:
    """Run ``model`` over one sequence and keep its states.

    Parameters
    ----------
    model : SequenceModel
        The trained model (an ensemble is fine; ``member`` picks one).
    x : ndarray, shape (T, 1, D)
        The encoded sequence, no padding.
    symbols : str or list of str
        One label per step.
    member : int
        Ensemble member to record.
    """
    trace = model.cell.forward(x)  # ([K,] T, 1, H)

    def pick(arr: np.ndarray) -> np.ndarray:
        arr = arr[member] if model.ensemble else arr
        return np.array(arr[:, 0, :])  # (T, H)

    h = pick(trace.h)
    is_lstm = isinstance(trace, LSTMTrace)
    c = pick(trace.c) if isinstance(trace, LSTMTrace) else None
    gates = {g: pick(getattr(trace, g)) for g in "ifgo"} if is_lstm else {}
    return StateRecording(
        symbols=list(symbols),
        h=h,
        c=c,
        gates=gates,
        h_bins=colour_bins(h).T,
        c_bins=colour_bins(c).T if c is not None else None,
        palette=palette(),
    )


def save_picture(
    recording: StateRecording,
    path: str | os.PathLike[str],
    which: str = "c",
    cell: int = 14,
    overwrite: bool = False,
) -> None:
    """Save the lecture-style picture as PNG: one row per unit, one column per symbol.

    Parameters
    ----------
    recording : StateRecording
    path : str
        PNG file to write (atomically).
    which : str
        ``"c"`` (cell state; the hidden state for an RNN) or ``"h"``.
    cell : int
        Pixels per square.
    overwrite : bool
        Replace an existing file (otherwise a LogicsimError).
    """
    from logicsim.plotpng import Canvas, write_png

    img = recording.image(which)  # (H, T, 3)
    units, steps = img.shape[:2]
    top, left = 16, 4
    canvas = Canvas(left * 2 + steps * cell, top + units * cell + 4)
    canvas.rgb[top : top + units * cell, left : left + steps * cell] = np.kron(
        img, np.ones((cell, cell, 1), dtype=np.uint8)
    )  # (H*cell, T*cell, 3)
    for t, sym in enumerate(recording.symbols):
        canvas.text(left + t * cell + (cell - 6) // 2, 3, str(sym)[:1])
    write_png(path, canvas.rgb, overwrite=overwrite)
