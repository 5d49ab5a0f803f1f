r"""The LSTM time loops, forward and backward, laid out for few NumPy calls per step.

Each forward rule (t = 1..T) is followed by the backward rule that undoes it (t = T..1; bars are
dL/d·):

* :math:`z = W [x_t; h_{t-1}; 1]`
  → :math:`\bar h_{t-1} = W_{hh}^\top \bar z`,
  :math:`\bar W \mathrel{+}= \bar z [x_t; h_{t-1}; 1]^\top`
* :math:`i, f, o = \sigma(z_{i,f,o})`, :math:`g=\tanh z_g`
  → :math:`\bar z_i = \bar c_t\, g\, i(1-i)`, :math:`\bar z_f = \bar c_t\, c_{t-1} f(1-f)`,
  :math:`\bar z_g = \bar c_t\, i (1-g^2)`, :math:`\bar z_o = \bar h_t \tanh(c_t)\, o(1-o)`
* :math:`c_t = f c_{t-1} + i g`
  → :math:`\bar c_t = \bar h_t\, o (1-\tanh^2 c_t) + \bar c_{t+1} f_{t+1}`
* :math:`h_t = o \tanh c_t`
  → :math:`\bar h_t = \text{direct}_t + W_{hh}^\top \bar z_{t+1}`

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
  and one add; ``c-bar x [c_i; c_f; c_g]`` and ``h-bar x c_o`` give ``dz``.  The local derivatives
  (``c_i``, ...) are computed a chunk of steps at a time into small reused buffers, just before the
  loop needs them, so they are still in cache (an ensemble's ``dz`` also goes to a chunk buffer
  first and then, one copy per chunk, into the member-major ``DZ``).
* One model's per-step matrix products use ``np.dot``: the same BLAS call as ``np.matmul`` with
  less overhead per call.

Internal layout: per step, features then the batch axes, ``(n, B)`` for one model and
``(n, K, B)`` for an ensemble, so a step's slab is contiguous and every element-wise call runs over
``K * B`` values at once.  The loops see every buffer time first, ``(T, n, [K,] B)``.  Most buffers
are stored that way; ``XH`` and ``DZ`` of an ensemble are stored member-major, ``(K, n, T, B)``,
and seen through a time-first view, so that after the loop each member's ``[x; h_prev; 1]`` and
``dz`` over all steps is one ``(n, T*B)`` matrix without a copy (one model: the copy is small, and
contiguous per-step rows are cheaper).  :func:`seq_in` / :func:`seq_out` convert from / to the
public ``([K,] T, B, n)`` layout with views.  Large buffers come from
:data:`logicsim.nn._buffers.POOL`, which recycles them once no trace or gradient refers to them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from logicsim.nn._buffers import POOL
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


def _member_major(a: np.ndarray, K: int | None) -> np.ndarray:
    """Swap between time-first ``(T, n, K, B)`` and member-major ``(K, n, T, B)`` (a view, its own
    inverse); one model's ``(T, n, B)`` becomes ``(n, T, B)``."""
    return a.transpose(1, 0, 2) if K is None else a.transpose(2, 1, 0, 3)


def _steps_buffer(T: int, n: int, B: int, K: int | None, dtype: np.dtype) -> np.ndarray:
    """A pooled buffer for ``T`` steps of ``n`` features, as a time-first view ``(T, n, [K,] B)``.

    One model stores it that way; an ensemble member-major, ``(K, n, T, B)``.
    """
    if K is None:
        return POOL.empty((T, n, B), dtype)
    return _member_major(POOL.empty((K, n, T, B), dtype), K)


def per_member(a: np.ndarray, K: int | None) -> np.ndarray:
    """Time-first ``(T, n, [K,] B)`` -> one matrix per member, ``([K,] n, T*B)``.

    A view for buffers from :func:`_steps_buffer` of an ensemble; a copy otherwise.
    """
    T, n, B = a.shape[0], a.shape[1], a.shape[-1]
    lead = () if K is None else (K,)
    return _member_major(a, K).reshape(lead + (n, T * B))


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
    dict of buffers, each ``(T or T+1, n, [K,] B)``: ``XH`` (n = D+H+1; a view of a member-major
    buffer for an ensemble), ``GB`` (5H) and ``TC`` (H); and ``W``, the stacked weights used (to
    recompute the pre-activations on demand).
    """
    H = params["weight_hh_l0"].shape[-1]
    T, B, D = x.shape[-3:]
    bshape = (B,) if K is None else (K, B)
    E = D + H + 1
    W = stacked_weights(params, H)  # ([K,] 4H, E)
    XH = _steps_buffer(T + 1, E, B, K, dtype)  # [x_t; h_{t-1}; 1] per step
    XH[:T, :D] = seq_in(x, K)
    XH[T, :D] = 0.0
    XH[:, D + H] = 1.0
    XH[0, D : D + H] = state_in(h0, K)
    GB = POOL.empty((T + 1, 5 * H) + bshape, dtype)  # [i; f; o; g; c_{t-1}]
    GB[0, 4 * H :] = state_in(c0, K)
    GB[T, : 4 * H] = 0.0
    TC = POOL.empty((T, H) + bshape, dtype)  # tanh(c_t)
    R = np.empty((2 * H,) + bshape, dtype=dtype)  # [i g; f c_{t-1}]
    R_ig, R_fc = R[:H], R[H:]
    # np.dot (one model: 2-D, C-contiguous out) has less call overhead than np.matmul; same BLAS
    # call, same result.  Hot calls pass ``out`` positionally (a little cheaper, too).
    matmul = np.matmul if K is not None else np.dot
    add, mul, tanh = np.add, np.multiply, np.tanh
    for xh_t, zmm_t, gates_t, sig_t, if_t, gc_t, c_t, tc_t, o_t, h_t in zip(
        _mm_view(XH, K)[:-1], _mm_view(GB[:-1, : 4 * H], K), GB[:-1, : 4 * H],
        GB[:-1, : 3 * H], GB[:-1, : 2 * H], GB[:-1, 3 * H :], GB[1:, 4 * H :], TC,
        GB[:-1, 2 * H : 3 * H], XH[1:, D : D + H], strict=True,
    ):  # fmt: skip
        matmul(W, xh_t, zmm_t)  # z = W [x_t; h_{t-1}; 1]  (sigmoid rows halved)
        tanh(gates_t, gates_t)  # tanh(z/2) for i, f, o; tanh(z) = g
        mul(sig_t, 0.5, sig_t)
        add(sig_t, 0.5, sig_t)  # sigma(z) = (1 + tanh(z/2)) / 2
        mul(if_t, gc_t, R)  # [i g; f c_{t-1}]
        add(R_ig, R_fc, c_t)  # c_t = f c_{t-1} + i g
        tanh(c_t, tc_t)  # tanh(c_t)
        mul(o_t, tc_t, h_t)  # h_t = o tanh(c_t)
    for buf in (XH, GB, TC):
        buf.flags.writeable = False  # traces hand out views; nobody may change them
    return {"XH": XH, "GB": GB, "TC": TC, "W": W}


#: Bytes of per-chunk scratch in the backward pass: small enough to stay in cache.
_CHUNK_BYTES = 1 << 20


def _coefficients(
    GB: np.ndarray,
    TC: np.ndarray,
    a: int,
    b: int,
    coef: np.ndarray,
    CF: np.ndarray,
    dsig: np.ndarray,
    tmp: np.ndarray,
) -> None:
    """Local derivatives of steps ``a..b-1`` into the first ``b - a`` entries of the scratch.

    Parameters
    ----------
    GB, TC : forward buffers, ``(T+1, 5H, [K,] B)`` and ``(T, H, [K,] B)``
    coef : ndarray, shape (n, 4H, [K,] B)
        Receives ``[c_i; c_f; c_g; c_o]``.
    CF : ndarray, shape (n, 2, H, [K,] B)
        Receives ``[o (1 - tanh^2 c_t); f_{t+1}]`` (``f_{T+1} = 1``: dc_last reaches c_T unscaled).
    dsig, tmp : ndarray, shapes (n, 3H, [K,] B) and (n, H, [K,] B); scratch
    """
    T, H = TC.shape[:2]
    m = b - a
    gb, tc = GB[a:b], TC[a:b]
    sig, i, o, g = gb[:, : 3 * H], gb[:, :H], gb[:, 2 * H : 3 * H], gb[:, 3 * H : 4 * H]
    ds, cf, tm, cc = dsig[:m], CF[:m], tmp[:m], coef[:m]
    mul, sub = np.multiply, np.subtract
    sub(1.0, sig, out=ds)
    mul(sig, ds, out=ds)  # sigma' = s (1 - s)
    mul(gb[:, 3 * H :], ds[:, : 2 * H], out=cc[:, : 2 * H])  # [g i(1-i); c_{t-1} f(1-f)]
    mul(g, g, out=tm)
    sub(1.0, tm, out=tm)
    mul(i, tm, out=cc[:, 2 * H : 3 * H])  # i (1 - g^2)
    mul(tc, ds[:, 2 * H :], out=cc[:, 3 * H :])  # tanh(c) o(1-o)
    mul(tc, tc, out=tm)
    sub(1.0, tm, out=tm)
    mul(o, tm, out=cf[:, 0])  # o (1 - tanh^2 c_t)
    if b < T:
        cf[:, 1] = GB[a + 1 : b + 1, H : 2 * H]  # f_{t+1}
    else:
        cf[: m - 1, 1] = GB[a + 1 : b, H : 2 * H]
        cf[m - 1, 1] = 1.0


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
    index 0), ``DZ (T, 4H, [K,] B)``, dL/dz in order i, f, g, o (a view of a member-major buffer
    for an ensemble), and ``dc0 (H, [K,] B)``.
    """
    GB, TC = bufs["GB"], bufs["TC"]
    T, H = TC.shape[:2]
    bshape = TC.shape[2:]
    dtype = TC.dtype
    n = max(1, min(T, _CHUNK_BYTES // (13 * H * TC[0, 0].nbytes)))  # steps per chunk
    coef = POOL.empty((n, 4 * H) + bshape, dtype)  # [c_i; c_f; c_g; c_o]
    CF = POOL.empty((n, 2, H) + bshape, dtype)  # [o (1 - tanh^2 c_t); f_{t+1}]
    dsig = POOL.empty((n, 3 * H) + bshape, dtype)
    tmp = POOL.empty((n, H) + bshape, dtype)
    dzc = None if K is None else POOL.empty((n, 4 * H) + bshape, dtype)  # a chunk's z-bar
    M = POOL.empty((T + 2, 2, H) + bshape, dtype)  # [c-bar; h-bar], step t at index t+1
    M[T, 1] = state_in(dh_last, K)
    M[T + 1, 0] = state_in(dc_last, K)
    M[0, 0] = M[T + 1, 1] = 0.0  # never computed; the loop writes every other entry
    DZ = _steps_buffer(T, 4 * H, bshape[-1], K, dtype)  # z-bar
    # pairs[t] = [h-bar_t; c-bar_{t+1}] = [M[t+1, 1]; M[t+2, 0]]: a strided view of M.
    s = M.strides
    pairs = np.ndarray(
        (T,) + M.shape[1:], dtype, M, offset=s[0] + s[1], strides=(s[0], s[0] - s[1]) + s[2:]
    )  # reads M[1, 1, ...] onwards; only ever read
    P = np.empty((2, H) + bshape, dtype=dtype)
    P0, P1 = P[0], P[1]
    W_hhT = np.swapaxes(W_hh, -1, -2).copy()  # ([K,] H, 4H)
    hbar, cbar = M[1 : T + 1, 1], M[1 : T + 1, 0]  # (T, H, [K,] B)
    hb_prev_mm = _mm_view(M[:T, 1], K)
    coef_g = coef.reshape((n, 4, H) + bshape)  # gate blocks (a view)
    direct_in = None if direct is None else seq_in(direct, K)
    flush = Flush(M)
    matmul = np.matmul if K is not None else np.dot  # as in forward_loop
    add, mul = np.add, np.multiply
    for b in range(T, 0, -n):
        a = max(0, b - n)
        m = b - a
        _coefficients(GB, TC, a, b, coef, CF, dsig, tmp)
        fwd, rev = slice(a, b), slice(m - 1, None, -1)  # the chunk in global / local steps
        # One model writes z-bar straight into DZ; an ensemble into a chunk buffer that is
        # copied into the member-major DZ once per chunk.
        dz_c = DZ[fwd] if dzc is None else dzc[:m]  # contiguous (m, 4H, [K,] B)
        dz_g = dz_c.reshape((m, 4, H) + bshape)
        steps = zip(
            range(b - 1, a - 1, -1), hbar[fwd][::-1], pairs[fwd][::-1], CF[rev], cbar[fwd][::-1],
            coef_g[rev, :3], coef_g[rev, 3], dz_g[::-1, :3], dz_g[::-1, 3], _mm_view(dz_c, K)[::-1],
            hb_prev_mm[fwd][::-1], strict=True,
        )  # fmt: skip
        for t, hb_t, pair_t, cf_t, cb_t, cifg_t, co_t, dzifg_t, dzo_t, dz_t, hb_prev in steps:
            if flush.every and t % flush.every == 0:
                flush(t)
            if direct_in is not None:
                add(hb_t, direct_in[t], hb_t)  # h-bar_t = direct_t + W_hh^T z-bar_{t+1}
            mul(pair_t, cf_t, P)  # [h-bar_t o (1 - tanh^2 c_t); c-bar_{t+1} f_{t+1}]
            add(P0, P1, cb_t)  # c-bar_t
            mul(cb_t, cifg_t, dzifg_t)  # [z-bar_i; z-bar_f; z-bar_g] = c-bar [c_i; c_f; c_g]
            mul(hb_t, co_t, dzo_t)  # z-bar_o = h-bar c_o
            matmul(W_hhT, dz_t, hb_prev)  # h-bar_{t-1} = W_hh^T z-bar_t
        if K is not None:
            DZ[fwd] = dz_c
    dc0 = M[1, 0] * GB[0, H : 2 * H]  # c-bar_0 f_1 flows into c_0
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


def param_grads(
    DZ: np.ndarray, XH: np.ndarray, D: int, H: int, K: int | None
) -> dict[str, np.ndarray]:
    """All parameter gradients from one matmul, ``sum_t z-bar_t [x_t; h_{t-1}; 1]^T``.

    Parameters
    ----------
    DZ : ndarray, shape (T, 4H, [K,] B);  XH : ndarray, shape (T+1, D+H+1, [K,] B)

    Returns
    -------
    dict of ndarray
        PyTorch names, shapes ``([K,] 4H, D)``, ``([K,] 4H, H)``, ``([K,] 4H)`` twice.
    """
    T = DZ.shape[0]
    dz = per_member(DZ, K)  # ([K,] 4H, T*B)
    xh = per_member(XH[:T], K)  # ([K,] E, T*B)
    full = np.matmul(dz, np.swapaxes(xh, -1, -2))  # ([K,] 4H, E)
    db = np.ascontiguousarray(full[..., D + H])
    return {
        "weight_ih_l0": np.ascontiguousarray(full[..., :D]),
        "weight_hh_l0": np.ascontiguousarray(full[..., D : D + H]),
        "bias_ih_l0": db,
        "bias_hh_l0": db.copy(),
    }


def input_grad(DZ: np.ndarray, W_ih: np.ndarray, K: int | None) -> np.ndarray:
    """dL/dx_t = W_ih^T z-bar_t for every step.

    Parameters
    ----------
    DZ : ndarray, shape (T, 4H, [K,] B);  W_ih : ndarray, shape ([K,] 4H, D)

    Returns
    -------
    ndarray, shape ([K,] T, B, D)
    """
    T, B, D = DZ.shape[0], DZ.shape[-1], W_ih.shape[-1]
    lead = () if K is None else (K,)
    dx = np.matmul(np.swapaxes(per_member(DZ, K), -1, -2), W_ih)  # ([K,] T*B, D)
    return dx.reshape(lead + (T, B, D))
