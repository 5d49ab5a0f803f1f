"""The one training configuration: every setting with its default, meaning and allowed values.

:class:`TrainConfig` is read by the trainer, by ``logicsim train`` (whose flags fill it) and by
the workbench's training bench (whose ``train.*`` controls take their ranges from
:data:`RULES`).  Every range error comes from :meth:`Rule.check` (numbers through
:func:`logicsim.ranges.check_number`, as the workbench's controls), in one form::

    hidden_size: 0 is below the minimum 1
    --hidden: 0 is below the minimum 1          (the CLI names its flag)

>>> TrainConfig(hidden_size=8).validate()
>>> check_setting("lr", -1.0)
Traceback (most recent call last):
...
logicsim.errors.LogicsimError: lr: -1.0 is below the minimum 1e-06
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.nn.recurrent_init import RECURRENT_INITS
from logicsim.ranges import check_choice, check_number
from logicsim.vocab import CELLS, DIFFICULTIES, RNN_NONLINEARITIES, TASKS

#: Largest seed (NumPy's SeedSequence accepts any, the app's controls stop at 32 bits).
MAX_SEED = 2**32 - 1
#: Floating-point types the nets compute in.
DTYPES = ("float64", "float32")
#: Largest memory a training run may need (weights, optimizer state, data, traces), in bytes.
#: :meth:`TrainConfig.validate` refuses a configuration whose estimate is above it.
MAX_TRAIN_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class Rule:
    """Allowed values of one setting: a kind (int, float, choice), bounds or choices."""

    kind: str  # "int", "float" or "choice"
    low: float | None = None  # inclusive lower bound (int / float)
    high: float | None = None  # inclusive upper bound (int / float)
    choices: tuple[Any, ...] | None = None  # allowed values (choice)
    nullable: bool = False  # None is allowed (means "automatic" or "off")

    def check(self, where: str, value: Any) -> Any:
        """Return ``value`` converted to this kind, or raise one line naming ``where``."""
        if value is None:
            if self.nullable:
                return None
            raise LogicsimError(f"{where}: a value is required")
        if self.kind == "choice":
            return check_choice(where, value, self.choices)
        return check_number(where, value, self.kind, self.low, self.high)


def _setting(default: Any, doc: str, kind: str, **rule: Any) -> Any:
    """A dataclass field carrying its meaning (``doc``) and its :class:`Rule`."""
    return field(default=default, metadata={"doc": doc, "rule": Rule(kind, **rule)})


@dataclass
class TrainConfig:
    """Everything that defines a training run (defaults: the temporal-order notebook, EASY)."""

    task: str = _setting("temporal-order", "task to train on", "choice", choices=TASKS)
    difficulty: str = _setting("easy", "temporal-order level", "choice", choices=DIFFICULTIES)
    model: str = _setting("lstm", "recurrent cell", "choice", choices=CELLS)
    nonlinearity: str = _setting(
        "relu", "RNN activation (the notebook's ReLU)", "choice", choices=RNN_NONLINEARITIES
    )
    hidden_size: int = _setting(4, "hidden units H", "int", low=1, high=256)
    epochs: int = _setting(10, "epochs run by Trainer.run()", "int", low=0, high=10_000)
    seeds: int = _setting(1, "ensemble size K (models trained side by side)", "int", low=1, high=64)
    seed: int = _setting(0, "member k is initialised with seed + k", "int", low=0, high=MAX_SEED)
    data_seed: int | None = _setting(
        None,
        "seed of the data streams (None: same as seed)",
        "int",
        low=0,
        high=MAX_SEED,
        nullable=True,
    )
    lr: float = _setting(
        1e-3, "RMSprop learning rate (alpha 0.99, eps 1e-8 as PyTorch)", "float", low=1e-6, high=1.0
    )
    batch_size: int | None = _setting(
        None,
        "None: 32 for temporal order, 5 streams for echo",
        "int",
        low=1,
        high=4096,
        nullable=True,
    )
    batches_per_epoch: int = _setting(
        31,
        "temporal order: batches per epoch (31 x 32 = 992 sequences)",
        "int",
        low=1,
        high=10_000,
    )
    test_batches: int = _setting(
        31, "temporal order: test batches per epoch", "int", low=1, high=10_000
    )
    n_symbols: int = _setting(
        2, "temporal order: 2 (experiment 6a) or 3 (6b)", "int", low=2, high=3
    )
    echo_step: int = _setting(3, "echo: delay in steps", "int", low=1, high=1000)
    series_length: int = _setting(20_000, "echo: steps per stream", "int", low=2, high=10_000_000)
    chunk_length: int = _setting(
        20, "echo: steps per truncated-BPTT chunk", "int", low=1, high=10_000
    )
    forget_bias: float = _setting(
        0.0,
        "LSTM only: added to the forget-gate bias at init (0 = PyTorch)",
        "float",
        low=-10.0,
        high=10.0,
    )
    recurrent_init: str = _setting(
        "default",
        "RNN only: W_hh at init, default (PyTorch), identity (IRNN, biases 0) or orthogonal",
        "choice",
        choices=RECURRENT_INITS,
    )
    clip_grad: float | None = _setting(
        None,
        "clip each member's gradient norm to this (None: off)",
        "float",
        low=1e-6,
        high=1e12,
        nullable=True,
    )
    success_threshold: float = _setting(
        0.99,
        "test accuracy that counts as solved (1.0 = every test item)",
        "float",
        low=0.01,
        high=1.0,
    )
    dtype: str = _setting(
        "float64", "floating-point type of weights and data", "choice", choices=DTYPES
    )

    def validate(self, labels: Mapping[str, str] | None = None) -> None:
        """Check every setting (converting whole floats to int); raise one line if one is wrong.

        ``labels`` renames settings in the message (the CLI passes its flags: ``--hidden``).
        """
        labels = labels or {}
        for name, rule in RULES.items():
            setattr(self, name, rule.check(labels.get(name, name), getattr(self, name)))
        if self.recurrent_init != "default" and self.model != "rnn":
            where = labels.get("recurrent_init", "recurrent_init")
            raise LogicsimError(f"{where}: {self.recurrent_init} applies to model rnn only")
        if self.task == "echo" and self.echo_step >= self.series_length:
            where = labels.get("echo_step", "echo_step")
            raise LogicsimError(
                f"{where}: {self.echo_step} must be shorter than the series "
                f"({labels.get('series_length', 'series_length')} = {self.series_length})"
            )
        if self.task == "echo" and self.chunk_length > self.series_length:
            where = labels.get("series_length", "series_length")
            raise LogicsimError(
                f"{where}: {self.series_length} is shorter than one chunk "
                f"({labels.get('chunk_length', 'chunk_length')} = {self.chunk_length})"
            )
        self.check_memory(labels)

    def memory_parts(self) -> dict[str, int]:
        """Estimated bytes of each part of a run of this configuration (before it starts).

        ``weights``: parameters, gradients and RMSprop state of every ensemble member;
        ``data``: the stored sequences (temporal order: one batch of ``(T, B, 8)``; echo: the
        training and test streams of ``series_length x B`` as bits, targets and floats);
        ``traces``: what backpropagation through time keeps per member (about 12 numbers per
        hidden unit and step for the LSTM).
        """
        from logicsim.tasks.temporal_order import LEVELS_6A, LEVELS_6B

        item = 4 if self.dtype == "float32" else 8
        H, K = int(self.hidden_size), int(self.seeds)
        if self.task == "temporal-order":
            levels = LEVELS_6A if self.n_symbols == 2 else LEVELS_6B
            D, C, T = 8, 2**self.n_symbols, levels[self.difficulty].padded
            B = int(self.batch_size or 32)
            data = 2 * T * B * D * item + 2 * B * T * 64  # a batch, its one-hot copy and strings
        else:
            D, C, T = 1, 1, int(self.chunk_length)
            B = int(self.batch_size or 5)
            n = int(self.series_length)
            data = 2 * n * B * (2 * 8 + 2 * item)  # train + test: int64 bits, targets, floats
        gates = 4 if self.model == "lstm" else 1
        weights = 4 * K * (gates * H * (D + H + 2) + C * (H + 1)) * item
        traces = K * T * B * (12 * H + 2 * C) * item
        return {"weights": weights, "data": data, "traces": traces}

    def check_memory(self, labels: Mapping[str, str] | None = None) -> None:
        """Refuse a run whose estimated memory is above :data:`MAX_TRAIN_BYTES`.

        The message names the settings (or ``labels``' flags) that make the largest part.
        """
        labels = labels or {}
        parts = self.memory_parts()
        total = sum(parts.values())
        if total <= MAX_TRAIN_BYTES:
            return
        biggest = max(parts, key=lambda k: parts[k])
        names = {
            "weights": ("hidden_size", "seeds"),
            "data": ("batch_size", "series_length") if self.task == "echo" else ("batch_size",),
            "traces": ("batch_size", "hidden_size", "seeds"),
        }[biggest]
        said = " x ".join(
            f"{labels.get(n, n)} {getattr(self, n) if getattr(self, n) is not None else 'auto'}"
            for n in names
        )
        raise LogicsimError(
            f"{said}: the run would need about {total / 1024**3:,.1f} GB ({biggest} "
            f"{parts[biggest] / 1024**3:,.1f} GB), more than the limit of "
            f"{MAX_TRAIN_BYTES / 1024**3:g} GB; use a smaller {labels.get(names[0], names[0])}"
        )


#: Setting name -> its allowed values.
RULES: dict[str, Rule] = {f.name: f.metadata["rule"] for f in fields(TrainConfig)}
#: Setting name -> what it means (CLI help, docs).
DOCS: dict[str, str] = {f.name: f.metadata["doc"] for f in fields(TrainConfig)}
#: Setting name -> its default.
DEFAULTS: dict[str, Any] = {f.name: f.default for f in fields(TrainConfig)}


def check_setting(name: str, value: Any, where: str | None = None) -> Any:
    """Check one value of setting ``name``; return it converted or raise naming ``where``."""
    if name not in RULES:
        raise LogicsimError(f"unknown training setting {name!r}")
    return RULES[name].check(where or name, value)
