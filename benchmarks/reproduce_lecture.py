"""Reproduce the lecture's RNN-vs-LSTM experiments over many seeds and write a Markdown table.

Parts (each trains K seeds side by side through the ensemble axis):

1. temporal order EASY, 10 epochs, ReLU RNN vs LSTM, hidden 4 (lecture: RNN ~50 %, LSTM 100 %);
   part ``fair`` adds a ReLU RNN of hidden 10, which has the LSTM's 244 parameters, to 1 and 2;
2. EASY, 100 epochs: epochs until 100 % (lecture: both reach it, the LSTM in about half the epochs);
3. HARD (lengths 100-110): tanh RNN, ReLU RNN and LSTM within an epoch budget (never run in the
   lecture): success rate, epochs to success, wall time; part ``3r`` adds the hidden-10 RNN and
   part ``3f`` repeats the LSTM with its forget-gate bias raised at init; parts ``3i`` and ``3o``
   put the RNN's recurrent eigenvalues on the unit circle at init: ``3i`` the identity-initialised
   ReLU RNN (Le, Jaitly & Hinton 2015: W_hh = I, biases 0), ``3o`` a tanh RNN whose W_hh is a
   random orthogonal matrix;
4. signal echo: ReLU RNN hidden 4 for 5 epochs (lecture: 100 %), then echo delays 3..20 for RNN
   vs LSTM; part ``4c`` asks whether 4 units are a capacity limit at delays 4 and 5 (hidden 4, 5, 6
   for 5 epochs and hidden 4 for 30);
5. the cell-state picture: MODERATE, LSTM hidden 10, 100 epochs - which unit switches at X/Y?

Every part stores its numbers as JSON in ``--store`` so parts can run in separate processes (the
long HARD part in the background); ``--assemble`` only rebuilds the table from what is stored.

Usage::

    python benchmarks/reproduce_lecture.py --quick                   # a 1-minute smoke run
    python benchmarks/reproduce_lecture.py --seeds 16 --out docs/results.md
    python benchmarks/reproduce_lecture.py --parts 3 --hard-epochs 600 --store runs/repro
    python benchmarks/reproduce_lecture.py --assemble --store runs/repro --out docs/results.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from typing import Any

import numpy as np

from logicsim.training.config import TrainConfig
from logicsim.training.trainer import Trainer

RNN_RELU = {"model": "rnn", "nonlinearity": "relu"}
RNN_TANH = {"model": "rnn", "nonlinearity": "tanh"}
LSTM = {"model": "lstm"}


def label(model: dict[str, str]) -> str:
    return "LSTM" if model["model"] == "lstm" else f"RNN ({model['nonlinearity']})"


#: Where a long part writes its running summary (set by ``main`` for parts 3i/3o), or None.
PROGRESS: dict[str, str | None] = {"path": None}


def _save_progress(trainer: Trainer, t0: float, path: str, every: int = 5) -> Any:
    """An ``epoch_end`` handler writing the summary so far to ``path`` every ``every`` epochs."""

    def handler(record: Any) -> None:
        if record.epoch % every:
            return
        summary = trainer.summary()
        summary["wall_time_total_s"] = time.perf_counter() - t0
        summary["partial"] = True
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(summary, fh)
        os.replace(tmp, path)

    return handler


def train(seeds: int, epochs: int, stop_when_solved: bool = False, **kw: Any) -> dict[str, Any]:
    """Train one configuration with ``seeds`` members; returns the trainer summary."""
    config = TrainConfig(seeds=seeds, epochs=epochs, **kw)
    trainer = Trainer(config)
    t0 = time.perf_counter()
    if PROGRESS["path"]:
        trainer.epoch_end.connect(_save_progress(trainer, t0, PROGRESS["path"]))
    result = trainer.run(stop_when_solved=stop_when_solved)
    result["wall_time_total_s"] = time.perf_counter() - t0
    sys.stderr.write(
        f"  {label(kw if 'model' in kw else LSTM):12s} {kw.get('task', 'temporal-order')} "
        f"{kw.get('difficulty', '')} echo={kw.get('echo_step', '-')} H={kw.get('hidden_size', 4)}: "
        f"{result['epochs_done']} epochs, mean test acc {result['test_accuracy_mean']:.3f}, "
        f"{result['wall_time_total_s']:.1f}s\n"
    )
    return result


def part1(seeds: int, quick: bool) -> dict[str, Any]:
    epochs = 3 if quick else 10
    return {
        "epochs": epochs,
        "runs": {label(m): train(seeds, epochs, **m) for m in (RNN_RELU, LSTM)},
    }


def part2(seeds: int, quick: bool) -> dict[str, Any]:
    epochs = 10 if quick else 100
    return {
        "epochs": epochs,
        "runs": {label(m): train(seeds, epochs, **m) for m in (RNN_RELU, LSTM)},
    }


def part_fair(seeds: int, quick: bool) -> dict[str, Any]:
    """Parts 1 and 2 for a ReLU RNN of hidden 10: 244 parameters, exactly the LSTM's count."""
    name = "RNN (relu), hidden 10"
    short, long = (3, 10) if quick else (10, 100)
    return {
        "part1": {name: train(seeds, short, hidden_size=10, **RNN_RELU)},
        "part2": {name: train(seeds, long, hidden_size=10, **RNN_RELU)},
    }


def part3(seeds: int, quick: bool, budget: int) -> dict[str, Any]:
    epochs = 2 if quick else budget
    runs = {
        label(m): train(seeds, epochs, stop_when_solved=True, difficulty="hard", **m)
        for m in (RNN_TANH, RNN_RELU, LSTM)
    }
    return {"epochs": epochs, "runs": runs}


def part3f(seeds: int, quick: bool, budget: int, forget_bias: float) -> dict[str, Any]:
    """HARD again, LSTM with its forget-gate bias raised at init (the 1997 LSTM had no forget
    gate)."""
    epochs = 2 if quick else budget
    name = f"LSTM, forget bias +{forget_bias:g}"
    run = train(seeds, epochs, True, difficulty="hard", forget_bias=forget_bias, **LSTM)
    return {"epochs": epochs, "runs": {name: run}}


def part3_unit_circle(seeds: int, quick: bool, budget: int, which: str) -> dict[str, Any]:
    """HARD with the RNN's recurrent eigenvalues at 1 at init: ``i`` IRNN (ReLU, W_hh = I,
    biases 0) or ``o`` tanh RNN with a random orthogonal W_hh."""
    epochs = 2 if quick else budget
    if which == "i":
        model, init = RNN_RELU, "identity"
    else:
        model, init = RNN_TANH, "orthogonal"
    name = PARTIAL_NAMES[f"part3{which}"]
    run = train(seeds, epochs, True, difficulty="hard", recurrent_init=init, **model)
    return {"epochs": epochs, "runs": {name: run}}


#: Row names of the parts whose running summary ``--assemble`` can show before they finish.
PARTIAL_NAMES = {
    "part3i": "RNN (relu), W_hh = I, biases 0 (IRNN)",
    "part3o": "RNN (tanh), W_hh random orthogonal",
}


def part3r(seeds: int, quick: bool, budget: int) -> dict[str, Any]:
    """HARD with the parameter-matched ReLU RNN (hidden 10, 244 parameters)."""
    epochs = 2 if quick else budget
    run = train(seeds, epochs, True, difficulty="hard", hidden_size=10, **RNN_RELU)
    return {"epochs": epochs, "runs": {"RNN (relu), hidden 10": run}}


def part4(seeds: int, quick: bool, hidden_big: int) -> dict[str, Any]:
    epochs = 1 if quick else 5
    length = 2_000 if quick else 20_000
    base = train(seeds, epochs, task="echo", series_length=length, **RNN_RELU)
    delays = [3, 10, 20] if quick else list(range(3, 21))
    sweep: dict[str, dict[str, Any]] = {}
    for hidden in (4, hidden_big):
        for m in (RNN_RELU, LSTM):
            key = f"{label(m)} H={hidden}"
            sweep[key] = {
                str(d): train(
                    seeds,
                    epochs,
                    task="echo",
                    echo_step=d,
                    series_length=length,
                    hidden_size=hidden,
                    **m,
                )
                for d in delays
            }
    return {"epochs": epochs, "series_length": length, "base": base, "sweep": sweep}


def part4c(seeds: int, quick: bool) -> dict[str, Any]:
    """Is hidden 4 too small to echo delays 4 and 5? ReLU RNN, hidden 4..6 for 5 epochs and
    hidden 4 for 6x as long (capacity vs training time)."""
    short, long = (1, 2) if quick else (5, 30)
    length = 2_000 if quick else 20_000
    runs: dict[str, dict[str, Any]] = {}
    for delay in (4, 5):
        for hidden, epochs in ((4, short), (4, long), (5, short), (6, short)):
            key = f"delay {delay}, H={hidden}, {epochs} epochs"
            runs[key] = train(
                seeds,
                epochs,
                task="echo",
                echo_step=delay,
                series_length=length,
                hidden_size=hidden,
                **RNN_RELU,
            )
    return {"runs": runs}


def part5(seeds: int, quick: bool, store: str) -> dict[str, Any]:
    """The lecture's cell-state picture: MODERATE, LSTM hidden 10, 100 epochs; which unit
    switches?"""
    from logicsim.tasks import TemporalOrder
    from logicsim.training.trainer_record import save_picture

    epochs = 3 if quick else 100
    config = TrainConfig(
        difficulty="moderate", model="lstm", hidden_size=10, seeds=min(seeds, 4), epochs=epochs
    )
    trainer = Trainer(config)
    t0 = time.perf_counter()
    result = trainer.run()
    best = int(np.argmax(result["final_test_accuracy"]))
    gen = TemporalOrder("moderate", batch_size=1, seed=777)
    at_t1, at_t2, elsewhere = [], [], []
    for _ in range(50):
        seq = gen.sample()[0]
        rec = trainer.record(seq, member=best)
        jump = np.abs(np.diff(rec.c, axis=0))  # (T-1, H): |c[t] - c[t-1]| for t = 1..T-1
        t1, t2 = [i for i, ch in enumerate(seq) if ch in "XY"]
        at_t1.append(jump[t1 - 1])
        at_t2.append(jump[t2 - 1])
        rest = np.delete(jump, [t1 - 1, t2 - 1], axis=0)
        elsewhere.append(rest.mean(axis=0))
    a1, a2, r = (np.mean(v, axis=0) for v in (at_t1, at_t2, elsewhere))  # (H,)
    unit = int(np.argmax(a1 / r))
    seq = gen.sample()[0]
    picture = os.path.join(store, "moderate_cell_state.png")
    save_picture(trainer.record(seq, member=best), picture, overwrite=True)
    return {
        "epochs": epochs,
        "members": config.seeds,
        "final_test_accuracy": result["final_test_accuracy"],
        "best_member": best,
        "unit": unit,
        "jump_at_t1": float(a1[unit]),
        "jump_at_t2": float(a2[unit]),
        "jump_elsewhere": float(r[unit]),
        "picture": picture,
        "wall_time_total_s": time.perf_counter() - t0,
    }


# -- the table ---------------------------------------------------------------------------------
def pct(v: float) -> str:
    return f"{100 * v:.1f} %"


def spread(accs: list[float]) -> str:
    a = np.asarray(accs)
    return f"{pct(a.mean())} ± {100 * a.std():.1f} (min {pct(a.min())}, max {pct(a.max())})"


def epochs_text(values: list[int | None]) -> str:
    hit = [v for v in values if v is not None]
    if not hit:
        return "never"
    text = f"median {np.median(hit):g} (range {min(hit)}–{max(hit)})"
    if len(hit) < len(values):
        text += f", {len(hit)}/{len(values)} seeds"
    return text


def count_100(r: dict[str, Any]) -> str:
    a = np.asarray(r["final_test_accuracy"])
    return f"{int(np.sum(a >= 1.0))}/{a.size}"


def markdown(store: dict[str, Any], command: str) -> str:
    out = ["# Reproducing the lecture's RNN vs LSTM experiments", ""]
    out.append("Produced by")
    out += ["", "```", command, "```", ""]
    meta = store.get("meta", {})
    if meta:
        seeds = sorted({store[k].get("seeds") for k in store if k.startswith("part")} - {None})
        out.append(
            f"Machine: {meta.get('machine', '?')}. Seeds per configuration: "
            f"{', '.join(map(str, seeds)) or '?'} (member k starts from seed k; all members "
            'see the same data). "Success" = test accuracy ≥ 99 % (on 992 fresh test '
            "sequences for temporal order, 100,000 fresh bits for echo)."
        )
        out.append("")
    if "part1" in store:
        p = store["part1"]
        p["runs"].update(store.get("partfair", {}).get("part1", {}))
        out += [
            f"## 1. Temporal order EASY, {p['epochs']} epochs, hidden 4, {p.get('seeds')} seeds",
            "",
            "| model | parameters | lecture | final test accuracy (mean ± sd) | seeds at 100 % | "
            "success rate | wall time |",
            "|---|---|---|---|---|---|---|",
        ]
        lecture = {"RNN (relu)": "≈ 50 % (test ≈ 53 %)", "LSTM": "100 %"}
        for name, r in p["runs"].items():
            out.append(
                f"| {name} | {r['parameters_per_model']} | {lecture.get(name, '')} | "
                f"{spread(r['final_test_accuracy'])} | {count_100(r)} | "
                f"{pct(r['success_rate'])} | {r['wall_time_total_s']:.1f} s |"
            )
        out.append("")
    if "part2" in store:
        p = store["part2"]
        p["runs"].update(store.get("partfair", {}).get("part2", {}))
        out += [
            f"## 2. Temporal order EASY, {p['epochs']} epochs, {p.get('seeds')} seeds",
            "",
            "| model | lecture | final test accuracy | seeds at 100 % at the end | first epoch at "
            "100 % | first epoch ≥ 99 % | wall time |",
            "|---|---|---|---|---|---|---|",
        ]
        lecture = {
            "RNN (relu)": "100 %, ≈ twice the LSTM's epochs",
            "LSTM": "100 % at ≈ epoch 20–28",
        }
        for name, r in p["runs"].items():
            out.append(
                f"| {name} | {lecture.get(name, '')} | {spread(r['final_test_accuracy'])} | "
                f"{count_100(r)} | {epochs_text(r['epochs_to_100'])} | "
                f"{epochs_text(r['epochs_to_success'])} | {r['wall_time_total_s']:.1f} s |"
            )
        out.append("")
    hard = [k for k in ("part3", "part3r", "part3f", "part3i", "part3o") if k in store]
    if hard:
        p = store[hard[0]]
        out += [
            f"## 3. Temporal order HARD (length 100–110), hidden 4 unless named, {p.get('seeds')} "
            "seeds, "
            f"budget {p['epochs']} epochs (stops once every seed succeeded)",
            "",
            "| model | success rate | first epoch ≥ 99 % | first epoch at 100 % | final test "
            "accuracy | epochs run | wall time |",
            "|---|---|---|---|---|---|---|",
        ]
        runs: dict[str, Any] = {}
        for key in hard:
            runs.update(store[key]["runs"])
        for name, r in runs.items():
            ever = [e is not None for e in r["epochs_to_success"]]
            out.append(
                f"| {name} | {pct(float(np.mean(ever)))} | {epochs_text(r['epochs_to_success'])} | "
                f"{epochs_text(r['epochs_to_100'])} | {spread(r['final_test_accuracy'])} | "
                f"{r['epochs_done']}{' (unfinished)' if r.get('partial') else ''} | "
                f"{r['wall_time_total_s']:.0f} s |"
            )
        out.append("")
    if "part4" in store:
        p = store["part4"]
        b = p["base"]
        out += [
            f"## 4. Signal echo ({p['series_length']} steps × 5 streams, chunks of 20), "
            f"{p.get('seeds')} seeds",
            "",
            f"ReLU RNN, hidden 4, echo step 3, {p['epochs']} epochs (lecture: 100 %): final test "
            f"accuracy {spread(b['final_test_accuracy'])}; {count_100(b)} seeds at 100 %; "
            f"success rate (≥ 99 %) {pct(b['success_rate'])}; {b['wall_time_total_s']:.1f} s.",
            "",
            f"Echo delay sweep, {p['epochs']} epochs each: mean final test accuracy "
            "(success rate ≥ 99 % in brackets). Chance is 50 %.",
            "",
        ]
        names = list(p["sweep"])
        out.append("| delay | " + " | ".join(names) + " |")
        out.append("|---" * (len(names) + 1) + "|")
        for d in p["sweep"][names[0]]:
            cells = []
            for n in names:
                r = p["sweep"][n][d]
                cells.append(f"{pct(r['test_accuracy_mean'])} ({pct(r['success_rate'])})")
            out.append(f"| {d} | " + " | ".join(cells) + " |")
        out.append("")
    if "part4c" in store:
        p = store["part4c"]
        out += [
            f"Capacity or training time? ReLU RNN on echo, {p.get('seeds')} seeds:",
            "",
            "| run | mean final test accuracy | success rate (≥ 99 %) | wall time |",
            "|---|---|---|---|",
        ]
        for name, r in p["runs"].items():
            out.append(
                f"| {name} | {spread(r['final_test_accuracy'])} | {pct(r['success_rate'])} | "
                f"{r['wall_time_total_s']:.0f} s |"
            )
        out.append("")
    if "part5" in store:
        p = store["part5"]
        ratio = p["jump_at_t1"] / max(p["jump_elsewhere"], 1e-12)
        verdict = (
            "it switches at the relevant symbols, as in the lecture's figure"
            if ratio > 3
            else "no unit switches clearly at the relevant symbols"
        )
        out += [
            f"## 5. The cell-state picture (MODERATE, LSTM hidden 10, {p['epochs']} epochs)",
            "",
            f"{p['members']} seeds, final test accuracy {spread(p['final_test_accuracy'])}. In the "
            f"best seed, cell unit {p['unit']} moves on average by {p['jump_at_t1']:.2f} at the "
            f"first X/Y and by {p['jump_at_t2']:.2f} at the second, against "
            f"{p['jump_elsewhere']:.3f} per step elsewhere (50 test sequences): {verdict}. "
            "Picture (one row per unit, sigmoid of c in 20 bins, blue to red): "
            f"`{os.path.basename(p['picture'])}` in the store folder; "
            f"{p['wall_time_total_s']:.0f} s.",
            "",
        ]
    if "notes" in store:
        out += ["## What the numbers say", "", store["notes"], ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=8, help="seeds per configuration (default 8)")
    ap.add_argument(
        "--parts", default="1,2,fair,3,3r,3f,3i,3o,4,5", help="comma-separated parts to run"
    )
    ap.add_argument(
        "--forget-bias", type=float, default=3.0, help="forget-gate bias of part 3f (default 3)"
    )
    ap.add_argument("--hard-epochs", type=int, default=300, help="epoch budget of part 3")
    ap.add_argument(
        "--echo-hidden", type=int, default=32, help="second hidden size of the echo sweep"
    )
    ap.add_argument("--quick", action="store_true", help="tiny budgets, for a smoke test")
    ap.add_argument(
        "--store",
        default=os.path.join(tempfile.gettempdir(), "logicsim-reproduce"),
        help="folder of the per-part JSON (default: a folder in the temp dir)",
    )
    ap.add_argument("--assemble", action="store_true", help="only rebuild the table from --store")
    ap.add_argument(
        "--notes", default=None, help="Markdown file appended as 'What the numbers say'"
    )
    ap.add_argument("--out", default=None, help="write the Markdown table here (else stdout)")
    ap.add_argument("--command", default=None, help="command line quoted in the table")
    args = ap.parse_args(argv)
    os.makedirs(args.store, exist_ok=True)
    if not args.assemble:
        meta = {
            "seeds": args.seeds,
            "quick": args.quick,
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, NumPy {np.__version__}",
        }
        with open(os.path.join(args.store, "meta.json"), "w") as fh:
            json.dump(meta, fh)
        for part in [p.strip() for p in args.parts.split(",") if p.strip()]:
            sys.stderr.write(f"part {part}\n")
            if part == "1":
                res = part1(args.seeds, args.quick)
            elif part == "2":
                res = part2(args.seeds, args.quick)
            elif part == "3":
                res = part3(args.seeds, args.quick, args.hard_epochs)
            elif part == "fair":
                res = part_fair(args.seeds, args.quick)
            elif part == "3r":
                res = part3r(args.seeds, args.quick, args.hard_epochs)
            elif part == "3f":
                res = part3f(args.seeds, args.quick, args.hard_epochs, args.forget_bias)
            elif part in ("3i", "3o"):
                PROGRESS["path"] = os.path.join(args.store, f"part{part}.progress.json")
                res = part3_unit_circle(args.seeds, args.quick, args.hard_epochs, part[1])
                PROGRESS["path"] = None
            elif part == "4":
                res = part4(args.seeds, args.quick, args.echo_hidden)
            elif part == "4c":
                res = part4c(args.seeds, args.quick)
            elif part == "5":
                res = part5(args.seeds, args.quick, args.store)
            else:
                raise SystemExit(f"unknown part {part!r}")
            res["seeds"] = args.seeds
            with open(os.path.join(args.store, f"part{part}.json"), "w") as fh:
                json.dump(res, fh)
    store: dict[str, Any] = {}
    for name in (
        "meta",
        "part1",
        "part2",
        "partfair",
        "part3",
        "part3r",
        "part3f",
        "part3i",
        "part3o",
        "part4",
        "part4c",
        "part5",
    ):
        path = os.path.join(args.store, f"{name}.json")
        progress = os.path.join(args.store, f"{name}.progress.json")
        if os.path.exists(path):
            with open(path) as fh:
                store[name] = json.load(fh)
        elif os.path.exists(progress):  # a part still running (or stopped): what it reached
            with open(progress) as fh:
                run = json.load(fh)
            label_ = PARTIAL_NAMES.get(name, name)
            store[name] = {"epochs": run["config"]["epochs"], "seeds": len(run["seeds"])}
            store[name]["runs"] = {label_: run}
    if args.notes:
        with open(args.notes) as fh:
            store["notes"] = fh.read().strip()
    command = args.command or "python " + " ".join(sys.argv)
    text = markdown(store, command)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
