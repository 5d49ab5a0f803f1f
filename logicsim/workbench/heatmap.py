r"""Colours of the heatmaps: the lecture's 20 bins, and the app's scales with fixed meanings.

**The lecture's colouring** (saved cell-state pictures, ``RecurrentBench.heatmap``): sigmoid of
the value in 20 bins, blue to red,

.. math::

    \text{bin}(v) = \min(\lfloor 20\,\sigma(v) \rfloor, 19), \qquad \sigma(v) = 1 / (1 + e^{-v})

The colouring itself lives with the training code's state recorder
(:mod:`logicsim.training.trainer_record`); the recurrent bench uses the same functions so the app's
heatmap and the recorded cell-state pictures match bin for bin.

**The app's scales** (:func:`colour_scale`), which the recurrent bench's heatmaps draw: a
diverging blue-white-red map symmetric about 0 for the signed quantities (h and the tanh
candidate g on the fixed range -1..1, c on -m..m with m its largest magnitude), and the
sequential viridis map on 0..1 for the sigmoid gates i, f, o, so that a closed gate (0) is dark
and an open one (1) bright, never a pale tint of the same hue as a small state.
"""

from __future__ import annotations

import numpy as np


def heatmap_bins(values: np.ndarray) -> np.ndarray:
    """Bin indices 0..19 of ``sigmoid(values)``, same shape as ``values`` (int64)."""
    from logicsim.training.trainer_record import colour_bins

    return colour_bins(values)


def heatmap_palette() -> np.ndarray:
    """RGB colours of the 20 bins, shape (20, 3), uint8: blue -> grey -> red."""
    from logicsim.training.trainer_record import palette

    return palette()


# -- the app's colour scales: diverging for signed states, sequential for gates ------------------
#: Entries of every colour table; odd, so 0 of a diverging scale has its own entry (the middle).
N_COLOURS = 255
#: ColorBrewer RdBu (9 classes), negative blue -> near white at 0 -> positive red.
DIVERGING_ANCHORS = (
    "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d",
    "#b2182b",
)  # fmt: skip
#: viridis (9 samples): dark purple at 0, yellow at 1; light and hue both rise with the value.
SEQUENTIAL_ANCHORS = (
    "#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30",
    "#fde725",
)  # fmt: skip
#: Quantity -> (kind, fixed range or None for "symmetric about 0 by the largest magnitude").
SCALES: dict[str, tuple[str, tuple[float, float] | None]] = {
    "h": ("diverging", (-1.0, 1.0)),  # o * tanh(c) lies in (-1, 1)
    "c": ("diverging", None),  # unbounded: +-max|c|
    "g": ("diverging", (-1.0, 1.0)),  # tanh candidate
    "i": ("sequential", (0.0, 1.0)),  # sigmoid gates
    "f": ("sequential", (0.0, 1.0)),
    "o": ("sequential", (0.0, 1.0)),
}


def _lut(anchors: tuple[str, ...], n: int) -> np.ndarray:
    rgb = np.array([[int(a[k : k + 2], 16) for k in (1, 3, 5)] for a in anchors], float)
    s = np.linspace(0.0, 1.0, n)
    at = np.linspace(0.0, 1.0, len(anchors))
    return np.rint(np.stack([np.interp(s, at, rgb[:, k]) for k in range(3)], axis=1)).astype(
        np.uint8
    )


def diverging_lut(n: int = N_COLOURS) -> np.ndarray:
    """Blue -> white -> red colour table, shape (n, 3), uint8 (entry (n-1)/2 is 0)."""
    return _lut(DIVERGING_ANCHORS, n)


def sequential_lut(n: int = N_COLOURS) -> np.ndarray:
    """viridis colour table for 0..1, shape (n, 3), uint8."""
    return _lut(SEQUENTIAL_ANCHORS, n)


class ColourScale:
    """A colour table and the value range it spans.

    Attributes
    ----------
    quantity : str
        ``h``, ``c``, ``g``, ``i``, ``f`` or ``o``.
    kind : str
        ``"diverging"`` (symmetric about 0, ``lo = -hi``) or ``"sequential"``.
    lo, hi : float
        Values at the first and the last colour; values outside are clipped.
    lut : ndarray of uint8, shape (N_COLOURS, 3)
    """

    def __init__(self, quantity: str, kind: str, lo: float, hi: float) -> None:
        self.quantity, self.kind, self.lo, self.hi = quantity, kind, float(lo), float(hi)
        self.lut = diverging_lut() if kind == "diverging" else sequential_lut()

    def index(self, values: np.ndarray) -> np.ndarray:
        """Colour entry of each value, same shape (int64; -1 where the value is NaN).

        A diverging scale is exactly symmetric: ``index(-v) = N - 1 - index(v)``.
        """
        v = np.asarray(values, dtype=np.float64)
        n = self.lut.shape[0]
        with np.errstate(invalid="ignore"):
            if self.kind == "diverging":
                half = (n - 1) // 2
                k = np.rint(np.clip(np.abs(v) / self.hi, 0.0, 1.0) * half)
                out = half + np.sign(v) * k
            else:
                out = np.rint(np.clip((v - self.lo) / (self.hi - self.lo), 0.0, 1.0) * (n - 1))
        return np.where(np.isnan(v), -1, out).astype(np.int64)

    def rgba(self, values: np.ndarray) -> np.ndarray:
        """RGBA colour of each value, shape ``values.shape + (4,)``, uint8; NaN is transparent."""
        idx = self.index(values)
        out = np.zeros(idx.shape + (4,), np.uint8)
        known = idx >= 0
        out[known, :3] = self.lut[idx[known]]
        out[known, 3] = 255
        return out

    def __repr__(self) -> str:
        return f"ColourScale({self.quantity!r}, {self.kind}, {self.lo:g}..{self.hi:g})"


def colour_scale(
    quantity: str, values: np.ndarray | None = None, bounded: bool = True
) -> ColourScale:
    """The app's colour scale for ``quantity``, with its range for ``values``.

    ``h`` and ``g`` (tanh) use the diverging map on the fixed range -1..1; ``c`` the diverging
    map on -m..m with m the largest finite ``|c|`` in ``values`` rounded up to 1, 2 or 5 x 10^k
    (:func:`nice_ceiling`; 1 when there is none or it is 0); the gates ``i``, ``f``, ``o``
    (sigmoids) the sequential map on 0..1.  With
    ``bounded=False`` (the h of a ReLU RNN, which is not squashed into -1..1) h takes c's rule.

    Raises
    ------
    LogicsimError
        ``quantity`` has no scale.
    """
    from logicsim.errors import LogicsimError

    if quantity not in SCALES:
        known = ", ".join(SCALES)
        raise LogicsimError(f"colour_scale: unknown quantity {quantity!r} (known: {known})")
    kind, fixed = SCALES[quantity]
    if fixed is not None and (bounded or quantity != "h"):
        return ColourScale(quantity, kind, *fixed)
    v = np.asarray(values if values is not None else [], dtype=np.float64)
    finite = np.abs(v[np.isfinite(v)])
    m = float(finite.max()) if finite.size else 0.0
    m = nice_ceiling(m) if m > 0 else 1.0
    return ColourScale(quantity, kind, -m, m)


def nice_ceiling(m: float) -> float:
    """The smallest of 1, 2, 5 x 10^k that is >= ``m`` (> 0): a colour range that does not
    move with every small change of the data, so unchanged cells keep their colour."""
    k = np.floor(np.log10(m))
    for step in (1.0, 2.0, 5.0, 10.0):
        top = float(step * 10.0**k)
        if top >= m * (1 - 1e-12):
            return top
    return float(10.0 ** (k + 1))  # pragma: no cover - 10 x 10^k is always >= m
