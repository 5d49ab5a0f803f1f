"""The training tab: RNN vs LSTM on temporal order or echo, K seeds at once, with progress.

:meth:`TrainingBench.run` trains every model of :attr:`TrainingBench.models` one after the other
with :class:`logicsim.training.trainer.Trainer` (K seeds side by side on the ensemble axis).  It
blocks; the app calls it on a worker thread, listens to :attr:`TrainingBench.progress` (emitted on
that thread after every epoch) and may call :meth:`TrainingBench.cancel` from the GUI thread.

``history[model][metric]`` has shape ``(epochs_done, K)`` for ``train_loss``, ``train_accuracy``,
``test_loss`` and ``test_accuracy``; :meth:`spread` gives the mean, min and max over seeds (the
band the app draws).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event

METRICS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
#: Steps per echo chunk (the notebook's 20).
ECHO_CHUNK = 20


@dataclass
class TrainingConfig:
    """What the training tab trains (defaults: the notebook's EASY comparison, one seed)."""

    task: str = "temporal-order"  # "temporal-order" or "echo"
    difficulty: str = "easy"  # temporal-order level
    models: list[str] = field(default_factory=lambda: ["rnn", "lstm"])  # trained side by side
    nonlinearity: str = "relu"  # RNN activation (the notebook's ReLU)
    hidden_size: int = 4  # H of every model
    epochs: int = 10  # epochs per run
    seeds: int = 1  # K members per model (seeds seed .. seed + K - 1)
    seed: int = 0  # first seed
    echo_step: int = 3  # echo delay
    lr: float = 1e-3  # RMSprop learning rate
    batches: int = 31  # batches of 32 per epoch (temporal order) / chunks of 20 steps (echo)


class TrainingBench:
    """Training configuration, runs and their history (see ``docs/workbench.md``)."""

    SETTINGS = tuple(TrainingConfig.__dataclass_fields__)

    def __init__(self) -> None:
        self.changed = Event()
        self.progress = Event()  # progress(info: dict) after every epoch, on the training thread
        self.batch_progress = Event()  # batch_progress(info: dict) after every training batch
        self.config = TrainingConfig()
        self.history: dict[str, dict[str, np.ndarray]] = {}
        self.trained_config: dict[str, Any] = {}  # config of the run that produced the weights
        self._trained: dict[str, dict[str, np.ndarray]] = {}  # model -> ensemble state dict
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # history is written on the training thread, read on others
        self._trainer: Any = None
        self.running = False
        self.cancelled = False

    def __getattr__(self, name: str) -> Any:  # config fields read as attributes (wb.get)
        if name in TrainingConfig.__dataclass_fields__:
            return getattr(self.__dict__["config"], name)
        raise AttributeError(name)

    def update(self, **settings: Any) -> None:
        """Change configuration fields (takes effect at the next :meth:`run`)."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"training tab has no setting {key!r}")
        for key, value in settings.items():
            if key == "models":
                value = list(value)
                if not value:
                    raise LogicsimError("train.models: choose at least one model")
            setattr(self.config, key, value)
        self.changed.emit("config")

    def _trainer_config(self, model: str, epochs: int, seeds: int, seed: int) -> Any:
        from logicsim.training.trainer import TrainConfig

        c = self.config
        extra: dict[str, Any] = {}
        if c.task == "echo":
            extra = {"series_length": c.batches * ECHO_CHUNK, "chunk_length": ECHO_CHUNK}
        return TrainConfig(
            task=c.task, difficulty=c.difficulty, model=model, nonlinearity=c.nonlinearity,
            hidden=c.hidden_size, epochs=epochs, seeds=seeds, seed=seed, lr=c.lr,
            batches_per_epoch=c.batches, test_batches=c.batches, echo_step=c.echo_step, **extra,
        )  # fmt: skip

    def run(
        self, epochs: int | None = None, seeds: int | None = None, seed: int | None = None
    ) -> dict[str, Any]:
        """Train every model in ``config.models`` from scratch; returns ``{model: summary}``.

        Blocking.  Emits ``progress`` per epoch and ``changed("progress")``; at the end
        ``changed("finished")`` (or ``"cancelled"``).  A cancelled run keeps finished epochs.
        """
        from logicsim.training.trainer import Trainer

        if self.running:
            raise LogicsimError("train: a training run is already in progress")
        c = self.config
        epochs = c.epochs if epochs is None else int(epochs)
        seeds = c.seeds if seeds is None else int(seeds)
        seed = c.seed if seed is None else int(seed)
        configs = [self._trainer_config(m, epochs, seeds, seed) for m in c.models]
        for cfg in configs:
            cfg.validate()
        self._cancel.clear()
        self.running, self.cancelled = True, False
        self.history, self._trained = {}, {}
        self.trained_config = {**asdict(c), "epochs": epochs, "seeds": seeds, "seed": seed}
        results: dict[str, Any] = {}
        try:
            for model, cfg in zip(c.models, configs, strict=True):
                if self._cancel.is_set():
                    break
                trainer = Trainer(cfg)
                self._trainer = trainer
                trainer.epoch_end.connect(lambda rec, m=model: self._on_epoch(m, rec, epochs))
                trainer.batch_end.connect(lambda rec, m=model: self._on_batch(m, rec, epochs))
                results[model] = trainer.run()
                self._trained[model] = trainer.model.state_dict()
                if trainer.cancelled:
                    break
        finally:
            self._trainer = None
            self.running = False
            self.cancelled = self._cancel.is_set()
        self.changed.emit("cancelled" if self.cancelled else "finished")
        return results

    def _on_epoch(self, model: str, rec: Any, epochs: int) -> None:
        with self._lock:  # replace arrays, never grow them in place: readers keep a consistent copy
            hist = dict(self.history.get(model, {m: np.zeros((0, 0)) for m in METRICS}))
            for m in METRICS:
                row = np.asarray(getattr(rec, m), dtype=float)[None, :]  # (1, K)
                hist[m] = row if hist[m].size == 0 else np.concatenate([hist[m], row])
            self.history = {**self.history, model: hist}
        index = self.config.models.index(model)
        info = {
            "model": model,
            "epoch": int(rec.epoch),
            "epochs": epochs,
            "fraction": (index + rec.epoch / max(epochs, 1)) / len(self.config.models),
            "train_loss": float(np.nanmean(rec.train_loss)),
            "test_accuracy": float(np.mean(rec.test_accuracy)),
            "eta": float(getattr(rec, "eta", 0.0)),
        }
        self.progress.emit(info)
        self.changed.emit("progress")

    def _on_batch(self, model: str, rec: Any, epochs: int) -> None:
        if not len(self.batch_progress):
            return
        index = self.config.models.index(model)
        within = (rec.epoch - 1 + rec.batch / max(rec.n_batches, 1)) / max(epochs, 1)
        self.batch_progress.emit(
            {
                "model": model,
                "epoch": int(rec.epoch),
                "batch": int(rec.batch),
                "n_batches": int(rec.n_batches),
                "fraction": (index + within) / len(self.config.models),
                "loss": float(np.nanmean(rec.loss)),
            }
        )

    def cancel(self) -> None:
        """Ask a running :meth:`run` to stop after the current batch (safe from any thread)."""
        self._cancel.set()
        trainer = self._trainer
        if trainer is not None:
            trainer.cancel()

    # ---------------------------------------------------------------- results
    @property
    def epochs_done(self) -> int:
        """Epochs completed by the last model trained."""
        if not self.history:
            return 0
        return int(min(h["test_accuracy"].shape[0] for h in self.history.values()))

    def spread(self, model: str, metric: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Mean, min and max over seeds of ``metric`` per epoch, each shape (epochs_done,)."""
        if model not in self.history:
            raise LogicsimError(f"the {model.upper()} has not been trained yet")
        if metric not in METRICS:
            raise LogicsimError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
        a = self.history[model][metric]  # (E, K)
        return a.mean(axis=1), a.min(axis=1), a.max(axis=1)

    def final_accuracy(self, model: str) -> np.ndarray:
        """Final test accuracy of every seed, shape (K,)."""
        if model not in self.history or self.history[model]["test_accuracy"].shape[0] == 0:
            raise LogicsimError(f"the {model.upper()} has not been trained yet (act train)")
        return self.history[model]["test_accuracy"][-1].copy()

    def trained_state(self, model: str, member: int = 0) -> dict[str, np.ndarray]:
        """Weights of seed ``member`` of a trained model, in the recurrent bench's format."""
        if model not in self._trained:
            raise LogicsimError(f"use_trained: the {model.upper()} has not been trained yet")
        state = self._trained[model]
        K = next(iter(state.values())).shape[0]
        if not 0 <= member < K:
            raise LogicsimError(f"use_trained: member must be 0..{K - 1}, got {member}")
        out = {}
        for key, value in state.items():
            name = key[5:] if key.startswith("cell.") else key
            out[name] = np.array(value[member], copy=True)
        return out

    def get_state(self) -> dict[str, Any]:
        """Plain-data state: configuration, history and trained weights."""
        with self._lock:
            history = self.history
        return {
            "config": asdict(self.config),
            "history": {m: {k: v.copy() for k, v in h.items()} for m, h in history.items()},
            "trained": {m: {k: v.copy() for k, v in s.items()} for m, s in self._trained.items()},
            "trained_config": dict(self.trained_config),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict (not while a run is in progress)."""
        if self.running:
            raise LogicsimError("cannot restore the training tab while it trains")
        self.config = TrainingConfig(
            **{**state["config"], "models": list(state["config"]["models"])}
        )
        self.history = {
            m: {k: np.asarray(v, dtype=float).copy() for k, v in h.items()}
            for m, h in state["history"].items()
        }
        self._trained = {
            m: {k: np.asarray(v, dtype=float).copy() for k, v in s.items()}
            for m, s in state["trained"].items()
        }
        self.trained_config = dict(state["trained_config"])
        self.changed.emit("config")
