r"""The LSTM time loops, forward and backward, laid out for few NumPy calls per step.

Each forward rule sits beside the backward rule that undoes it (bars are dL/d·):

=====================================================  ==============================================
forward, t = 1..T                                      backward, t = T..1
=====================================================  ==============================================
:math:`z = W [x_t; h_{t-1}; 1]`                        :math:`\bar h_{t-1} = W_{hh}^\top \bar z`,
                                                       :math:`\bar W \mathrel{+}= \bar z [x_t; h_{t-1}; 1]^\top`
:math:`i, f, o = \sigma(z_{i,f,o})`, :math:`g=\tanh z_g`  :math:`\bar z_i = \bar c_t\, g\, i(1-i)`, :math:`\bar z_f = \bar c_t\, c_{t-1} f(1-f)`,
                                                       :math:`\bar z_g = \bar c_t\, i (1-g^2)`, :math:`\bar z_o = \bar h_t \tanh(c_t)\, o(1-o)`
:math:`c_t = f c_{t-1} + i g`                          :math:`\bar c_t = \bar h_t\, o (1-\tanh^2 c_t) + \bar c_{t+1} f_{t+1}`
:math:`h_t = o \tanh c_t`                              :math:`\bar h_t = \text{direct}_t + W_{hh}^\top \bar z_{t+1}`
=====================================================  ==============================================

Layout tricks (all exact):

* Per-step arrays are stored feature-major, ``(n, B)``: every gate block is then one contiguous
  chunk, which keeps NumPy's per-call cost low (strided slices of short rows are several times
  slower to process than the same data contiguous).
* ``XH[t] = [x_t; h_{t-1}; 1]`` lives in one buffer, so ``z`` is one matmul with the stacked
  ``[W_ih | W_hh | b_ih + b_hh]`` and the step writes ``h_t`` straight into ``XH[t+1]``.  After the
  loop one matmul of ``dz`` with ``XH`` gives all three parameter gradients at once.
* ``sigma(z) = (1 + tanh(z/2)) / 2``: rows are reordered to i, f, o, g and the i, f, o rows are
  halved (a power of two, so exact), then one ``tanh`` gives all four gates.
* ``GB[t] = [i; f; o; g; c_{t-1}]``: ``[i; f] * [g; c_{t-1}]`` is one multiply, and ``c_t`` is
  written into ``GB[t+1]``.
* Backward keeps ``M[t] = [c-bar; h-bar]`` of each step; a strided view pairs ``[h-bar_t;
  c-bar_{t+1}]`` with precomputed ``[o(1 - tanh^2 c_t); f_{t+1}]`` so ``c-bar_t`` costs one multiply
  and one add, and ``[c-bar; h-bar] x coefficients`` gives ``dz`` (plus 2H zero rows) in one multiply.

Internal layout: time first, then features, then the batch axes: ``(T, n, B)`` for one model
and ``(T, n, K, B)`` for an ensemble, so a step's slab ``(n, K, B)`` is contiguous and every
element-wise call runs over ``K * B`` values at once.  :func:`seq_in` / :func:`seq_out` convert
from / to the public ``([K,] T, B, n)`` layout with views.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from typing import Any

import numpy as np

from logicsim.nn._recurrent import Flush


def seq_in(a: np.ndarray, K: int | None) -> np.ndarray:
    """Public sequence ``([K,] T, B, n)`` (or shared ``(T, B, n)``) -> internal view."""
    if K is None:
        return a.transpose(0, 2, 1)  # (T, n, B)
    if a.ndim == 3:
        return a.transpose(0, 2, 1)[:, :, None, :]  # (T, n, 1, B)
    return a.transpose(1, 3, 0, 2)  # (T, n, K, B)


def seq_out(a: np.ndarray, K: int | None) -> np.ndarray:
    """Internal ``(T, n, [K,] B)`` -> public ``([K,] T, B, n)`` view."""
    return a.transpose(0, 2, 1) if K is None else a.transpose(2, 0, 3, 1)


def state_in(a: Any, K: int | None) -> Any:
    """Public state ``([K,] B, n)`` (or shared ``(B, n)``, or 0.0) -> internal ``(n, [K,] B)``."""
    if np.ndim(a) == 0:
        return a
    if K is None:
        return a.T  # (n, B)
    if a.ndim == 2:
        return a.T[:, None, :]  # (n, 1, B)
    return a.transpose(2, 0, 1)  # (n, K, B)


def state_out(a: np.ndarray, K: int | None) -> np.ndarray:
    """Internal ``(n, [K,] B)`` -> public ``([K,] B, n)`` copy."""
    return (a.T if K is None else a.transpose(1, 2, 0)).copy()


def _mm_view(a: np.ndarray, K: int | None) -> np.ndarray:
    """Per-step matrices for matmul: ``(T, n, K, B) -> (T, K, n, B)`` (views); as-is otherwise."""
    return a if K is None else a.transpose(0, 2, 1, 3)


def stacked_weights(params: dict[str, np.ndarray], H: int) -> np.ndarray:
    """``[W_ih | W_hh | b]`` with rows in order i, f, o, g and the sigmoid rows halved.

    Returns
    -------
    ndarray, shape ([K,] 4H, D + H + 1)
    """
    W_ih, W_hh = params["weight_ih_l0"], params["weight_hh_l0"]  # ([K,] 4H, D), ([K,] 4H, H)
    b = (params["bias_ih_l0"] + params["bias_hh_l0"])[..., None]  # ([K,] 4H, 1)
    full = np.concatenate([W_ih, W_hh, b], axis=-1)  # ([K,] 4H, E)
    perm, scale = _gate_order(H, full.dtype)
    return full[..., perm, :] * scale  # ([K,] 4H, E), a fresh contiguous array


@lru_cache(maxsize=64)
def _gate_order(H: int, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """Row permutation i, f, g, o -> i, f, o, g and the halving of the sigmoid rows."""
    perm = np.concatenate([np.arange(2 * H), np.arange(3 * H, 4 * H), np.arange(2 * H, 3 * H)])
    scale = np.concatenate([np.full(3 * H, 0.5), np.ones(H)]).astype(dtype)[:, None]  # (4H, 1)
    perm.flags.writeable = scale.flags.writeable = False  # shared through the cache
    return perm, scale


def forward_loop(
    x: np.ndarray, h0: Any, c0: Any, params: dict[str, np.ndarray], K: int | None, dtype: np.dtype
) -> dict[str, np.ndarray]:
    """Run the forward recursion.

    Parameters
    ----------
    x : ndarray, shape (T, B, D) or (K, T, B, D)
    h0, c0 : ndarray of shape ([K,] B, H) or (B, H), or 0.0

    Returns
    -------
    dict of buffers, each ``(T or T+1, n, [K,] B)``: ``XH`` (n = D+H+1), ``GB`` (5H) and ``TC``
    (H); and ``W``, the stacked weights used (to recompute the pre-activations on demand).
    """
    H = params["weight_hh_l0"].shape[-1]
    T, B, D = x.shape[-3:]
    bshape = (B,) if K is None else (K, B)
    E = D + H + 1
    W = stacked_weights(params, H)  # ([K,] 4H, E)
    XH = np.empty((T + 1, E) + bshape, dtype=dtype)  # [x_t; h_{t-1}; 1] per step
    XH[:T, :D] = seq_in(x, K)
    XH[T, :D] = 0.0
    XH[:, D + H] = 1.0
    XH[0, D : D + H] = state_in(h0, K)
    GB = np.empty((T + 1, 5 * H) + bshape, dtype=dtype)  # [i; f; o; g; c_{t-1}]
    GB[0, 4 * H :] = state_in(c0, K)
    GB[T, : 4 * H] = 0.0
    TC = np.empty((T, H) + bshape, dtype=dtype)  # tanh(c_t)
    R = np.empty((2 * H,) + bshape, dtype=dtype)  # [i g; f c_{t-1}]
    R_ig, R_fc = R[:H], R[H:]
    matmul, add, mul, tanh = np.matmul, np.add, np.multiply, np.tanh
    for xh_t, zmm_t, gates_t, sig_t, if_t, gc_t, c_t, tc_t, o_t, h_t in zip(
        _mm_view(XH, K)[:-1], _mm_view(GB[:-1, : 4 * H], K), GB[:-1, : 4 * H],
        GB[:-1, : 3 * H], GB[:-1, : 2 * H], GB[:-1, 3 * H :], GB[1:, 4 * H :], TC,
        GB[:-1, 2 * H : 3 * H], XH[1:, D : D + H], strict=True,
    ):  # fmt: skip
        matmul(W, xh_t, out=zmm_t)  # z = W [x_t; h_{t-1}; 1]  (sigmoid rows halved)
        tanh(gates_t, out=gates_t)  # tanh(z/2) for i, f, o; tanh(z) = g
        mul(sig_t, 0.5, out=sig_t)
        add(sig_t, 0.5, out=sig_t)  # sigma(z) = (1 + tanh(z/2)) / 2
        mul(if_t, gc_t, out=R)  # [i g; f c_{t-1}]
        add(R_ig, R_fc, out=c_t)  # c_t = f c_{t-1} + i g
        tanh(c_t, out=tc_t)  # tanh(c_t)
        mul(o_t, tc_t, out=h_t)  # h_t = o tanh(c_t)
    for buf in (XH, GB, TC):
        buf.flags.writeable = False  # traces hand out views; nobody may change them
    return {"XH": XH, "GB": GB, "TC": TC, "W": W}


def backward_loop(
    bufs: dict[str, np.ndarray],
    W_hh: np.ndarray,
    direct: np.ndarray | None,
    dh_last: np.ndarray,
    dc_last: np.ndarray,
    K: int | None,
) -> dict[str, np.ndarray]:
    """Run BPTT over buffers from :func:`forward_loop`.

    Parameters
    ----------
    W_hh : ndarray, shape ([K,] 4H, H)
    direct : ndarray, shape ([K,] T, B, H), or None
        dL/dh_t coming straight from the loss.
    dh_last, dc_last : ndarray, shape ([K,] B, H)

    Returns
    -------
    dict with ``M (T+2, 2, H, [K,] B)`` holding ``[c-bar; h-bar]`` (step t at index t+1, dh0 at
    index 0), ``DZ (T, 6H, [K,] B)`` whose first 4H rows are dL/dz in order i, f, g, o, and
    ``dc0 (H, [K,] B)``.
    """
    GB, TC = bufs["GB"], bufs["TC"]
    T, H = TC.shape[:2]
    bshape = TC.shape[2:]
    dtype = TC.dtype
    # Local derivatives for every step at once.
    sig = GB[:T, : 3 * H]  # i, f, o
    i, f, o, g = (GB[:T, j * H : (j + 1) * H] for j in range(4))
    c_prev = GB[:T, 4 * H :]
    dsig = sig * (1.0 - sig)  # sigma' = s (1 - s)
    coef = np.empty((T, 2, 3, H) + bshape, dtype=dtype)  # [[c_i, c_f, c_g], [c_o, 0, 0]]
    np.multiply(g, dsig[:, :H], out=coef[:, 0, 0])  # dz_i/dc = g i(1-i)
    np.multiply(c_prev, dsig[:, H : 2 * H], out=coef[:, 0, 1])  # dz_f/dc = c_{t-1} f(1-f)
    np.multiply(i, 1.0 - g * g, out=coef[:, 0, 2])  # dz_g/dc = i (1 - g^2)
    np.multiply(TC, dsig[:, 2 * H :], out=coef[:, 1, 0])  # dz_o/dh = tanh(c) o(1-o)
    coef[:, 1, 1:] = 0.0
    CF = np.empty((T, 2, H) + bshape, dtype=dtype)  # [o (1 - tanh^2 c_t); f_{t+1}]
    np.multiply(o, 1.0 - TC * TC, out=CF[:, 0])
    CF[: T - 1, 1] = f[1:]
    CF[T - 1, 1] = 1.0  # dc_last reaches c_T unscaled
    M = np.zeros((T + 2, 2, H) + bshape, dtype=dtype)  # [c-bar; h-bar], step t at index t+1
    M[T, 1] = state_in(dh_last, K)
    M[T + 1, 0] = state_in(dc_last, K)
    DZ = np.empty((T, 6 * H) + bshape, dtype=dtype)  # [dz_i; dz_f; dz_g; dz_o; 0; 0]
    DZ6 = DZ.reshape((T, 2, 3, H) + bshape)  # view
    # pairs[t] = [h-bar_t; c-bar_{t+1}] = [M[t+1, 1]; M[t+2, 0]]: a strided view of M.
    s = M.strides
    pairs = np.ndarray(
        (T,) + M.shape[1:], dtype, M, offset=s[0] + s[1], strides=(s[0], s[0] - s[1]) + s[2:]
    )  # reads M[1, 1, ...] onwards; only ever read
    P = np.empty((2, H) + bshape, dtype=dtype)
    P0, P1 = P[0], P[1]
    W_hhT = np.swapaxes(W_hh, -1, -2).copy()  # ([K,] H, 4H)
    rev = slice(None, None, -1)
    hbar = M[1 : T + 1, 1]  # (T, H, [K,] B)
    steps = zip(
        hbar[rev], pairs[rev], CF[rev], M[1 : T + 1, 0][rev], M[1 : T + 1, :, None][rev],
        coef[rev], DZ6[rev], _mm_view(DZ[:, : 4 * H], K)[rev], _mm_view(M[:T, 1], K)[rev],
        strict=True,
    )  # fmt: skip
    direct_rev = repeat(None) if direct is None else seq_in(direct, K)[rev]
    flush = Flush(M)
    matmul, add, mul = np.matmul, np.add, np.multiply
    for t, direct_t, (hb_t, pair_t, cf_t, cb_t, cbhb_t, coef_t, dz6_t, dz_t, hb_prev) in zip(
        range(T - 1, -1, -1), direct_rev, steps, strict=False
    ):
        if flush.every and t % flush.every == 0:
            flush(t)
        if direct_t is not None:
            add(hb_t, direct_t, out=hb_t)  # h-bar_t = direct_t + W_hh^T z-bar_{t+1}
        mul(pair_t, cf_t, out=P)  # [h-bar_t o (1 - tanh^2 c_t); c-bar_{t+1} f_{t+1}]
        add(P0, P1, out=cb_t)  # c-bar_t
        mul(cbhb_t, coef_t, out=dz6_t)  # z-bar = [c-bar (c_i, c_f, c_g); h-bar c_o; 0; 0]
        matmul(W_hhT, dz_t, out=hb_prev)  # h-bar_{t-1} = W_hh^T z-bar_t
    dc0 = M[1, 0] * f[0]  # c-bar_0 f_1 flows into c_0
    return {"M": M, "DZ": DZ, "dc0": dc0}


def preactivations(bufs: dict[str, np.ndarray], K: int | None) -> np.ndarray:
    """Recompute ``z = W_ih x + b_ih + W_hh h + b_hh`` of every step, public layout, order i f g o.

    Returns
    -------
    ndarray, shape ([K,] T, B, 4H)
    """
    XH, W = bufs["XH"], bufs["W"]
    H = W.shape[-2] // 4
    Zs = np.matmul(W, _mm_view(XH[:-1], K))  # (T, [K,] 4H, B): halved i, f, o, then g
    Zs = Zs if K is None else Zs.transpose(0, 2, 1, 3)  # (T, 4H, [K,] B)
    z = np.empty_like(Zs)
    z[:, : 2 * H] = Zs[:, : 2 * H] * 2.0
    z[:, 2 * H : 3 * H] = Zs[:, 3 * H :]
    z[:, 3 * H :] = Zs[:, 2 * H : 3 * H] * 2.0
    return seq_out(z, K)


def input_grads(
    DZ: np.ndarray, XH: np.ndarray, W_ih: np.ndarray, D: int, H: int, K: int | None
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """All parameter gradients from one matmul, ``sum_t z-bar_t [x_t; h_{t-1}; 1]^T``, and dL/dx.

    Returns
    -------
    grads : dict of ndarray
        PyTorch names, shapes ``([K,] 4H, D)``, ``([K,] 4H, H)``, ``([K,] 4H)`` twice.
    dx : ndarray, shape ([K,] T, B, D)
    """
    T = DZ.shape[0]
    B = DZ.shape[-1]
    if K is None:
        dz = DZ[:, : 4 * H].transpose(1, 0, 2).reshape(4 * H, T * B)  # (4H, T*B)
        xh = XH[:T].transpose(1, 0, 2).reshape(D + H + 1, T * B)  # (E, T*B)
    else:
        dz = DZ[:, : 4 * H].transpose(2, 1, 0, 3).reshape(K, 4 * H, T * B)  # (K, 4H, T*B)
        xh = XH[:T].transpose(2, 1, 0, 3).reshape(K, D + H + 1, T * B)  # (K, E, T*B)
    full = np.matmul(dz, np.swapaxes(xh, -1, -2))  # ([K,] 4H, E)
    db = np.ascontiguousarray(full[..., D + H])
    grads = {
        "weight_ih_l0": np.ascontiguousarray(full[..., :D]),
        "weight_hh_l0": np.ascontiguousarray(full[..., D : D + H]),
        "bias_ih_l0": db,
        "bias_hh_l0": db.copy(),
    }
    dx = np.matmul(np.swapaxes(dz, -1, -2), W_ih)  # ([K,] T*B, D)
    lead = () if K is None else (K,)
    return grads, dx.reshape(lead + (T, B, D))
