r"""Saturated LSTM gates for the memory demo: forcing i, f or o to a value through the weights.

A gate :math:`\sigma(W_{ih} x + W_{hh} h + b)` is forced to a constant v by zeroing its rows of
:math:`W_{ih}` and :math:`W_{hh}` and setting its bias to :math:`\mathrm{logit}(v)`, clipped to
:math:`\pm 40` so that v = 1 gives exactly 1.0 in float64 (and v = 0 gives 4e-18).  The network
still runs through the real cell, so forward and backward stay the library's.

Overrides can change over time (write, then keep, then output off ...): the per-step schedule is
cut into segments of constant overrides, each run by its own (saturated) copy of the cell.
"""

from __future__ import annotations

import numpy as np

#: Row block of each gate in PyTorch's stacked (4H, .) LSTM weights.
GATE_ROWS = {"i": 0, "f": 1, "g": 2, "o": 3}
#: Gates a user may force (the candidate g is not a gate).
OVERRIDABLE = ("i", "f", "o")
#: Largest |bias| used to saturate a gate.
BIAS_CLIP = 40.0


def logit_bias(v: float) -> float:
    """Bias that makes a gate with zero weights equal ``v``: ``clip(log(v / (1 - v)), -40, 40)``."""
    if v <= 0.0:
        return -BIAS_CLIP
    if v >= 1.0:
        return BIAS_CLIP
    return float(np.clip(np.log(v / (1.0 - v)), -BIAS_CLIP, BIAS_CLIP))


def saturated_state(
    state: dict[str, np.ndarray], hidden_size: int, values: tuple[float, ...]
) -> dict[str, np.ndarray]:
    """Copy of an LSTM state dict with the gates of ``values`` (i, f, o; NaN = keep) saturated."""
    out = {k: np.array(v, copy=True) for k, v in state.items()}
    H = hidden_size
    for gate, v in zip(OVERRIDABLE, values, strict=True):
        if np.isnan(v):
            continue
        rows = slice(GATE_ROWS[gate] * H, (GATE_ROWS[gate] + 1) * H)
        out["weight_ih_l0"][rows] = 0.0  # (H, D) block
        out["weight_hh_l0"][rows] = 0.0  # (H, H) block
        out["bias_ih_l0"][rows] = logit_bias(v)
        out["bias_hh_l0"][rows] = 0.0
    return out


def schedule_segments(
    schedule: dict[str, np.ndarray], T: int
) -> list[tuple[int, int, tuple[float, ...]]]:
    """Cut a per-step schedule (gate -> (T,) values, NaN = learned) into constant stretches.

    Returns
    -------
    list of (start, stop, values)
        Steps ``start+1 .. stop`` (array rows ``start:stop``) use override ``values`` (i, f, o).
    """
    rows = np.stack([schedule[g] for g in OVERRIDABLE], axis=1)  # (T, 3)
    segs: list[tuple[int, int, tuple[float, ...]]] = []
    start = 0
    for t in range(1, T + 1):
        if t == T or not np.array_equal(rows[t], rows[start], equal_nan=True):
            segs.append((start, t, tuple(float(v) for v in rows[start])))
            start = t
    return segs
