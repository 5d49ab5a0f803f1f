"""Cold derive + compile of the LSTM Jacobian (budget <= 1 s) and the cached second request.

Each cold measurement runs in a fresh interpreter so nothing is cached; it is reported with and
without the one-off ``import sympy``.  Also times every export format once.

    python benchmarks/bench_symbolic.py [--n 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = r"""
import json, sys, time
import numpy  # already loaded in the app; not part of the symbolic cost
import logicsim.symbolic
t0 = time.perf_counter()
import sympy  # noqa: F401
t1 = time.perf_counter()
from logicsim.symbolic import compiled, formula
f = compiled("lstm", "jacobian", {n})
t2 = time.perf_counter()
g = compiled("lstm", "jacobian", {n})
t3 = time.perf_counter()
fm = formula("lstm", "jacobian", {n})
exports = {{}}
for fmt in ("latex", "mathml", "unicode", "numpy", "c", "octave"):
    s = time.perf_counter(); fm.export(fmt); exports[fmt] = time.perf_counter() - s
print(json.dumps({{"import": t1 - t0, "derive_compile": t2 - t1, "cached": t3 - t2,
                  "exports": exports}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1, help="hidden size of the explicit form")
    ap.add_argument("--repeat", type=int, default=3, help="fresh interpreters to run")
    args = ap.parse_args()
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-c", CHILD.format(n=args.n)], capture_output=True,
                             text=True, check=True)  # fmt: skip
        runs.append(json.loads(out.stdout))
    imp = statistics.median(r["import"] for r in runs)
    dc = statistics.median(r["derive_compile"] for r in runs)
    cached = statistics.median(r["cached"] for r in runs)
    total = imp + dc
    print(f"LSTM Jacobian n={args.n}, median of {args.repeat} fresh interpreters")
    print(f"  import sympy            {imp * 1e3:8.1f} ms")
    print(f"  derive + compile        {dc * 1e3:8.1f} ms")
    print(
        f"  cold total              {total * 1e3:8.1f} ms   budget 1000 ms   ratio "
        f"{total:5.2f}  {'OK' if total <= 1.0 else 'OVER'}"
    )
    print(f"  second request (cache)  {cached * 1e6:8.1f} us")
    for fmt in runs[0]["exports"]:
        ms = statistics.median(r["exports"][fmt] for r in runs) * 1e3
        print(f"  export {fmt:8s}         {ms:8.1f} ms (first time)")


if __name__ == "__main__":
    main()
