"""How long one slider move costs: ``norm_curve`` for the RNN (n=64, T=200) and LSTM (n=32, T=200).

The aim (issue 13, replacing issue 4's withdrawn 2 ms / 5 ms budgets): the RNN curve in at most
0.25x the time of the obvious NumPy computation of the same curve (the T Jacobian products in a
Python loop, then ``np.linalg.svd(stack, compute_uv=False)``), timed side by side here; the ratio
to the floor of the two sequential loops is printed too.  The old budgets are still printed for
reference.  Prints the median, the budget and their ratio for the spectral norm computed the
fast way (default, batched block subspace iteration) and the dense way (``method="eigh"``), the
Frobenius norm, ``gradient_dynamics`` (what the workbench calls), plus a breakdown (build W;
forward + Jacobians + products; spectral norms fast / dense) and, for the RNN, the floor of its
two sequential loops alone (T bare n x n matrix products, T bare tanh steps): what any exact method
spends before it takes a single norm.  Run with ``OPENBLAS_NUM_THREADS=1`` (the app
sets it) and note the load average printed on the last line.  ``--repeat`` sets the sample
count (default 30, quick).

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_dynamics.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from functools import partial

import numpy as np

from logicsim.dynamics import gradient_dynamics, norm_curve
from logicsim.dynamics.curves import _inputs, _products
from logicsim.dynamics.matrices import recurrent_matrix
from logicsim.dynamics.products import log10_norms

EIGS = [0.9, 1.05, 0.95 * np.exp(1j * np.pi / 6)]
CASES = [("rnn", 64, 200, 2.0), ("lstm", 32, 200, 5.0)]


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up (caches, first-call allocations)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def floor_ms(n: int, T: int, repeat: int) -> dict[str, float]:
    """What the two sequential loops cost with nothing else in them: T products P <- P A of
    n x n matrices (in place, one BLAS call each) and T steps h <- tanh(W h + x)."""
    rng = np.random.default_rng(0)
    out = {}
    for key, dtype in (("chain", np.float64), ("chain32", np.float32)):
        A = np.linalg.qr(rng.standard_normal((n, n)))[0].astype(dtype)  # (n, n) orthogonal
        P = np.eye(n, dtype=dtype)
        Q = np.empty_like(P)

        def chain(A=A, P=P, Q=Q) -> None:
            for _ in range(T // 2):
                np.matmul(P, A, out=Q)
                np.matmul(Q, A, out=P)

        out[key] = median_ms(chain, repeat)
    W = rng.standard_normal((n, n)) / np.sqrt(n)
    xs = rng.standard_normal((T, n))

    def steps() -> None:
        h = np.zeros(n)
        for x in xs:
            h = np.tanh(W @ h + x)

    out["steps"] = median_ms(steps, repeat)
    return out


def obvious_rnn_curve(W: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The curve as anyone would first write it: forward, products in a loop, one batched SVD.

    ``W`` (n, n), ``x`` (T, n) the input term of each step; returns log10 sigma_1 of
    dh[T]/dh[t] for t = 0..T, shape (T+1,)."""
    T, n = x.shape
    h = np.zeros(n)
    d = np.empty((T, n))
    for k in range(T):
        a = W @ h + x[k]
        h = np.tanh(a)
        d[k] = 1.0 - h * h
    stack = np.empty((T + 1, n, n))
    P = np.eye(n)
    stack[T] = P
    for t in range(T - 1, -1, -1):
        P = P @ (d[t][:, None] * W)  # dh[T]/dh[t] = dh[T]/dh[t+1] diag(g'(a[t+1])) W
        stack[t] = P
    return np.log10(np.linalg.svd(stack, compute_uv=False)[:, 0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    for cell, n, T, budget in CASES:
        common = dict(hidden_size=n, steps=T, cell=cell)
        runs = [
            ("spectral", partial(norm_curve, EIGS, **common)),
            ("spectral/eigh", partial(norm_curve, EIGS, method="eigh", **common)),
            ("frobenius", partial(norm_curve, EIGS, norm="frobenius", **common)),
            ("gradient_dyn", partial(gradient_dynamics, EIGS, **common)),
        ]
        for label, run in runs:
            ms = median_ms(run, args.repeat)
            print(
                f"{cell:4s} n={n:3d} T={T} {label:13s}: median {ms:7.2f} ms   budget "
                f"{budget:.0f} ms   ratio {ms / budget:5.2f}  {'OK' if ms <= budget else 'OVER'}"
            )
        W = recurrent_matrix(EIGS, n)
        x = _inputs(None, T, n, 0)
        build = median_ms(partial(recurrent_matrix, EIGS, n), args.repeat)
        products = partial(_products, cell, W, x, "tanh", 0.5, 1.0)
        prods = median_ms(products, args.repeat)
        blk = slice(0, n)
        stack = products()[0]
        fast = median_ms(partial(log10_norms, stack, rows=blk, cols=blk), args.repeat)
        dense = median_ms(partial(log10_norms, stack, rows=blk, cols=blk, method="eigh"),
                          max(3, args.repeat // 5))  # fmt: skip
        print(
            f"      breakdown: build W {build:.2f} ms, forward + Jacobians + products "
            f"{prods:.2f} ms, spectral norms fast {fast:.2f} ms / dense {dense:.2f} ms"
        )
        if cell == "rnn":
            floor = floor_ms(n, T, args.repeat)
            print(
                f"      floor of the sequential parts alone (no norms, nothing stored): {T} bare "
                f"{n}x{n} matrix products {floor['chain']:.2f} ms (float64; float32 "
                f"{floor['chain32']:.2f} ms) + {T} bare tanh steps {floor['steps']:.2f} ms"
            )
            xin = 0.5 * x.reshape(T, n)  # the input term the curve's RNN sees (identity W_ih)
            ref = norm_curve(EIGS, **common)
            mine = obvious_rnn_curve(W, xin)
            assert np.max(np.abs(mine - ref)) < 1e-8, "the two computations must agree"
            ours, obvious = [], []
            for _ in range(args.repeat):  # alternate, so both see the same machine
                ours.append(median_ms(partial(norm_curve, EIGS, **common), 1))
                obvious.append(median_ms(partial(obvious_rnn_curve, W, xin), 1))
            o_ms, b_ms = statistics.median(ours), statistics.median(obvious)
            fl = floor["chain"] + floor["steps"]
            print(
                f"      side by side: norm_curve {o_ms:.2f} ms, obvious NumPy (loop + batched "
                f"svd) {b_ms:.2f} ms -> ratio {o_ms / b_ms:.2f} (aim <= 0.25); "
                f"{o_ms / fl:.1f}x the floor {fl:.2f} ms"
            )
    load = os.getloadavg()
    print(
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}"
    )


if __name__ == "__main__":
    main()
