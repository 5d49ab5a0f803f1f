r"""The LSTM cell (PyTorch's ``nn.LSTM``, one layer, gate order i, f, g, o) with exact BPTT.

Forward, for t = 1..T, with :math:`\sigma` the logistic sigmoid:

.. math::

    z[t] &= W_{ih} x[t] + b_{ih} + W_{hh} h[t-1] + b_{hh} = [z_i; z_f; z_g; z_o] \\
    i &= \sigma(z_i),\quad f = \sigma(z_f),\quad g = \tanh(z_g),\quad o = \sigma(z_o) \\
    c[t] &= f \odot c[t-1] + i \odot g, \qquad h[t] = o \odot \tanh(c[t])

Backward, for t = T..1 (bars are total gradients of the loss):

.. math::

    \bar h[t] &= \partial L/\partial h[t]\,(\text{direct}) + W_{hh}^\top \bar z[t+1] \\
    \bar c[t] &= \bar h[t] \odot o \odot (1 - \tanh^2 c[t]) + \bar c[t+1] \odot f[t+1] \\
    \bar z_i &= \bar c[t] \odot g \odot i(1-i), \quad
    \bar z_f = \bar c[t] \odot c[t-1] \odot f(1-f), \\
    \bar z_g &= \bar c[t] \odot i \odot (1-g^2), \quad
    \bar z_o = \bar h[t] \odot \tanh c[t] \odot o(1-o)

then :math:`\bar W_{ih} = \sum_t \bar z[t] x[t]^\top`, :math:`\bar W_{hh} = \sum_t \bar z[t]
h[t-1]^\top`, :math:`\bar b = \sum_t \bar z[t]`, :math:`\bar x[t] = W_{ih}^\top \bar z[t]`,
:math:`\bar h_0 = W_{hh}^\top \bar z[1]`, :math:`\bar c_0 = \bar c[1] \odot f[1]`.

The loops themselves, laid out for few NumPy calls per step, are in :mod:`logicsim.nn._lstm_loop`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from logicsim.nn._common import (
    ParamModule,
    check_size,
    member_first,
    resolve_dtype,
    resolve_seeds,
    time_first,
    uniform_params,
)
from logicsim.nn._lstm_loop import (
    backward_loop,
    forward_loop,
    input_grad,
    param_grads,
    preactivations,
    seq_out,
    state_out,
)
from logicsim.nn._recurrent import check_x, dh_inputs, initial_state, last_grad


@dataclass(frozen=True)
class LSTMTrace:
    """Every per-step value of one :meth:`LSTM.forward` (ensemble: a leading ``K`` axis on all).

    The arrays are read-only views into the loop's buffers (copy them to modify).

    Attributes
    ----------
    x : ndarray, shape (T, B, D)  (ensemble: (T, B, D) shared or (K, T, B, D))
    h0, c0 : ndarray, shape (B, H)
    i, f, g, o : ndarray, shape (T, B, H)  gate values
    c : ndarray, shape (T, B, H)  cell states c[1..T]
    tanh_c : ndarray, shape (T, B, H)
    h : ndarray, shape (T, B, H)  outputs h[1..T]
    z : ndarray, shape (T, B, 4H)  pre-activations, gate blocks i, f, g, o (computed on access)
    """

    x: np.ndarray
    h0: np.ndarray
    c0: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray
    _bufs: dict = field(repr=False, compare=False)  # buffers of _lstm_loop.forward_loop

    @cached_property
    def z(self) -> np.ndarray:
        """Pre-activations ``W_ih x + b_ih + W_hh h + b_hh``, shape (T, B, 4H), order i, f, g, o.

        Recomputed on first access from the weights the forward pass used.
        """
        return preactivations(self._bufs, self._ensemble)

    @property
    def _ensemble(self) -> int | None:
        return self.h.shape[0] if self.h.ndim == 4 else None

    @property
    def final_state(self) -> tuple[np.ndarray, np.ndarray]:
        """``(h[T], c[T])`` as fresh arrays, to start the next chunk (truncated BPTT)."""
        return self.h[..., -1, :, :].copy(), self.c[..., -1, :, :].copy()

    @property
    def h_prev(self) -> np.ndarray:
        """h[0..T-1], the state each step reads, shape (T, B, H) (ensemble (K, T, B, H))."""
        XH, H = self._bufs["XH"], self.h.shape[-1]
        D = XH.shape[1] - H - 1
        return seq_out(XH[:-1, D : D + H], self._ensemble)

    @property
    def c_prev(self) -> np.ndarray:
        """c[0..T-1], shape (T, B, H) (ensemble (K, T, B, H))."""
        GB, H = self._bufs["GB"], self.h.shape[-1]
        return seq_out(GB[:-1, 4 * H :], self._ensemble)


@dataclass(frozen=True)
class LSTMGrads:
    """Gradients from :meth:`LSTM.backward` (ensemble: a leading ``K`` axis on all).

    Attributes
    ----------
    params : dict of ndarray
        dL/dparameter, PyTorch names and shapes.
    dx : ndarray, shape (T, B, D)  (ensemble: (K, T, B, D), one per member even for shared x)
        Computed on first access (a training step does not need it), with the weights the
        backward pass saw.
    dh0, dc0 : ndarray, shape (B, H)
    dh_steps : ndarray, shape (T, B, H)  total dL/dh[t]
    dc_steps : ndarray, shape (T, B, H)  total dL/dc[t]
    dz : ndarray, shape (T, B, 4H)  dL/dz[t]
    """

    params: dict[str, np.ndarray]
    dh0: np.ndarray
    dc0: np.ndarray
    dh_steps: np.ndarray
    dc_steps: np.ndarray
    dz: np.ndarray
    _dx_from: tuple = field(repr=False, compare=False)  # (DZ, W_ih copy, K) for dx

    @cached_property
    def dx(self) -> np.ndarray:
        """dL/dx, shape (T, B, D) (ensemble (K, T, B, D))."""
        return input_grad(*self._dx_from)


class LSTM(ParamModule):
    """One-layer LSTM with PyTorch's parameters: ``weight_ih_l0 (4H, D)``, ``weight_hh_l0 (4H, H)``,
    ``bias_ih_l0 (4H,)``, ``bias_hh_l0 (4H,)``, rows stacked in gate order i, f, g, o.

    Parameters
    ----------
    input_size, hidden_size : int
    seed : int, None or sequence of int
    dtype : float64 (default) or float32
    ensemble : int or None
        K independent models; every parameter gets a leading axis K.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        seed: Any = 0,
        dtype: Any = np.float64,
        ensemble: int | None = None,
    ) -> None:
        self.input_size = check_size("input_size", input_size)
        self.hidden_size = check_size("hidden_size", hidden_size)
        self.dtype = resolve_dtype(dtype)
        self.seeds, self.ensemble = resolve_seeds(seed, ensemble)
        D, H = self.input_size, self.hidden_size
        spec = [
            ("weight_ih_l0", (4 * H, D)),
            ("weight_hh_l0", (4 * H, H)),
            ("bias_ih_l0", (4 * H,)),
            ("bias_hh_l0", (4 * H,)),
        ]
        self.params = uniform_params(spec, 1.0 / np.sqrt(H), self.seeds, self.ensemble, self.dtype)

    def __repr__(self) -> str:
        ens = f", ensemble={self.ensemble}" if self.ensemble else ""
        return f"LSTM({self.input_size}, {self.hidden_size}, dtype={self.dtype.name}{ens})"

    def forward(self, x: Any, h0: Any = None, c0: Any = None) -> LSTMTrace:
        """Run the cell over a sequence.

        Parameters
        ----------
        x : array_like, shape (T, B, D)  (ensemble: also (K, T, B, D))
        h0, c0 : array_like, shape (B, H), optional  (ensemble: (B, H) shared or (K, B, H))

        Returns
        -------
        LSTMTrace
        """
        K, H = self.ensemble, self.hidden_size
        x_pub, x_tf = check_x(self, x)
        B = x_pub.shape[-2]
        h0 = initial_state(self, "h0", h0, B)
        c0 = initial_state(self, "c0", c0, B)
        bufs = forward_loop(x_pub, h0, c0, self.params, K, self.dtype)
        XH, GB, D = bufs["XH"], bufs["GB"], self.input_size
        i, f, o, g = (seq_out(GB[:-1, j * H : (j + 1) * H], K) for j in range(4))
        return LSTMTrace(
            x=x_pub,
            h0=state_out(XH[0, D : D + H], K),
            c0=state_out(GB[0, 4 * H :], K),
            i=i,
            f=f,
            g=g,
            o=o,
            c=seq_out(GB[1:, 4 * H :], K),
            tanh_c=seq_out(bufs["TC"], K),
            h=seq_out(XH[1:, D : D + H], K),
            _bufs=bufs,
        )

    def backward(
        self, trace: LSTMTrace, dh: Any, dh_last: Any = None, dc_last: Any = None
    ) -> LSTMGrads:
        """Exact BPTT through a trace from :meth:`forward`.

        Parameters
        ----------
        trace : LSTMTrace
        dh : array_like, shape (T, B, H)  (ensemble (K, T, B, H)), or None
            dL/dh[t] coming directly from the loss at each step; None means zeros (e.g. when
            only the last state feeds the loss, given as ``dh_last``).
        dh_last, dc_last : array_like, shape (B, H), optional
            Extra gradient on the final h[T] and c[T].

        Returns
        -------
        LSTMGrads
        """
        p, K, H = self.params, self.ensemble, self.hidden_size
        bufs = trace._bufs
        shape_tf = time_first(trace.h, K).shape  # (T, [K,] B, H)
        dh_direct, dh_next = dh_inputs(self, dh, dh_last, shape_tf)
        dc_next = last_grad(self, "dc_last", dc_last, shape_tf[1:])  # ([K,] B, H)
        direct = None if dh_direct is None else member_first(dh_direct, K)  # ([K,] T, B, H)
        out = backward_loop(bufs, p["weight_hh_l0"], direct, dh_next, dc_next, K)
        M, DZ = out["M"], out["DZ"]
        return LSTMGrads(
            params=param_grads(DZ, bufs["XH"], self.input_size, H, K),
            dh0=state_out(M[0, 1], K),
            dc0=state_out(out["dc0"], K),
            dh_steps=seq_out(M[1:-1, 1], K),
            dc_steps=seq_out(M[1:-1, 0], K),
            dz=seq_out(DZ, K),
            _dx_from=(DZ, p["weight_ih_l0"].copy(), K),
        )
