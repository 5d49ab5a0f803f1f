"""Training loop for the lecture's tasks, with events, cancellation and multi-seed ensembles.

One :class:`Trainer` trains ``K = config.seeds`` models at once (the ensemble axis of
:mod:`logicsim.nn`): member ``k`` starts from seed ``config.seed + k`` and all members see the
same data, so the spread over members is the spread over initialisations.  Per batch:

.. math::

    \\hat y = W_y h[\\cdot] + b_y, \\quad L_k = \\mathrm{loss}(\\hat y_k, y), \\quad
    \\theta_k \\leftarrow \\mathrm{RMSprop}(\\theta_k, \\partial L_k / \\partial \\theta_k)

For tasks that carry state (echo, language modelling) the final ``h`` (and ``c``) of a batch is
the initial state of the next one, copied, so no gradient flows across the border (truncated
BPTT, PyTorch's ``.detach()``).  The state is reset to zero at the start of every epoch.

The trainer is thread-free: a GUI runs :meth:`Trainer.run` in a worker thread and calls
:meth:`Trainer.cancel`, which is checked between batches.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

import numpy as np

from logicsim.events import Event
from logicsim.nn import RMSprop, bce_with_logits, clip_grad_norm, cross_entropy
from logicsim.nn.models import SequenceModel
from logicsim.nn.recurrent_init import apply_recurrent_init
from logicsim.training.config import TrainConfig
from logicsim.training.trainer_events import BatchEnd, EpochEnd, History
from logicsim.training.trainer_tasks import EchoTask, TaskSpec, TemporalOrderTask


def build_task(config: TrainConfig) -> TemporalOrderTask | EchoTask:
    """The task adapter a configuration asks for."""
    dtype = np.dtype(config.dtype).type
    seed = config.seed if config.data_seed is None else config.data_seed
    if config.task == "temporal-order":
        return TemporalOrderTask(
            config.difficulty,
            config.batch_size or 32,
            config.batches_per_epoch,
            config.test_batches,
            seed,
            config.n_symbols,
            dtype,
        )
    return EchoTask(
        config.echo_step,
        config.series_length,
        config.batch_size or 5,
        config.chunk_length,
        seed,
        dtype,
    )


def score(
    spec: TaskSpec, logits: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Loss, its gradient and the number of correct predictions, per member.

    Parameters
    ----------
    logits : ndarray, shape (K, B, C) for read-out "last" or (K, T, B, C) for "steps"
    y : ndarray
        ``(B,)`` class indices, ``(T, B)`` per-step classes, or ``(T, B, 1)`` bits.

    Returns
    -------
    loss : ndarray, shape (K,)
        Mean loss of each member.
    dlogits : ndarray, same shape as ``logits``
    correct : ndarray, shape (K,)
        Fraction of correct predictions of each member.
    """
    K = logits.shape[0]
    bad = ~np.isfinite(logits.reshape(K, -1)).all(axis=1)  # (K,) members that diverged
    if bad.any():  # score them as lost, with no gradient, so the other members keep training
        logits = np.where(np.isfinite(logits), logits, 0.0)
    if spec.loss == "bce":
        loss, dlogits = bce_with_logits(logits, y, ensemble=K)
        correct = ((logits > 0) == (np.asarray(y) > 0.5)).reshape(K, -1).mean(axis=1)  # (K,)
    else:
        C = logits.shape[-1]
        flat = logits.reshape(K, -1, C)  # (K, N, C)
        labels = np.asarray(y).reshape(-1)  # (N,)
        loss, dflat = cross_entropy(flat, labels, ensemble=K)
        correct = (flat.argmax(axis=-1) == labels).mean(axis=1)  # (K,)
        dlogits = dflat.reshape(logits.shape)
    loss = np.array(loss, dtype=float)
    if bad.any():
        loss[bad], correct[bad] = np.nan, 0.0
        dlogits[bad] = 0.0
    return loss, dlogits, correct


class Trainer:
    """Train K models of one configuration side by side.

    Parameters
    ----------
    config : TrainConfig
    task : adapter, optional
        A task adapter from :mod:`logicsim.training.trainer_tasks` (built from ``config`` if
        omitted; pass a :class:`~logicsim.training.trainer_tasks.LanguageModelTask` for language
        modelling).

    Attributes
    ----------
    batch_end, epoch_end, done : Event
        Emitted with a :class:`BatchEnd`, an :class:`EpochEnd`, and the :meth:`summary` dict.
    history : History
    model : SequenceModel
    """

    def __init__(self, config: TrainConfig | None = None, task: Any = None) -> None:
        self.config = config = config or TrainConfig()
        config.validate()
        self.task = task if task is not None else build_task(config)
        spec = self.task.spec
        K = self.ensemble = int(config.seeds)  # models trained side by side
        self.model = SequenceModel(
            config.model,
            spec.input_size,
            config.hidden_size,
            spec.output_size,
            config.nonlinearity,
            seed=[config.seed + k for k in range(K)],
            ensemble=K,
            dtype=config.dtype,
        )
        if config.model == "lstm" and config.forget_bias:
            H = config.hidden_size
            self.model.cell.params["bias_hh_l0"][..., H : 2 * H] += config.forget_bias  # f rows
        seeds = [config.seed + k for k in range(K)]
        apply_recurrent_init(self.model.cell, config.recurrent_init, seeds)
        self.optimizer = RMSprop(self.model.params, lr=config.lr)
        self.history = History()
        self.batch_end, self.epoch_end, self.done = Event(), Event(), Event()
        self._cancel = False
        self.cancelled = False
        self.wall_time = 0.0
        self.diverged: set[int] = set()  # members whose loss became inf or NaN (they stop)

    @property
    def epochs_done(self) -> int:
        """Completed epochs."""
        return len(self.history.epoch)

    def cancel(self) -> None:
        """Ask a running :meth:`run` to stop after the current batch (safe from another thread)."""
        self._cancel = True

    # -- one pass ------------------------------------------------------------------------------
    def _pass(self, batches: Any, train: bool, epoch: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Train or evaluate over ``batches``; mean loss and accuracy per member, None if
        cancelled."""
        spec, model = self.task.spec, self.model
        K = self.ensemble
        loss_sum, acc_sum, n = np.zeros(K), np.zeros(K), 0
        state = None  # zero initial state at the start of every pass
        n_batches = getattr(self.task, "n_batches", 0)
        for x, y in batches:
            if self._cancel:
                return None
            logits, cache = model.forward(x, state, spec.readout)  # (K, [T,] B, C)
            loss, dlogits, acc = score(spec, logits, y)
            if train:
                self._note_diverged(loss)
                grads = self._backward(cache, dlogits)
                if self.config.clip_grad:
                    clip_grad_norm(grads, self.config.clip_grad, ensemble=K)
                self.optimizer.step(grads)
            if spec.carry_state:  # copies: the gradient stops here; a diverged member restarts at 0
                state = tuple(
                    np.nan_to_num(s, nan=0.0, posinf=0.0, neginf=0.0)
                    for s in cache.trace.final_state
                )
            loss_sum += loss
            acc_sum += acc
            n += 1
            if train:
                self.batch_end.emit(BatchEnd(epoch, n, n_batches, loss))
        return loss_sum / max(n, 1), acc_sum / max(n, 1)

    def _note_diverged(self, loss: np.ndarray) -> None:
        """Mark the members whose loss ``(K,)`` is no longer a finite number."""
        for k in np.nonzero(~np.isfinite(np.asarray(loss, dtype=float)))[0]:
            self.diverged.add(int(k))

    def _backward(self, cache: Any, dlogits: np.ndarray) -> dict[str, np.ndarray]:
        """Gradients of every member; a diverged member gets zero gradients (it stops training,
        the others go on).  Its weights hold inf/NaN, so they are replaced by zeros for the
        backward pass only (the cell refuses NaN inputs) and put back afterwards."""
        bad = sorted(self.diverged)
        if not bad:
            return self.model.backward(cache, dlogits)
        params = self.model.params
        kept = {name: p[bad].copy() for name, p in params.items()}
        dlogits = np.array(dlogits)
        dlogits[bad] = 0.0
        with np.errstate(all="ignore"):
            for p in params.values():
                p[bad] = 0.0
            try:
                grads = self.model.backward(cache, np.nan_to_num(dlogits))
            finally:
                for name, p in params.items():
                    p[bad] = kept[name]
        for g in grads.values():
            g[bad] = 0.0
        return grads

    def train_epoch(self) -> EpochEnd | None:
        """Train one epoch and evaluate; returns the record (None if cancelled midway)."""
        t0 = time.perf_counter()
        epoch = self.epochs_done + 1
        train = self._pass(self.task.train_batches(), True, epoch)
        if train is None:
            return None
        test = self._pass(self.task.test_batches(), False, epoch)
        if test is None:
            return None
        seconds = time.perf_counter() - t0
        h = self.history
        h.epoch.append(epoch)
        h.train_loss.append(train[0].tolist())
        h.train_accuracy.append(train[1].tolist())
        h.test_loss.append(test[0].tolist())
        h.test_accuracy.append(test[1].tolist())
        h.seconds.append(seconds)
        self.wall_time += seconds
        return EpochEnd(
            epoch,
            h.train_loss[-1],
            h.train_accuracy[-1],
            h.test_loss[-1],
            h.test_accuracy[-1],
            seconds,
            0.0,
        )

    def run(self, epochs: int | None = None, stop_when_solved: bool = False) -> dict[str, Any]:
        """Train ``epochs`` more epochs (``config.epochs`` by default); returns :meth:`summary`.

        Stops early, keeping every finished epoch, when :meth:`cancel` is called, or (with
        ``stop_when_solved``) once every member has reached ``success_threshold`` at least once.
        Calling ``run`` again continues training where it stopped.
        """
        planned = self.config.epochs if epochs is None else int(epochs)
        self.cancelled = False  # a cancel() that arrives before the first batch still counts
        for n in range(planned):
            record = self.train_epoch()
            if record is None:
                self.cancelled = True
                break
            record.eta = float(np.mean(self.history.seconds[-5:])) * (planned - n - 1)
            self.epoch_end.emit(record)
            if stop_when_solved and all(e is not None for e in self.epochs_to_success()):
                break
        self._cancel = False  # the request is used up; a later run() trains again
        result = self.summary()
        self.done.emit(result)
        return result

    # -- results -------------------------------------------------------------------------------
    def epochs_to_success(self, threshold: float | None = None) -> list[int | None]:
        """First epoch whose test accuracy reaches ``threshold`` (default ``success_threshold``),
        per member (None: never)."""
        level = self.config.success_threshold if threshold is None else threshold
        acc = np.asarray(self.history.test_accuracy)  # (E, K)
        out: list[int | None] = []
        for k in range(self.ensemble):
            hit = np.nonzero(acc[:, k] >= level - 1e-12)[0] if acc.size else None
            out.append(int(self.history.epoch[hit[0]]) if hit is not None and len(hit) else None)
        return out

    def summary(self) -> dict[str, Any]:
        """Final accuracies, success rate, spread and the whole history (JSON-ready)."""
        h, K = self.history, self.ensemble
        final_test = h.test_accuracy[-1] if h.epoch else [float("nan")] * K
        final_train = h.train_accuracy[-1] if h.epoch else [float("nan")] * K
        ft = np.asarray(final_test, dtype=float)
        success = ft >= self.config.success_threshold - 1e-12
        return {
            "config": asdict(self.config),
            "parameters_per_model": self.model.num_parameters(),
            "seeds": [self.config.seed + k for k in range(K)],
            "epochs_done": self.epochs_done,
            "cancelled": self.cancelled,
            "diverged": [self.config.seed + k for k in sorted(self.diverged)],
            "wall_time_s": self.wall_time,
            "final_test_accuracy": [float(v) for v in final_test],
            "final_train_accuracy": [float(v) for v in final_train],
            "final_test_loss": h.test_loss[-1] if h.epoch else [float("nan")] * K,
            "success_rate": float(success.mean()) if h.epoch else 0.0,
            "test_accuracy_mean": float(ft.mean()),
            "test_accuracy_std": float(ft.std()),
            "test_accuracy_min": float(ft.min()),
            "test_accuracy_max": float(ft.max()),
            "epochs_to_success": self.epochs_to_success(),
            "epochs_to_100": self.epochs_to_success(1.0),
            "history": h.to_dict(),
        }

    def record(self, sequence: str | None = None, member: int = 0) -> Any:
        """Hidden (and cell) states of one member over one sequence, with the lecture's colouring.

        ``sequence`` is a task string (``"BbXcXcbE"`` for temporal order, ``"0110..."`` for
        echo); a random test example when None.  See
        :func:`logicsim.training.trainer_record.record_states`.
        """
        from logicsim.training.trainer_record import record_states

        seq = sequence if sequence is not None else self.task.example()
        return record_states(self.model, self.task.encode_one(seq), seq, member)
