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
from dataclasses import replace
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.training.config import TrainConfig, check_setting

METRICS = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
#: Steps per echo chunk (the notebook's 20).
ECHO_CHUNK = 20
#: Settings shared with :class:`~logicsim.training.config.TrainConfig` (same names and rules).
SHARED = ("task", "difficulty", "nonlinearity", "hidden_size", "epochs", "seeds", "seed",
          "echo_step", "lr")  # fmt: skip
#: The bench's settings, one per ``train.*`` control: the shared ones, which models are trained
#: side by side, and ``batches`` (batches of 32 per epoch for temporal order, chunks of
#: ``ECHO_CHUNK`` steps per stream for echo).
SETTINGS = (*SHARED[:2], "models", *SHARED[2:], "batches")
#: TrainConfig field -> the control that sets it (error messages name the control).
LABELS = {
    **{key: f"train.{key}" for key in SHARED},
    "model": "train.models",
    "batches_per_epoch": "train.batches",
    "test_batches": "train.batches",
    "series_length": "train.batches",
}


class TrainingBench:
    """Training configuration, runs and their history (see ``docs/workbench.md``).

    The configuration is a :class:`~logicsim.training.config.TrainConfig` (:attr:`config`) plus
    :attr:`models`; every setting reads as an attribute (``bench.hidden_size``).
    """

    SETTINGS = SETTINGS

    def __init__(self) -> None:
        self.changed = Event()
        self.progress = Event()  # progress(info: dict) after every epoch, on the training thread
        self.batch_progress = Event()  # batch_progress(info: dict) after every training batch
        self.config = TrainConfig()
        self.models: list[str] = ["rnn", "lstm"]  # trained one after the other
        self._set_batches(self.config.batches_per_epoch)
        self.history: dict[str, dict[str, np.ndarray]] = {}
        self.trained_config: dict[str, Any] = {}  # settings of the run that produced the weights
        self._trained: dict[str, dict[str, np.ndarray]] = {}  # model -> ensemble state dict
        self._cancel = threading.Event()
        self._lock = threading.Lock()  # history is written on the training thread, read on others
        self._trainer: Any = None
        self.running = False
        self.cancelled = False
        #: Fraction of the running (or last) run done, 0..1, by batch: a float, safe to read
        #: from another thread.
        self.fraction = 0.0

    def __getattr__(self, name: str) -> Any:  # shared settings read as attributes (wb.get)
        if name in SHARED:
            return getattr(self.__dict__["config"], name)
        raise AttributeError(name)

    @property
    def batches(self) -> int:
        """Batches per epoch (temporal order) or chunks per stream (echo)."""
        return self.config.batches_per_epoch

    def _set_batches(self, n: int) -> None:
        c = self.config
        c.batches_per_epoch = c.test_batches = n
        c.series_length, c.chunk_length = n * ECHO_CHUNK, ECHO_CHUNK

    def settings(self) -> dict[str, Any]:
        """Every setting by name (plain data: the session format)."""
        return {
            key: list(self.models) if key == "models" else getattr(self, key) for key in SETTINGS
        }

    def update(self, **settings: Any) -> None:
        """Change settings (checked by the training rules; takes effect at the next :meth:`run`)."""
        for key in settings:
            if key not in SETTINGS:
                raise LogicsimError(f"training tab has no setting {key!r}")
        checked: dict[str, Any] = {}
        for key, value in settings.items():
            where = f"train.{key}"
            if key == "models":
                value = [check_setting("model", m, where) for m in value]
                if not value:
                    raise LogicsimError(f"{where}: choose at least one model")
            elif key == "batches":
                value = check_setting("batches_per_epoch", value, where)
            else:
                value = check_setting(key, value, where)
            checked[key] = value
        for key, value in checked.items():
            if key == "models":
                self.models = value
            elif key == "batches":
                self._set_batches(value)
            else:
                setattr(self.config, key, value)
        self.changed.emit("config")

    def _trainer_config(self, model: str, epochs: int, seeds: int, seed: int) -> TrainConfig:
        return replace(self.config, model=model, epochs=epochs, seeds=seeds, seed=seed)

    def run(
        self, epochs: int | None = None, seeds: int | None = None, seed: int | None = None
    ) -> dict[str, Any]:
        """Train every model in :attr:`models` from scratch; returns ``{model: summary}``.

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
        models = list(self.models)
        configs = [self._trainer_config(m, epochs, seeds, seed) for m in models]
        for cfg in configs:
            cfg.validate(LABELS)
        self._cancel.clear()
        self.running, self.cancelled, self.fraction = True, False, 0.0
        self.history, self._trained = {}, {}
        self.trained_config = {**self.settings(), "epochs": epochs, "seeds": seeds, "seed": seed}
        results: dict[str, Any] = {}
        try:
            for model, cfg in zip(models, configs, strict=True):
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
        index = self.models.index(model)
        self.fraction = (index + rec.epoch / max(epochs, 1)) / len(self.models)
        info = {
            "model": model,
            "epoch": int(rec.epoch),
            "epochs": epochs,
            "fraction": self.fraction,
            "train_loss": float(np.nanmean(rec.train_loss)),
            "test_accuracy": float(np.mean(rec.test_accuracy)),
            "eta": float(getattr(rec, "eta", 0.0)),
        }
        self.progress.emit(info)
        self.changed.emit("progress")

    def _on_batch(self, model: str, rec: Any, epochs: int) -> None:
        index = self.models.index(model)
        within = (rec.epoch - 1 + rec.batch / max(rec.n_batches, 1)) / max(epochs, 1)
        self.fraction = (index + within) / len(self.models)
        if not len(self.batch_progress):
            return
        self.batch_progress.emit(
            {
                "model": model,
                "epoch": int(rec.epoch),
                "batch": int(rec.batch),
                "n_batches": int(rec.n_batches),
                "fraction": self.fraction,
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
            "config": self.settings(),
            "history": {m: {k: v.copy() for k, v in h.items()} for m, h in history.items()},
            "trained": {m: {k: v.copy() for k, v in s.items()} for m, s in self._trained.items()},
            "trained_config": dict(self.trained_config),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict (not while a run is in progress)."""
        if self.running:
            raise LogicsimError("cannot restore the training tab while it trains")
        config = state["config"]
        unknown = sorted(set(config) - set(SETTINGS))
        if unknown:
            raise LogicsimError(f"training tab has no setting {unknown[0]!r}")
        self.config = TrainConfig()
        self.models = ["rnn", "lstm"]
        self._set_batches(self.config.batches_per_epoch)
        self.update(**config)
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
