r"""The vanilla (Elman) recurrent cell with exact backpropagation through time.

Forward, for t = 1..T (PyTorch's ``nn.RNN``, one layer, time-major):

.. math::

    a[t] = W_{ih} x[t] + b_{ih} + W_{hh} h[t-1] + b_{hh}, \qquad h[t] = g(a[t]),

with :math:`g = \tanh` or ReLU and :math:`h[0] = h_0` (zeros by default).

Backward, for t = T..1, with :math:`\bar h[t]` the *total* gradient reaching :math:`h[t]`:

.. math::

    \bar h[t] = \partial L/\partial h[t]\,(\text{direct}) + W_{hh}^\top \bar a[t+1], \qquad
    \bar a[t] = \bar h[t] \odot g'(a[t]),

and then :math:`\bar W_{ih} = \sum_t \bar a[t] x[t]^\top`, :math:`\bar W_{hh} = \sum_t \bar a[t]
h[t-1]^\top`, :math:`\bar b_{ih} = \bar b_{hh} = \sum_t \bar a[t]`, :math:`\bar x[t] = W_{ih}^\top
\bar a[t]`, :math:`\bar h_0 = W_{hh}^\top \bar a[1]`.  :math:`g'(a) = 1 - h^2` for tanh and
:math:`[a > 0]` for ReLU.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

import numpy as np

from logicsim.nn._common import (
    NNInputError,
    ParamModule,
    check_size,
    member_first,
    outer_sum,
    resolve_dtype,
    resolve_seeds,
    time_first,
    uniform_params,
)
from logicsim.nn._recurrent import Flush, check_x, dh_inputs, initial_state, input_projection
from logicsim.vocab import RNN_NONLINEARITIES


@dataclass(frozen=True)
class RNNTrace:
    """Every per-step value of one :meth:`RNN.forward` (ensemble: a leading ``K`` axis on all).

    Attributes
    ----------
    x : ndarray, shape (T, B, D)  (ensemble: (T, B, D) shared or (K, T, B, D))
    h0 : ndarray, shape (B, H)  (ensemble: (K, B, H))
    a : ndarray, shape (T, B, H)  pre-activations a[1..T]
    h : ndarray, shape (T, B, H)  outputs h[1..T]
    """

    x: np.ndarray
    h0: np.ndarray
    a: np.ndarray
    h: np.ndarray
    _hbuf: np.ndarray = field(repr=False, compare=False)  # (T+1, [K,] B, H), h[0..T]
    _x_tf: np.ndarray = field(repr=False, compare=False)  # (T, [K or 1,] B, D)

    @property
    def final_state(self) -> tuple[np.ndarray]:
        """``(h[T],)`` as a fresh array: feed it as ``h0`` of the next chunk (truncated BPTT)."""
        return (self._hbuf[-1].copy(),)

    @property
    def h_prev(self) -> np.ndarray:
        """h[0..T-1], the state each step reads, shape (T, B, H) (ensemble (K, T, B, H))."""
        return self._hbuf[:-1] if self.h.ndim == 3 else np.moveaxis(self._hbuf[:-1], 1, 0)


@dataclass(frozen=True)
class RNNGrads:
    """Gradients from :meth:`RNN.backward` (ensemble: a leading ``K`` axis on all).

    Attributes
    ----------
    params : dict of ndarray
        dL/dparameter, PyTorch names and shapes.
    dx : ndarray, shape (T, B, D)  (ensemble: (K, T, B, D), one per member even for shared x)
    dh0 : ndarray, shape (B, H)
    dh_steps : ndarray, shape (T, B, H)  total dL/dh[t] (direct + through later steps)
    da : ndarray, shape (T, B, H)  dL/da[t]
    """

    params: dict[str, np.ndarray]
    dx: np.ndarray
    dh0: np.ndarray
    dh_steps: np.ndarray
    da: np.ndarray


class RNN(ParamModule):
    """One-layer Elman RNN, ``h[t] = g(W_ih x[t] + b_ih + W_hh h[t-1] + b_hh)``.

    Parameters
    ----------
    input_size, hidden_size : int
        D and H.
    nonlinearity : {"tanh", "relu"}
    seed : int, None or sequence of int
        Seed of ``numpy.random.default_rng``; a sequence gives one member per seed.
    dtype : float64 (default) or float32
    ensemble : int or None
        K independent models in one vectorized pass; every parameter gets a leading axis K.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        nonlinearity: str = "tanh",
        seed: Any = 0,
        dtype: Any = np.float64,
        ensemble: int | None = None,
    ) -> None:
        self.input_size = check_size("input_size", input_size)
        self.hidden_size = check_size("hidden_size", hidden_size)
        if nonlinearity not in RNN_NONLINEARITIES:
            raise NNInputError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        self.nonlinearity = nonlinearity
        self.dtype = resolve_dtype(dtype)
        self.seeds, self.ensemble = resolve_seeds(seed, ensemble)
        D, H = self.input_size, self.hidden_size
        spec = [
            ("weight_ih_l0", (H, D)),
            ("weight_hh_l0", (H, H)),
            ("bias_ih_l0", (H,)),
            ("bias_hh_l0", (H,)),
        ]
        self.params = uniform_params(spec, 1.0 / np.sqrt(H), self.seeds, self.ensemble, self.dtype)

    def __repr__(self) -> str:
        ens = f", ensemble={self.ensemble}" if self.ensemble else ""
        return (
            f"RNN({self.input_size}, {self.hidden_size}, nonlinearity={self.nonlinearity!r}, "
            f"dtype={self.dtype.name}{ens})"
        )

    def forward(self, x: Any, h0: Any = None) -> RNNTrace:
        """Run the cell over a sequence.

        Parameters
        ----------
        x : array_like, shape (T, B, D)  (ensemble: also (K, T, B, D))
        h0 : array_like, shape (B, H), optional  (ensemble: (B, H) shared or (K, B, H))

        Returns
        -------
        RNNTrace
        """
        p, K = self.params, self.ensemble
        x_pub, x_tf = check_x(self, x)
        T = x_tf.shape[0]
        B = x_tf.shape[-2]
        H = self.hidden_size
        W_hh, b = p["weight_hh_l0"], p["bias_ih_l0"] + p["bias_hh_l0"]  # ([K,] H, H), ([K,] H)
        W_hhT = np.swapaxes(W_hh, -1, -2).copy()  # ([K,] H, H)
        lead = (T,) if K is None else (T, K)
        # a[t] starts as W_ih x[t] + b, all steps in one matmul; the loop adds W_hh h[t-1].
        a = np.empty(lead + (B, H), dtype=self.dtype)  # (T, [K,] B, H)
        input_projection(x_pub, p["weight_ih_l0"], b, K, out=a)
        hbuf = np.empty((T + 1,) + a.shape[1:], dtype=self.dtype)  # (T+1, [K,] B, H)
        hbuf[0] = initial_state(self, "h0", h0, B)
        tmp = np.empty(a.shape[1:], dtype=self.dtype)  # ([K,] B, H)
        act = np.tanh if self.nonlinearity == "tanh" else _relu
        matmul, add = np.matmul, np.add
        for h_prev, a_t, h_t in zip(hbuf[:-1], a, hbuf[1:], strict=True):
            matmul(h_prev, W_hhT, out=tmp)  # W_hh h[t-1]
            add(a_t, tmp, out=a_t)  # a[t] = W_ih x[t] + b + W_hh h[t-1]
            act(a_t, out=h_t)  # h[t] = g(a[t])
        a.flags.writeable = hbuf.flags.writeable = False  # the trace hands out views
        return RNNTrace(
            x=x_pub,
            h0=hbuf[0].copy(),
            a=member_first(a, K),
            h=member_first(hbuf[1:], K),
            _hbuf=hbuf,
            _x_tf=x_tf,
        )

    def backward(self, trace: RNNTrace, dh: Any, dh_last: Any = None) -> RNNGrads:
        """Exact BPTT through a trace from :meth:`forward`.

        Parameters
        ----------
        trace : RNNTrace
        dh : array_like, shape (T, B, H)  (ensemble (K, T, B, H)), or None
            dL/dh[t] coming directly from the loss at each step; None means zeros (e.g. when
            only the last state feeds the loss, given as ``dh_last``).
        dh_last : array_like, shape (B, H), optional
            Extra gradient on the final state h[T] (e.g. from a following chunk).

        Returns
        -------
        RNNGrads
        """
        p, K = self.params, self.ensemble
        hbuf = trace._hbuf
        a = time_first(trace.a, K)  # (T, [K,] B, H)
        dh_direct, dh_next = dh_inputs(self, dh, dh_last, a.shape)
        # g'(a[t]) for every step at once.
        if self.nonlinearity == "tanh":
            gprime = 1.0 - hbuf[1:] * hbuf[1:]  # (T, [K,] B, H)
        else:
            gprime = (a > 0).astype(self.dtype)  # (T, [K,] B, H)
        W_hh = p["weight_hh_l0"]  # ([K,] H, H)
        dh_steps = np.empty_like(a)  # (T, [K,] B, H)
        da = np.empty_like(a)  # (T, [K,] B, H)
        dh0 = np.empty_like(dh_next)  # ([K,] B, H)
        dh_steps[-1] = dh_next  # gradient arriving at h[T] from after the chunk
        rev = slice(None, None, -1)
        # Each step writes W_hh^T a_bar[t] straight into h_bar[t-1] (or into dh0 at t = 1).
        steps = zip(
            dh_steps[rev], gprime[rev], da[rev], chain(dh_steps[-2::-1], (dh0,)), strict=True
        )
        matmul, add, mul = np.matmul, np.add, np.multiply
        flush = Flush(dh_steps)  # float32: zero carries at the edge of the range (see LSTM)
        direct = repeat(None) if dh_direct is None else dh_direct[rev]
        for t, direct_t, (hbar_t, gp_t, abar_t, hbar_prev) in zip(
            range(len(da) - 1, -1, -1), direct, steps, strict=False
        ):
            if flush.every and t % flush.every == 0:
                flush(t - 1)  # h_bar[t] is the carry into step t
            if direct_t is not None:
                add(hbar_t, direct_t, out=hbar_t)  # h_bar[t] = direct + W_hh^T a_bar[t+1]
            mul(hbar_t, gp_t, out=abar_t)  # a_bar[t] = h_bar[t] * g'(a[t])
            matmul(abar_t, W_hh, out=hbar_prev)  # h_bar[t-1] = W_hh^T a_bar[t] (row form)
        db = da.sum(axis=(0, -2))  # ([K,] H)
        grads = {
            "weight_ih_l0": outer_sum(da, trace._x_tf, K),
            "weight_hh_l0": outer_sum(da, hbuf[:-1], K),
            "bias_ih_l0": db,
            "bias_hh_l0": db.copy(),
        }
        dx = np.matmul(da, p["weight_ih_l0"])  # (T, [K,] B, D)
        return RNNGrads(
            params=grads,
            dx=member_first(dx, K),
            dh0=dh0,
            dh_steps=member_first(dh_steps, K),
            da=member_first(da, K),
        )


def _relu(a: np.ndarray, out: np.ndarray) -> np.ndarray:
    return np.maximum(a, 0.0, out=out)
