"""How long one slider move costs: ``norm_curve`` for the RNN (n=64, T=200) and LSTM (n=32, T=200).

Budgets from the issue: <= 2 ms median (RNN) and <= 5 ms median (LSTM) on the 2-core machine.
Prints the median, the budget and their ratio for the exact spectral norm, the strided variant
(``exact_every=8``: exact every 8th step, interpolated between) and the Frobenius norm, plus a
breakdown (forward pass + backward product accumulation, exact spectral norms).  BLAS threads
matter on a busy 2-core machine: compare with ``OPENBLAS_NUM_THREADS=1``.  ``--repeat`` sets the sample count (default 30, quick).

    python benchmarks/bench_dynamics.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import statistics
import time
from functools import partial

import numpy as np

from logicsim.dynamics import norm_curve
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    for cell, n, T, budget in CASES:
        for norm, every in (("spectral", 1), ("spectral", 8), ("frobenius", 1)):
            run = partial(norm_curve, EIGS, hidden_size=n, steps=T, cell=cell, norm=norm,
                          exact_every=every)  # fmt: skip
            ms = median_ms(run, args.repeat)
            label = f"{norm}" + (f"/{every}" if every > 1 else "")
            print(f"{cell:4s} n={n:3d} T={T} {label:11s}: median {ms:7.2f} ms   budget "
                  f"{budget:.0f} ms   ratio {ms / budget:5.2f}  {'OK' if ms <= budget else 'OVER'}")
        W = recurrent_matrix(EIGS, n)
        x = _inputs(None, T, n, 0)
        build = median_ms(partial(recurrent_matrix, EIGS, n), args.repeat)
        products = partial(_products, cell, W, x, "tanh", 0.5, 1.0)
        prods = median_ms(products, args.repeat)
        blk = slice(0, n)
        spec = median_ms(partial(log10_norms, products()[0], rows=blk, cols=blk), args.repeat)
        print(f"      breakdown: build W {build:.2f} ms, forward + Jacobians + products "
              f"{prods:.2f} ms, exact spectral norms {spec:.2f} ms")


if __name__ == "__main__":
    main()
