"""Speed of the logic bench (a benchmark, not a test).

1. Truth table of a 16-input circuit of 200 gates over all 65,536 rows, 64 rows per uint64 word:
   gate evaluations per second (target >= 1e9/s).
2. Clocked run of the library's 4-bit shift register for 100,000 cycles with random input
   (target <= 1 s), through the compiled fast path; the micro-step path is timed on fewer cycles
   for comparison.

    python benchmarks/bench_logic.py            # best of 5
    python benchmarks/bench_logic.py --quick    # best of 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from logicsim.logic import load_circuit
from logicsim.logic.truthtable import counting_inputs, evaluate_packed


def random_circuit_text(n_inputs: int = 16, n_gates: int = 200, seed: int = 0) -> str:
    """A reproducible random combinational circuit: each gate reads 2-3 earlier nets."""
    rng = np.random.default_rng(seed)
    nets = [f"I{i}" for i in range(n_inputs)]
    lines = [f"inputs = {nets!r}".replace("'", '"'), "[gates]"]
    ops = ["AND", "OR", "NAND", "NOR", "XOR", "XNOR"]
    for g in range(n_gates):
        k = int(rng.integers(2, 4))
        ins = [nets[int(j)] for j in rng.choice(len(nets), size=k, replace=False)]
        lines.append(
            f'g{g} = {{ op = "{ops[int(rng.integers(len(ops)))]}", in = {ins!r} }}'.replace(
                "'", '"'
            )
        )
        nets.append(f"g{g}")
    outs = [f"g{g}" for g in range(n_gates - 8, n_gates)]
    lines.insert(1, f"outputs = {outs!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats")
    args = ap.parse_args()
    repeat = 2 if args.quick else 5

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random16.toml"
        path.write_text(random_circuit_text())
        c = load_circuit(path)
        nl = c.flatten()
        order = nl.topological_order()
        words = counting_inputs(16)  # (16, 1024) uint64
        t_core = best_of(lambda: evaluate_packed(nl, words, order), repeat)
        t_table = best_of(c.truth_table, repeat)
    evals = len(nl.gates) * 2**16
    print(
        f"truth table, 16 inputs, {len(nl.gates)} gates, 65,536 rows ({words.shape[1]} words per "
        "net)"
    )
    print(
        f"  packed evaluation: {t_core * 1e3:8.2f} ms  -> {evals / t_core:.3g} gate evaluations/s "
        "(target >= 1e9)"
    )
    print(
        f"  whole truth_table(): {t_table * 1e3:6.2f} ms  -> {evals / t_table:.3g} gate "
        "evaluations/s"
    )

    sr = load_circuit("shift_register4")
    cycles = 100_000
    d = np.random.default_rng(0).integers(0, 2, size=cycles)
    t_fast = best_of(lambda: sr.simulator().run(cycles, inputs={"D": d}), max(1, repeat // 2))
    wave = sr.simulator().run(cycles, inputs={"D": d})
    assert np.array_equal(wave.net("Q3")[1::2][3:], d[:-3])  # it really is the echo
    slow_cycles = 2_000
    t_slow = best_of(
        lambda: sr.simulator().run(slow_cycles, inputs={"D": d[:slow_cycles]}, fast=False), 1
    )
    print(f"4-bit shift register, {cycles:,} clock cycles, random D, waveform recorded")
    print(f"  compiled fast path: {t_fast:6.3f} s (target <= 1 s)")
    print(
        f"  micro-step path:    {t_slow / slow_cycles * cycles:6.3f} s (extrapolated from "
        f"{slow_cycles:,} cycles)"
        f" -> fast path x{t_slow / slow_cycles * cycles / t_fast:.0f}"
    )


if __name__ == "__main__":
    main()
