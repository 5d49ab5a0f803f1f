r"""Optimizers over a dict of parameter arrays, with PyTorch's exact update rules.

``opt.step(grads)`` updates the arrays of ``params`` **in place**, so anything holding a reference
(a layer, a plot) sees the new values.  All parameters are updated together in one flat vector:
the gradients are concatenated once, the rule runs as a handful of whole-vector NumPy operations,
and the result is subtracted from each parameter through a reshaped view.

With ``g`` the gradient (plus ``weight_decay * p`` when set) and ``t`` the step number:

SGD (momentum ``mu``, dampening ``d``):
    :math:`b_t = \mu b_{t-1} + (1 - d) g` (:math:`b_1 = g`), :math:`p \leftarrow p - \eta b_t`
    (Nesterov: :math:`p \leftarrow p - \eta (g + \mu b_t)`).
RMSprop:
    :math:`v_t = \alpha v_{t-1} + (1-\alpha) g^2`,
    :math:`p \leftarrow p - \eta\, g / (\sqrt{v_t} + \epsilon)`
    (momentum ``mu``: :math:`b_t = \mu b_{t-1} + g/(\sqrt{v_t}+\epsilon)`,
    :math:`p \leftarrow p - \eta b_t`).
Adam:
    :math:`m_t = \beta_1 m_{t-1} + (1-\beta_1) g`, :math:`v_t = \beta_2 v_{t-1} + (1-\beta_2) g^2`,
    :math:`p \leftarrow p - \frac{\eta}{1-\beta_1^t}\, m_t /
    (\sqrt{v_t}/\sqrt{1-\beta_2^t} + \epsilon)`.

The learning rate may be a sequence of K values for an ensemble whose parameters all carry a
leading axis K: member k then trains with ``lr[k]``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from logicsim.nn._common import NNInputError


class Optimizer:
    """Base class: flat state vectors over the parameters, ``state_dict`` and validation."""

    _buffers: tuple[str, ...] = ()

    def __init__(self, params: Mapping[str, np.ndarray], lr: Any, **hyper: float) -> None:
        if not isinstance(params, Mapping) or not params:
            raise NNInputError("params: expected a non-empty dict of name -> ndarray")
        for name, p in params.items():
            if not isinstance(p, np.ndarray) or p.dtype not in (np.float32, np.float64):
                raise NNInputError(f"params[{name!r}]: expected a float32/float64 ndarray")
        self.params = dict(params)
        self.names = list(params)
        dtypes = {p.dtype for p in params.values()}
        self.dtype = np.result_type(*dtypes)
        self.sizes = [params[n].size for n in self.names]
        self.offsets = np.cumsum([0] + self.sizes).tolist()
        n_total = self.offsets[-1]
        for key, value in hyper.items():
            if not math.isfinite(value) or value < 0:
                raise NNInputError(f"{key} must be a finite number >= 0, got {value!r}")
        self.hyper = dict(hyper)
        self.lr_value = lr
        self.lr = self._lr_vector(lr)
        self.step_count = 0
        self.state = {b: np.zeros(n_total, dtype=self.dtype) for b in self._buffers}

    def _lr_vector(self, lr: Any) -> np.ndarray | float:
        arr = np.asarray(lr, dtype=np.float64)
        if not np.isfinite(arr).all() or (arr < 0).any():
            raise NNInputError(f"lr must be finite and >= 0, got {lr!r}")
        if arr.ndim == 0:
            return float(arr)
        if arr.ndim != 1:
            raise NNInputError(
                f"lr: expected a number or a sequence of K numbers, got shape {arr.shape}"
            )
        K = arr.shape[0]
        parts = []
        for name in self.names:
            p = self.params[name]
            if p.ndim < 1 or p.shape[0] != K:
                raise NNInputError(
                    f"lr has {K} values but params[{name!r}] has shape {p.shape} (no leading K)"
                )
            parts.append(np.repeat(arr, p.size // K))
        return np.concatenate(parts).astype(self.dtype)

    def _flat_grad(self, grads: Mapping[str, Any]) -> np.ndarray:
        if set(grads) != set(self.names):
            missing = sorted(set(self.names) - set(grads))
            extra = sorted(set(grads) - set(self.names))
            raise NNInputError(f"grads do not match params: missing {missing}, unexpected {extra}")
        flat = np.empty(self.offsets[-1], dtype=self.dtype)
        for name, lo, hi in zip(self.names, self.offsets[:-1], self.offsets[1:], strict=True):
            g = grads[name]
            if g.shape != self.params[name].shape:
                raise NNInputError(
                    f"grads[{name!r}]: expected shape {self.params[name].shape}, got {g.shape}"
                )
            flat[lo:hi] = g.reshape(-1)
        return flat

    def _flat_params(self) -> np.ndarray:
        return np.concatenate([self.params[n].reshape(-1) for n in self.names]).astype(self.dtype)

    def _apply(self, delta: np.ndarray) -> None:
        """``p -= delta`` for every parameter, in place."""
        for name, lo, hi in zip(self.names, self.offsets[:-1], self.offsets[1:], strict=True):
            p = self.params[name]
            np.subtract(p, delta[lo:hi].reshape(p.shape), out=p, casting="unsafe")

    def step(self, grads: Mapping[str, Any]) -> None:
        """Update every parameter in place from ``grads`` (same names and shapes as params)."""
        g = self._flat_grad(grads)
        wd = self.hyper.get("weight_decay", 0.0)
        if wd:
            g += wd * self._flat_params()
        self.step_count += 1
        self._apply(self._delta(g))

    def _delta(self, g: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def state_dict(self) -> dict[str, Any]:
        """A copy of the optimizer's state: type, hyper-parameters, step count, buffers by name."""
        buffers = {
            b: {n: self.state[b][lo:hi].reshape(self.params[n].shape).copy()
                for n, lo, hi in zip(self.names, self.offsets[:-1], self.offsets[1:], strict=True)}
            for b in self._buffers
        }  # fmt: skip
        lr = (
            self.lr_value if np.ndim(self.lr_value) == 0 else list(np.asarray(self.lr_value, float))
        )
        return {"type": type(self).__name__, "lr": lr, "hyper": dict(self.hyper),
                "step": self.step_count, "buffers": buffers}  # fmt: skip

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restore a state from :meth:`state_dict` (validated; nothing changes on error)."""
        try:
            kind, step, buffers = state["type"], int(state["step"]), state["buffers"]
            hyper, lr = dict(state["hyper"]), state["lr"]
        except (KeyError, TypeError, ValueError) as exc:
            raise NNInputError(f"optimizer state dict is malformed: {exc!r}") from exc
        if kind != type(self).__name__:
            raise NNInputError(f"optimizer state dict is for {kind}, not {type(self).__name__}")
        if set(buffers) != set(self._buffers):
            raise NNInputError(
                f"optimizer state dict: expected buffers {list(self._buffers)}, got {list(buffers)}"
            )
        new = {}
        for b in self._buffers:
            if set(buffers[b]) != set(self.names):
                raise NNInputError(
                    f"optimizer state dict: buffer {b!r} names do not match the params"
                )
            parts = []
            for n in self.names:
                arr = np.asarray(buffers[b][n], dtype=self.dtype)
                if arr.shape != self.params[n].shape or not np.isfinite(arr).all():
                    raise NNInputError(
                        f"optimizer state dict: {b}[{n!r}] has wrong shape or non-finite values"
                    )
                parts.append(arr.reshape(-1))
            new[b] = np.concatenate(parts)
        lr_vec = self._lr_vector(lr)
        self.state, self.step_count, self.hyper = new, step, hyper
        self.lr, self.lr_value = lr_vec, lr


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, as ``torch.optim.SGD``."""

    _buffers = ("momentum_buffer",)

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: Any = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
    ) -> None:
        super().__init__(
            params, lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay
        )
        self.nesterov = bool(nesterov)

    def _delta(self, g: np.ndarray) -> np.ndarray:
        mu = self.hyper["momentum"]
        if mu:
            buf = self.state["momentum_buffer"]
            if self.step_count == 1:
                buf[:] = g
            else:
                buf *= mu
                buf += (1.0 - self.hyper["dampening"]) * g
            g = g + mu * buf if self.nesterov else buf
        return self.lr * g


class RMSprop(Optimizer):
    """RMSprop as ``torch.optim.RMSprop`` (eps added after the square root).

    Default ``lr=1e-3`` is the lecture's (PyTorch's own default is 1e-2).
    """

    _buffers = ("square_avg", "momentum_buffer")

    def __init__(
        self,
        params: Mapping[str, np.ndarray],
        lr: Any = 1e-3,
        alpha: float = 0.99,
        eps: float = 1e-8,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(
            params, lr, alpha=alpha, eps=eps, momentum=momentum, weight_decay=weight_decay
        )

    def _delta(self, g: np.ndarray) -> np.ndarray:
        h = self.hyper
        v = self.state["square_avg"]
        v *= h["alpha"]
        v += (1.0 - h["alpha"]) * (g * g)  # v_t = alpha v + (1 - alpha) g^2
        denom = np.sqrt(v)
        denom += h["eps"]  # sqrt(v_t) + eps
        if h["momentum"]:
            buf = self.state["momentum_buffer"]
            buf *= h["momentum"]
            buf += g / denom
            return self.lr * buf
        g /= denom
        g *= self.lr
        return g


class Adam(Optimizer):
    """Adam as ``torch.optim.Adam`` (bias-corrected first and second moments)."""

    _buffers = ("exp_avg", "exp_avg_sq")

    def __init__(self, params: Mapping[str, np.ndarray], lr: Any = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:  # fmt: skip
        beta1, beta2 = betas
        if not (0.0 <= beta1 < 1.0 and 0.0 <= beta2 < 1.0):
            raise NNInputError(f"betas must lie in [0, 1), got {betas!r}")
        super().__init__(params, lr, beta1=beta1, beta2=beta2, eps=eps, weight_decay=weight_decay)

    def _delta(self, g: np.ndarray) -> np.ndarray:
        h, t = self.hyper, self.step_count
        m, v = self.state["exp_avg"], self.state["exp_avg_sq"]
        m += (1.0 - h["beta1"]) * (g - m)  # m_t = beta1 m + (1 - beta1) g  (lerp, as torch)
        v *= h["beta2"]
        v += (1.0 - h["beta2"]) * (g * g)  # v_t = beta2 v + (1 - beta2) g^2
        bc1 = 1.0 - h["beta1"] ** t
        bc2_sqrt = math.sqrt(1.0 - h["beta2"] ** t)
        denom = np.sqrt(v)
        denom /= bc2_sqrt
        denom += h["eps"]
        return (self.lr / bc1) * m / denom
