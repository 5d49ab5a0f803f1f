"""``logicsim train``: train RNNs / LSTMs on the lecture's tasks, K seeds at once.

Examples::

    logicsim train --task temporal-order --difficulty easy --model lstm --hidden 4 \\
        --epochs 10 --seeds 8
    logicsim train --task echo --model rnn --epochs 5 --json
    logicsim train --model rnn --nonlinearity tanh --out runs/rnn-easy --force

Progress (epoch, loss, accuracy, time left) goes to stderr; ``--json`` prints one JSON object on
stdout; ``--out DIR`` saves ``history.json``, ``history.csv``, ``curves.png`` (loss and accuracy
per seed) and ``states.png`` (the first seed's cell state over one test sequence, coloured as in
the lecture).  Ctrl-C stops
after the current batch and still saves every finished epoch.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from logicsim.errors import CommandError
from logicsim.training.config import DEFAULTS, RULES, TrainConfig

OUT_FILES = ("history.json", "history.csv", "curves.png", "states.png")

#: TrainConfig setting -> the flag that sets it (error messages name the flag the user typed).
FLAGS = {
    "task": "--task",
    "difficulty": "--difficulty",
    "model": "--model",
    "nonlinearity": "--nonlinearity",
    "hidden_size": "--hidden",
    "epochs": "--epochs",
    "seeds": "--seeds",
    "seed": "--seed",
    "lr": "--lr",
    "batch_size": "--batch-size",
    "echo_step": "--echo-step",
    "series_length": "--series-length",
    "forget_bias": "--forget-bias",
    "clip_grad": "--clip",
}


def _choices(name: str) -> str:
    return ", ".join(RULES[name].choices or ())


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``train`` verb (defaults and allowed values come from :class:`TrainConfig`)."""
    p = sub.add_parser(
        "train",
        help="train RNN / LSTM on temporal-order or echo (several seeds at once)",
        description="Train a recurrent net on one of the lecture's tasks. K seeds train side by "
        "side in one vectorised run; the report gives every seed's final test accuracy, the "
        "success rate and the spread.",
    )
    d = DEFAULTS
    p.add_argument("--task", default=d["task"], help=f"{_choices('task')} (default %(default)s)")
    p.add_argument(
        "--difficulty",
        default=d["difficulty"],
        help="temporal order level: " + _choices("difficulty"),
    )
    p.add_argument("--model", default=d["model"], help=f"{_choices('model')} (default %(default)s)")
    p.add_argument(
        "--nonlinearity",
        default=d["nonlinearity"],
        help=f"RNN activation: {_choices('nonlinearity')} (default %(default)s)",
    )
    p.add_argument(
        "--hidden", type=int, default=d["hidden_size"], help="hidden units (default %(default)s)"
    )
    p.add_argument("--epochs", type=int, default=d["epochs"], help="epochs (default %(default)s)")
    p.add_argument(
        "--seeds",
        type=int,
        default=d["seeds"],
        help="models trained side by side (default %(default)s)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=d["seed"],
        help="first seed; member k uses seed+k (default %(default)s)",
    )
    p.add_argument(
        "--lr", type=float, default=d["lr"], help="RMSprop learning rate (default %(default)s)"
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=d["batch_size"],
        help="default 32 (temporal order), 5 (echo)",
    )
    p.add_argument(
        "--echo-step",
        type=int,
        default=d["echo_step"],
        help="echo delay in steps (default %(default)s)",
    )
    p.add_argument(
        "--series-length", type=int, default=d["series_length"], help="echo steps per stream"
    )
    p.add_argument(
        "--three-symbols", action="store_true", help="temporal order 6b: 3 symbols, 8 classes"
    )
    p.add_argument(
        "--forget-bias",
        type=float,
        default=d["forget_bias"],
        help="LSTM: add this to the forget-gate bias at start (default %(default)s, as PyTorch)",
    )
    p.add_argument(
        "--clip", type=float, default=d["clip_grad"], help="clip each seed's gradient norm"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object with the results")
    p.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="save history.json/.csv, curves.png and states.png here",
    )
    p.add_argument("--force", action="store_true", help="overwrite files already in --out")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=run)


def _config(args: argparse.Namespace) -> TrainConfig:
    """The :class:`TrainConfig` the flags ask for, checked by its own rules (errors name flags)."""
    config = TrainConfig(
        task=args.task.lower(),
        difficulty=args.difficulty.lower(),
        model=args.model.lower(),
        nonlinearity=args.nonlinearity.lower(),
        hidden_size=args.hidden,
        epochs=args.epochs,
        seeds=args.seeds,
        seed=args.seed,
        lr=args.lr,
        batch_size=args.batch_size,
        n_symbols=3 if args.three_symbols else 2,
        echo_step=args.echo_step,
        series_length=args.series_length,
        clip_grad=args.clip,
        forget_bias=args.forget_bias,
    )
    config.validate(FLAGS)  # ranges, finite numbers and the memory estimate
    return config


def _prepare_out(path: str, force: bool) -> str:
    """Create ``path`` if needed and check it is writable and holds nothing we would overwrite."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise CommandError(f"--out {path}: exists and is not a folder")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"--out {path}: cannot create folder ({exc.strerror})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CommandError(f"--out {path}: folder is not writable")
    taken = [f for f in OUT_FILES if os.path.exists(os.path.join(path, f))]
    if taken and not force:
        raise CommandError(
            f"--out {path}: {', '.join(taken)} already exist (use --force to overwrite)"
        )
    return path


def save_outputs(folder: str, result: dict[str, Any], recording: Any = None) -> None:
    """Write the set ``history.csv``, ``curves.png``, ``states.png`` (from ``recording``, when
    given) and ``history.json`` (strict JSON: a diverged value is null; it lists the hashes of the
    other files) so that a kill leaves either the old set or the new one
    (:class:`~logicsim.commands.out_set.OutputSet`)."""
    import numpy as np

    from logicsim.commands.out_set import OutputSet, clean_stale
    from logicsim.plotpng import save_curves

    clean_stale(folder, OUT_FILES)
    h = result["history"]
    rows = ["epoch,seed,train_loss,train_accuracy,test_loss,test_accuracy"]
    for e, epoch in enumerate(h["epoch"]):
        for k, seed in enumerate(result["seeds"]):
            vals = [
                h[key][e][k]
                for key in ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
            ]
            rows.append(f"{epoch},{seed}," + ",".join(f"{v:.6g}" for v in vals))
    with OutputSet(folder) as out:
        out.write("history.csv", "\n".join(rows) + "\n")
        if h["epoch"]:
            ep = np.asarray(h["epoch"], float)
            panels = [
                (
                    title,
                    [
                        ("TRAIN", ep, np.asarray(h[f"train_{key}"], float)),
                        ("TEST", ep, np.asarray(h[f"test_{key}"], float)),
                    ],
                    ylim,
                )
                for title, key, ylim in (
                    ("LOSS", "loss", None),
                    ("ACCURACY", "accuracy", (0.0, 1.0)),
                )
            ]
            out.write_with("curves.png", lambda path: save_curves(path, panels))
        if recording is not None:
            from logicsim.training.trainer_record import save_picture

            out.write_with("states.png", lambda path: save_picture(recording, path))
        out.write_manifest("history.json", result)


def _progress(record: Any, total: int) -> None:
    import numpy as np

    if record.epoch >= total:
        left = "done"
    elif record.eta >= 60:
        left = f"{int(record.eta // 60)}m{int(record.eta % 60):02d}s left"
    else:
        left = f"{record.eta:.1f}s left"
    sys.stderr.write(
        f"epoch {record.epoch}/{total}  loss {np.nanmean(record.train_loss):.4f}  "
        f"train acc {np.mean(record.train_accuracy):.1%}  test acc "
        f"{np.mean(record.test_accuracy):.1%} "
        f"(min {np.min(record.test_accuracy):.1%})  {record.seconds:.1f}s/epoch  {left}\n"
    )
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Train, report, save; returns 0, or 130 after Ctrl-C (what was trained is kept)."""
    from logicsim.training.trainer import Trainer

    config = _config(args)
    out = _prepare_out(args.out, args.force) if args.out else None
    trainer = Trainer(config)
    if not args.quiet:
        sys.stderr.write(
            f"training {config.seeds} x {trainer.model} ({trainer.model.num_parameters()} "
            "parameters "
            f"each) on {config.task}"
            + (
                f" {config.difficulty}"
                if config.task == "temporal-order"
                else f" (echo step {config.echo_step})"
            )
            + "\n"
        )
        first_epoch = trainer.epochs_done
        trainer.epoch_end.connect(lambda r: _progress(r, first_epoch + config.epochs))
    interrupted = False
    try:
        result = trainer.run()
    except KeyboardInterrupt:
        interrupted = True
        trainer.cancelled = True
        result = trainer.summary()
        sys.stderr.write(f"interrupted: keeping {trainer.epochs_done} finished epoch(s)\n")
    if result["diverged"]:
        sys.stderr.write(
            "diverged (loss became inf or NaN; these seeds stopped training): seed "
            + ", ".join(str(s) for s in result["diverged"])
            + "\n"
        )
    if out:
        healthy = [k for k in range(trainer.ensemble) if k not in trainer.diverged]
        save_outputs(out, result, trainer.record(member=healthy[0] if healthy else 0))
    if args.json:
        from logicsim.commands.out_set import json_safe

        sys.stdout.write(json.dumps(json_safe(result), allow_nan=False) + "\n")
    else:
        _print_summary(result)
    return 130 if interrupted else 0


def _print_summary(result: dict[str, Any]) -> None:
    accs = ", ".join(f"{a:.2%}" for a in result["final_test_accuracy"])
    print(f"final test accuracy per seed: {accs}")
    print(
        f"success rate (test accuracy >= {result['config']['success_threshold']:.0%}): "
        f"{result['success_rate']:.0%}; mean {result['test_accuracy_mean']:.1%} "
        f"+- {result['test_accuracy_std']:.1%} (min {result['test_accuracy_min']:.1%}, "
        f"max {result['test_accuracy_max']:.1%}); {result['epochs_done']} epochs in "
        f"{result['wall_time_s']:.1f}s"
    )
    firsts = ["-" if e is None else str(e) for e in result["epochs_to_100"]]
    print(f"first epoch at 100% test accuracy per seed: {', '.join(firsts)}")
