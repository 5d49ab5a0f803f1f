"""A recurrent cell with a linear read-out: the notebooks' ``nn.RNN``/``nn.LSTM`` + ``nn.Linear``.

Two read-outs cover the lecture's tasks:

* ``"last"`` — one prediction per sequence from the last hidden state (sequence -> vector,
  the temporal-order classifier): ``y = W_y h[T] + b_y``.
* ``"steps"`` — one prediction per time step (synchronised sequence -> sequence, the echo
  task and language modelling): ``y[t] = W_y h[t] + b_y``.

With ``ensemble=K`` every parameter carries a leading axis ``K`` and all arrays below gain a
leading ``K`` axis; the K members train side by side in one vectorised run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.nn import LSTM, RNN, Linear
from logicsim.vocab import CELLS

#: Model kinds understood by :class:`SequenceModel`.
MODEL_KINDS = CELLS


@dataclass
class ModelCache:
    """What :meth:`SequenceModel.forward` keeps for the backward pass."""

    trace: Any  # the cell's trace (every per-step value)
    head_in: np.ndarray  # ([K,] B, H) for "last", ([K,] T, B, H) for "steps"
    readout: str  # "last" or "steps"


class SequenceModel:
    """Recurrent cell + linear head, with parameters gathered in one dict.

    Parameters
    ----------
    kind : str
        ``"rnn"`` or ``"lstm"``.
    input_size, hidden_size, output_size : int
        ``D``, ``H`` and the number of outputs ``C``.
    nonlinearity : str
        ``"tanh"`` or ``"relu"`` (RNN only).
    seed : int or list of int
        One seed (or K seeds for an ensemble); the head uses the same seeds offset by 10,000 so
        cell and head draws stay independent.
    ensemble : int or None
        Number of members trained side by side.
    dtype : numpy dtype
        float64 (default) or float32.
    """

    def __init__(
        self,
        kind: str,
        input_size: int,
        hidden_size: int,
        output_size: int,
        nonlinearity: str = "tanh",
        seed: int | list[int] = 0,
        ensemble: int | None = None,
        dtype: Any = np.float64,
    ) -> None:
        kind = str(kind).lower()
        if kind not in MODEL_KINDS:
            raise LogicsimError(f"unknown model {kind!r}; choose one of {', '.join(MODEL_KINDS)}")
        self.kind = kind
        self.nonlinearity = nonlinearity if kind == "rnn" else None
        self.cell: RNN | LSTM
        if kind == "rnn":
            self.cell = RNN(
                input_size,
                hidden_size,
                nonlinearity=nonlinearity,
                seed=seed,
                dtype=dtype,
                ensemble=ensemble,
            )
        else:
            self.cell = LSTM(input_size, hidden_size, seed=seed, dtype=dtype, ensemble=ensemble)
        head_seed = [s + 10_000 for s in seed] if isinstance(seed, list | tuple) else seed + 10_000
        self.head = Linear(hidden_size, output_size, seed=head_seed, dtype=dtype, ensemble=ensemble)
        self.ensemble = self.cell.ensemble
        self.hidden_size = hidden_size
        self.output_size = output_size
        self.dtype = self.cell.dtype

    @property
    def params(self) -> dict[str, np.ndarray]:
        """All parameters, ``cell.<name>`` and ``head.<name>``; the arrays are the live ones."""
        out = {f"cell.{k}": v for k, v in self.cell.params.items()}
        out.update({f"head.{k}": v for k, v in self.head.params.items()})
        return out

    def num_parameters(self) -> int:
        """Parameters of one member (76 for the notebook's RNN, 244 for its LSTM)."""
        return self.cell.num_parameters() + self.head.num_parameters()

    def state_dict(self) -> dict[str, np.ndarray]:
        """Copies of all parameters."""
        return {k: v.copy() for k, v in self.params.items()}

    def load_state_dict(self, state: dict[str, np.ndarray]) -> None:
        """Load parameters saved by :meth:`state_dict` (in place)."""
        self.cell.load_state_dict({k[5:]: v for k, v in state.items() if k.startswith("cell.")})
        self.head.load_state_dict({k[5:]: v for k, v in state.items() if k.startswith("head.")})

    def forward(
        self, x: np.ndarray, state: tuple[np.ndarray, ...] | None = None, readout: str = "last"
    ) -> tuple[np.ndarray, ModelCache]:
        """Run the cell over ``x`` and the head over the chosen hidden states.

        Parameters
        ----------
        x : ndarray, shape (T, B, D) (shared by all members) or (K, T, B, D)
        state : tuple of ndarray, optional
            ``(h0,)`` or ``(h0, c0)``, each ``([K,] B, H)``; zeros when None.
        readout : str
            ``"last"`` or ``"steps"``.

        Returns
        -------
        logits : ndarray, shape ([K,] B, C) for "last" or ([K,] T, B, C) for "steps"
        cache : ModelCache
        """
        state = tuple(state) if state is not None else ()
        trace = self.cell.forward(x, *state)
        h = trace.h  # ([K,] T, B, H)
        head_in = h[..., -1, :, :] if readout == "last" else h  # ([K,] B, H) or ([K,] T, B, H)
        finite = np.isfinite(head_in)
        if finite.all():
            return self.head.forward(head_in), ModelCache(trace, head_in, readout)
        # A diverged member (non-finite h): feed the head zeros so the healthy members go on,
        # and hand back NaN logits for it so the loss scores it as lost (with zero gradient).
        bad = ~finite.reshape(self.ensemble or 1, -1).all(axis=1)  # (K,)
        head_in = np.nan_to_num(head_in, nan=0.0, posinf=0.0, neginf=0.0)
        logits = self.head.forward(head_in)
        if self.ensemble:
            logits[bad] = np.nan
        else:
            logits[...] = np.nan
        return logits, ModelCache(trace, head_in, readout)

    def backward(self, cache: ModelCache, dlogits: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of every parameter (same keys as :attr:`params`) from ``dL/dlogits``."""
        head_grads, dh_in = self.head.backward(cache.head_in, dlogits)
        if cache.readout == "last":
            dh = np.zeros_like(cache.trace.h)  # ([K,] T, B, H)
            dh[..., -1, :, :] = dh_in
        else:
            dh = dh_in
        cell_grads = self.cell.backward(cache.trace, dh)
        out = {f"cell.{k}": v for k, v in cell_grads.params.items()}
        out.update({f"head.{k}": v for k, v in head_grads.items()})
        return out

    def __repr__(self) -> str:
        nl = f", {self.nonlinearity}" if self.kind == "rnn" else ""
        ens = f", ensemble={self.ensemble}" if self.ensemble else ""
        return (
            f"SequenceModel({self.kind}{nl}, {self.cell.input_size}->{self.hidden_size}->"
            f"{self.output_size}{ens})"
        )
