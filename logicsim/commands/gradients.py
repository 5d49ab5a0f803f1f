"""``logicsim gradients``: gradient norms through time for chosen eigenvalues.

    logicsim gradients --cell rnn|lstm --hidden N --steps T --eig 0.9 --eig 1.05
                       --eig 0.95@30deg [--non-normal 2.0] [--nonlinearity tanh|relu|linear]
                       [--norm spectral|frobenius] [--seed S] [--measure] [--json]

Prints the spectral report (eigenvalues, singular values, rho, lambda_1, gamma, the Pascanu
regime) and the curve log10 ||dh[T]/dh[t]|| as a small text plot, or everything as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from logicsim.errors import CommandError
from logicsim.vocab import CELLS, GRADIENT_NONLINEARITIES


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``gradients`` verb."""
    p = sub.add_parser(
        "gradients",
        help="gradient norms through time for a recurrent matrix with chosen eigenvalues",
        description=(
            "Build W_hh with the given eigenvalues, run the cell on seeded noise, and print "
            "log10 ||dh[T]/dh[t]|| for every t with the vanishing/exploding regime."
        ),
    )
    p.add_argument("--cell", choices=CELLS, default="rnn")
    p.add_argument("--hidden", type=int, default=16, metavar="N", help="hidden size (default 16)")
    p.add_argument("--steps", type=int, default=100, metavar="T", help="time steps (default 100)")
    p.add_argument("--eig", action="append", metavar="VALUE",
                   help="eigenvalue: 0.9, -1.05, 0.95@30deg, 0.9@0.5rad or 0.8+0.3j; repeat the "
                        "option for more; the list repeats to fill N (default 0.9)")  # fmt: skip
    p.add_argument(
        "--non-normal",
        type=float,
        default=None,
        metavar="S",
        help="make W non-normal with shear S (same eigenvalues, larger singular values)",
    )
    p.add_argument("--nonlinearity", choices=GRADIENT_NONLINEARITIES, default="tanh")
    p.add_argument("--norm", choices=("spectral", "frobenius"), default="spectral")
    p.add_argument("--seed", type=int, default=0, help="seed of the similarity and the inputs")
    p.add_argument("--measure", action="store_true",
                   help="also backpropagate a loss on h[T] and report ||dL/dh[t]||")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Compute and print; every bad value becomes a one-line error."""
    from logicsim.dynamics import gradient_dynamics, parse_eigenvalue

    eigs = [parse_eigenvalue(e) for e in (args.eig or ["0.9"])]
    if args.cell == "lstm" and args.nonlinearity != "tanh":
        raise CommandError("--nonlinearity applies to the RNN only (the LSTM's are fixed)")
    normal = args.non_normal is None
    res = gradient_dynamics(
        eigs, hidden_size=args.hidden, steps=args.steps, cell=args.cell,
        nonlinearity=args.nonlinearity, normal=normal,
        non_normality=0.0 if normal else args.non_normal, seed=args.seed, norm=args.norm,
        measure=args.measure,
    )  # fmt: skip
    if args.json:
        sys.stdout.write(json.dumps(_as_json(args, eigs, res), indent=1) + "\n")
    else:
        sys.stdout.write(_as_text(args, res))
    return 0


def _num(v: float) -> Any:
    v = float(v)
    return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))


def _as_json(args: argparse.Namespace, eigs: list, res: Any) -> dict:
    rep = res.report.as_dict()
    rep = {k: ([[_num(a) for a in z] for z in v] if k == "eigenvalues" else
               [_num(a) for a in v] if k == "singular_values" else
               _num(v) if isinstance(v, float) else v) for k, v in rep.items()}  # fmt: skip
    out = {
        "cell": args.cell,
        "hidden": args.hidden,
        "steps": args.steps,
        "nonlinearity": args.nonlinearity,
        "normal": args.non_normal is None,
        "non_normality": args.non_normal or 0.0,
        "norm": args.norm,
        "requested_eigenvalues": [[z.real, z.imag] for z in eigs],
        "report": rep,
        "finite": res.finite,
        "log10_norm": [_num(v) for v in res.curve],
    }
    if res.cc_curve is not None:
        out["log10_norm_state"] = [_num(v) for v in res.state_curve]
        out["log10_norm_cc_path"] = [_num(v) for v in res.cc_curve]
    if res.measured is not None:
        out["log10_measured_dL_dh"] = [_num(v) for v in res.measured]
    return out


def _fmt(v: float) -> str:
    return f"{v:+.4g}" if math.isfinite(v) else str(_num(v))


def _as_text(args: argparse.Namespace, res: Any) -> str:
    r = res.report
    eig = ", ".join(
        f"{z.real:.4g}"
        if abs(z.imag) < 1e-12
        else f"{abs(z):.4g}@{math.degrees(math.atan2(z.imag, z.real)):.4g}deg"
        for z in r.eigenvalues[:8]
    ) + (" ..." if len(r.eigenvalues) > 8 else "")
    T = args.steps
    lines = [
        f"{args.cell.upper()} hidden={args.hidden} steps={T} nonlinearity={args.nonlinearity} "
        f"W={'normal' if args.non_normal is None else f'non-normal (shear {args.non_normal:g})'}",
        f"eigenvalues        {eig}",
        f"singular values    max {r.lambda_1:.6g}, min {r.singular_values[-1]:.6g}",
        f"rho = {r.rho:.6g}   lambda_1 = {r.lambda_1:.6g}   gamma = {r.gamma:g}   "
        f"1/gamma = {r.threshold:g}",
        (
            "regime (rho vs 1, linear):    "
            if args.nonlinearity == "linear"
            else "regime (lambda_1 vs 1/gamma): "
        )
        + r.regime,
        f"linear case (rho vs 1):       {r.linear_regime}",
        f"log10 ||dh[T]/dh[t]|| ({args.norm}): t=0 {_fmt(res.curve[0])}, "
        f"t=T/2 {_fmt(res.curve[T // 2])}, t=T-1 {_fmt(res.curve[T - 1])}, "
        f"t=T {_fmt(res.curve[T])}",
    ]
    if math.isfinite(res.curve[0]):
        lines.append(f"mean slope per step back: {res.curve[0] / T:+.4g} decades")
    if res.cc_curve is not None:
        lines.append(f"LSTM c->c path log10 ||prod diag(f)|| at t=0: {_fmt(res.cc_curve[0])}")
    if res.measured is not None:
        lines.append(f"measured log10 ||dL/dh[t]|| at t=0: {_fmt(res.measured[0])}")
    if not res.finite:
        lines.append("note: the curve is not finite (inf/nan): the inputs overflow float64")
    lines += ["", *plot(res.curve)]
    return "\n".join(lines) + "\n"


def plot(curve: Any, width: int = 60, height: int = 12) -> list[str]:
    """A small text plot of curve[t] against t (x: t = 0 .. T, y: log10 norm)."""
    import numpy as np

    y = np.asarray(curve, dtype=float)
    T = len(y) - 1
    ok = np.isfinite(y)
    if not ok.any():
        return ["(no finite values to plot)"]
    lo, hi = float(y[ok].min()), float(y[ok].max())
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    cols = min(width, T + 1)
    grid = [[" "] * cols for _ in range(height)]
    for c in range(cols):
        t = round(c * T / max(cols - 1, 1))
        if not ok[t]:
            grid[-1][c] = "v" if y[t] == -np.inf else "?"
            continue
        r = round((hi - y[t]) / (hi - lo) * (height - 1))
        grid[r][c] = "*"
    label = [f"{hi:+10.3g} |", *([" " * 10 + " |"] * (height - 2)), f"{lo:+10.3g} |"]
    out = [lab + "".join(row) for lab, row in zip(label, grid, strict=True)]
    out.append(" " * 11 + "+" + "-" * cols)
    out.append(" " * 12 + "t=0" + " " * max(cols - 3 - len(f"t={T}"), 1) + f"t={T}")
    out.append(" " * 12 + "log10 ||dh[T]/dh[t]|| against t ('v' = exactly zero)")
    return out
