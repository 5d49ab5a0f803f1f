"""Time one training step of logicsim.nn against PyTorch on the CPU, side by side.

One step = forward over T steps, a Linear head on the last hidden state, cross-entropy, full
BPTT, RMSprop update (the temporal-order notebook's step).  Sizes: B=32, D=8, C=4 classes, float32;
H=4 at T=9 (EASY) and T=111 (HARD), and H=64.  Then the K=16 ensemble: one vectorized logicsim step
training 16 models against PyTorch training the 16 models one after another, timed over whole
epochs of consecutive steps (``--block``, default 31 = one epoch of the lecture's task).

Usage::

    python benchmarks/bench_nn.py            # default repeats (a few minutes)
    python benchmarks/bench_nn.py --quick    # fewer repeats
    python benchmarks/bench_nn.py --threads 2

The thread count is set through OMP/OPENBLAS/MKL_NUM_THREADS before NumPy is imported and with
``torch.set_num_threads`` so both libraries use the same number.  With one thread the clock is the
process CPU time (robust on a shared machine; ``--wall`` for wall time).  Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def parse() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats")
    p.add_argument("--threads", type=int, default=1, help="threads for NumPy's BLAS and PyTorch")
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    p.add_argument("--models", default="lstm,rnn_relu", help="comma list of lstm, rnn_relu")
    p.add_argument("--hidden", default="4,64", help="comma list of hidden sizes")
    p.add_argument("--lengths", default="9,111", help="comma list of sequence lengths T")
    p.add_argument("--wall", action="store_true", help="wall-clock time even with one thread")
    p.add_argument("--no-ensemble", action="store_true", help="skip the K=16 ensemble table")
    p.add_argument(
        "--block",
        type=int,
        default=31,
        help="ensemble table: consecutive steps per model and timed block "
        "(default 31, one epoch of the lecture's task)",
    )
    return p.parse_args()


ARGS = parse()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402

from logicsim.nn import LSTM, RNN, Linear, RMSprop, cross_entropy  # noqa: E402

try:
    import torch
except ImportError:  # pragma: no cover
    sys.exit("PyTorch is needed for the comparison: pip install torch")

B, D, C = 32, 8, 4


def paired_times(fn_a, fn_b, repeats: int, inner: int) -> tuple[float, float]:
    """Median time per call of two functions, measured in alternating blocks (seconds).

    Alternating the blocks exposes both sides to the same background load.  With one thread the
    clock is the process CPU time, which other programs on a shared machine barely disturb.
    """
    clock = time.process_time if ARGS.threads == 1 and not ARGS.wall else time.perf_counter
    fn_a(), fn_b()  # warm up
    times_a, times_b = [], []
    for _ in range(repeats):
        for fn, times in ((fn_a, times_a), (fn_b, times_b)):
            t0 = clock()
            for _ in range(inner):
                fn()
            times.append((clock() - t0) / inner)
    return statistics.median(times_a), statistics.median(times_b)


def logicsim_step(kind: str, T: int, H: int, dtype, K: int | None = None):
    rng = np.random.default_rng(0)
    seeds = list(range(K)) if K else 0
    cell = (
        LSTM(D, H, seed=seeds, dtype=dtype, ensemble=K)
        if kind == "lstm"
        else RNN(D, H, "relu", seed=seeds, dtype=dtype, ensemble=K)
    )
    head = Linear(H, C, seed=[s + 100 for s in seeds] if K else 100, dtype=dtype, ensemble=K)
    params = {**cell.params, **{"head." + k: v for k, v in head.params.items()}}
    opt = RMSprop(params, lr=1e-3)
    x = rng.normal(size=(T, B, D)).astype(dtype)
    y = rng.integers(0, C, size=B)

    def step():
        trace = cell.forward(x)
        last = trace.h[-1] if K is None else trace.h[:, -1]  # ([K,] B, H)
        loss, dlogits = cross_entropy(head.forward(last), y, ensemble=K)
        hgrads, dlast = head.backward(last, dlogits)
        grads = cell.backward(trace, None, dh_last=dlast).params
        grads.update({"head." + k: v for k, v in hgrads.items()})
        opt.step(grads)

    return step


def torch_step(kind: str, T: int, H: int, dtype):
    torch.manual_seed(0)
    tdtype = getattr(torch, np.dtype(dtype).name)
    if kind == "lstm":
        rnn = torch.nn.LSTM(D, H).to(tdtype)
    else:
        rnn = torch.nn.RNN(D, H, nonlinearity="relu").to(tdtype)
    head = torch.nn.Linear(H, C).to(tdtype)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.RMSprop(params, lr=1e-3)
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.normal(size=(T, B, D)), dtype=tdtype)
    y = torch.tensor(rng.integers(0, C, size=B))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        out, _ = rnn(x)
        loss = loss_fn(head(out[-1]), y)
        loss.backward()
        opt.step()

    return step


def main() -> None:
    torch.set_num_threads(ARGS.threads)
    dtype = np.dtype(ARGS.dtype)
    repeats = 5 if ARGS.quick else 11
    clock = "process CPU time" if ARGS.threads == 1 and not ARGS.wall else "wall time"
    print(
        f"clock: {clock}; threads={ARGS.threads} (OMP/OPENBLAS/MKL_NUM_THREADS, "
        "torch.set_num_threads); "
        f"numpy {np.__version__}, torch {torch.__version__}; dtype {dtype.name}; B={B}, D={D}"
    )
    print(f"{'model':10s} {'H':>3s} {'T':>4s} {'logicsim ms':>12s} {'torch ms':>10s} {'ratio':>7s}")
    models = ARGS.models.split(",")
    lengths = [int(t) for t in ARGS.lengths.split(",")]
    for H in [int(h) for h in ARGS.hidden.split(",")]:
        for kind in models:
            for T in lengths:
                inner = max(2, int(400 / T)) if not ARGS.quick else max(1, int(150 / T))
                ours, ref = paired_times(
                    logicsim_step(kind, T, H, dtype), torch_step(kind, T, H, dtype), repeats, inner
                )
                print(
                    f"{kind:10s} {H:3d} {T:4d} {ours * 1e3:12.3f} {ref * 1e3:10.3f} "
                    f"{ours / ref:7.2f}"
                )
    if ARGS.no_ensemble:
        return
    K, n = 16, ARGS.block
    print(f"\nensemble K={K}, H=4: model-steps per second (PyTorch trains the {K} models in turn)")
    print(f"{'model':10s} {'T':>4s} {'logicsim/s':>11s} {'torch/s':>9s} {'speed-up':>9s}")
    for kind in ("lstm", "rnn_relu"):
        for T in (9, 111):
            # Throughput is timed over whole epochs (--block consecutive steps; the lecture's
            # epoch is 31 batches): the ensemble runs an epoch, PyTorch runs an epoch of each of
            # its 16 models in turn, alternating.  A lone step sandwiched between the other
            # side's work would start with cold caches every time (--block 1 shows that case).
            ens = logicsim_step(kind, T, 4, dtype, K=K)
            steps = [torch_step(kind, T, 4, dtype) for _ in range(K)]
            ours, ref = paired_times(
                lambda f=ens: [f() for _ in range(n)],
                lambda s=steps: [f() for f in s for _ in range(n)],
                repeats,
                1,
            )
            ours, ref = ours / n, ref / n  # seconds per ensemble step / per 16 model steps
            print(f"{kind:10s} {T:4d} {K / ours:11.0f} {K / ref:9.0f} {ref / ours:9.2f}")


if __name__ == "__main__":
    main()
