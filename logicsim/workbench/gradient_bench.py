r"""The gradient bench: eigenvalue sliders -> W_hh -> ||dh[T]/dh[t]|| through time, live.

The sliders choose some eigenvalues of :math:`W_{hh}` (two real ones, or one complex pair
:math:`r e^{\pm i\theta}`); the other :math:`n-2` sit on a circle of radius ``radius_rest``
(conjugate pairs at angles :math:`\pi (k+1)/(p+1)`, plus one real value when their count is
odd).  Every change recomputes, with NumPy only,

.. math::

    \text{curve}[t] = \log_{10} \Big\| \prod_{k=t+1}^{T} \mathrm{diag}(g'(a[k]))\, W_{hh} \Big\|_2,
    \qquad t = 0..T,

via :func:`logicsim.dynamics.norm_curve`, the LSTM's :math:`c \to c` curve alongside, and the
readouts :math:`\rho`, :math:`\lambda_1`, :math:`\gamma`, :math:`\gamma\lambda_1` and the regime
(Pascanu, Mikolov & Bengio 2013).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.dynamics import SpectralReport

#: Slider settings whose results are kept, so Back in a lesson or a slider returning to an
#: earlier value costs nothing.
CACHE_SIZE = 16


def slider_eigenvalues(
    n: int, mode: str, eig1: float, eig2: float, mag: float, angle_deg: float, radius_rest: float
) -> list[complex]:
    """The n eigenvalues the sliders describe, one entry per place (conjugates listed).

    Returns
    -------
    list of complex, length n
        Conjugate pairs as consecutive ``z, conj(z)``.
    """
    if mode == "real":
        chosen = [complex(eig1), complex(eig2)][:n]
    elif n == 1:  # no room for a pair: the real eigenvalue r or -r nearest the chosen angle
        chosen = [complex(mag if angle_deg <= 90.0 else -mag)]
    elif angle_deg in (0.0, 180.0):
        chosen = [complex(mag if angle_deg == 0.0 else -mag)] * 2
    else:
        z = mag * complex(math.cos(math.radians(angle_deg)), math.sin(math.radians(angle_deg)))
        chosen = [z, z.conjugate()]
    rest = n - len(chosen)
    out = list(chosen)
    if radius_rest == 0.0:
        out += [0j] * rest
    else:
        pairs = rest // 2
        for k in range(pairs):
            phi = math.pi * (k + 1) / (pairs + 1)
            z = radius_rest * complex(math.cos(phi), math.sin(phi))
            out += [z, z.conjugate()]
        if rest % 2:
            out.append(complex(radius_rest))
    return out


def _derivative(a: np.ndarray, nonlinearity: str) -> np.ndarray:
    """g'(a) of the forward run, shape (T, n); read-only."""
    from logicsim.dynamics.jacobians import activation_derivative

    d = np.array(activation_derivative(a, nonlinearity))  # (T, n)
    d.flags.writeable = False
    return d


def _representatives(values: list[complex]) -> list[complex]:
    """One entry per real eigenvalue or conjugate pair, as ``recurrent_matrix`` expects."""
    reps: list[complex] = []
    k = 0
    while k < len(values):
        v = values[k]
        reps.append(v)
        k += 2 if v.imag != 0.0 else 1
    return reps


@dataclass
class _Results:
    """Everything one slider setting determines (kept in the bench's small cache)."""

    eigenvalues: np.ndarray  # (n,) complex, read-only
    W: np.ndarray  # (n, n), read-only
    report: SpectralReport
    curve: np.ndarray  # (steps+1,), read-only
    d: np.ndarray | None  # (steps, n) g'(a[1..T]), None for the linear cell
    cc_curve: np.ndarray | None = None  # (steps+1,), filled on first read
    gvec: np.ndarray | None = None  # (steps+1, n) backpropagated unit error, filled on first read


@lru_cache(maxsize=CACHE_SIZE)
def _results(settings: tuple[tuple[str, Any], ...]) -> _Results:
    """Everything one setting of every slider determines (cached; arrays read-only)."""
    from logicsim import dynamics

    s = dict(settings)
    n = s["hidden_size"]
    eigenvalues = np.array(
        slider_eigenvalues(
            n, s["eig_mode"], s["eig1"], s["eig2"], s["eig_mag"], s["eig_angle_deg"],
            s["radius_rest"],
        )
    )  # (n,) complex  # fmt: skip
    reps = _representatives(list(eigenvalues))
    shear = 0.0 if s["normal"] else s["non_normality"]
    dyn = dynamics.gradient_dynamics(
        reps, hidden_size=n, steps=s["steps"], cell="rnn", nonlinearity=s["nonlinearity"],
        normal=s["normal"], non_normality=shear, seed=s["seed"],
    )  # fmt: skip
    entry = _Results(
        eigenvalues=eigenvalues,
        W=np.array(dyn.W),
        report=dyn.report,
        curve=np.array(dyn.curve),
        d=None if dyn.trace is None else _derivative(dyn.trace.a[:, 0, :], s["nonlinearity"]),
    )
    for arr in (entry.eigenvalues, entry.W, entry.curve):
        arr.flags.writeable = False  # shared with the cache: read-only for views
    return entry


class GradientBench:
    """Eigenvalue sliders and the live gradient-norm curve (see ``docs/workbench.md``)."""

    SETTINGS = (
        "eig_mode", "eig1", "eig2", "eig_mag", "eig_angle_deg", "radius_rest", "normal",
        "non_normality", "nonlinearity", "hidden_size", "steps", "seed", "forget_bias",
    )  # fmt: skip

    def __init__(self) -> None:
        self.changed = Event()
        self.eig_mode = "real"  # "real": eig1, eig2; "complex": eig_mag, eig_angle_deg
        self.eig1 = 0.9  # first real eigenvalue
        self.eig2 = 0.5  # second real eigenvalue
        self.eig_mag = 0.9  # modulus r of the complex pair
        self.eig_angle_deg = 30.0  # angle theta of the complex pair, degrees
        self.radius_rest = 0.5  # modulus of the other n - 2 eigenvalues
        self.normal = True  # normal W_hh (or non-normal with the same eigenvalues)
        self.non_normality = 0.0  # shear used when normal is False
        self.nonlinearity = "tanh"  # g: tanh | relu | linear
        self.hidden_size = 8  # n
        self.steps = 50  # T
        self.seed = 0  # eigenvectors and input sequence
        self.forget_bias = 1.0  # forget-gate bias of the LSTM drawn beside (its c -> c curve)
        self.clip_threshold = 1.0  # theta of gradient-norm clipping (not part of the curve)
        self._compute()

    @property
    def max_steps(self) -> int:
        """The most steps ``T`` computable at the current hidden size: the ``steps`` control's
        range cut by the core's work budget (:func:`logicsim.dynamics.max_steps`); the app's
        step box offers no more than this."""
        from logicsim.dynamics import max_steps
        from logicsim.workbench.registry import CONTROLS

        high = CONTROLS["steps"].high
        return int(min(high if high is not None else 10**9, max_steps(self.hidden_size, "rnn")))

    def update(self, **settings: Any) -> None:
        """Change one or more sliders: one recompute, one ``changed("curve")``."""
        for key in settings:
            if key not in self.SETTINGS and key != "clip_threshold":
                raise LogicsimError(f"gradient bench has no setting {key!r}")
        if set(settings) == {"clip_threshold"}:  # the curve does not depend on theta
            self.clip_threshold = settings["clip_threshold"]
            self.changed.emit("clip")
            return
        old = {k: getattr(self, k) for k in settings}
        for key, value in settings.items():
            setattr(self, key, value)
        try:
            self._compute()
        except LogicsimError:
            for key, value in old.items():  # keep the bench consistent
                setattr(self, key, value)
            self._compute()
            raise
        self.changed.emit("curve")

    def _compute(self) -> None:
        """Fetch (from the shared cache) or compute everything the sliders determine."""
        entry = _results(tuple((k, getattr(self, k)) for k in self.SETTINGS))
        self._entry = entry
        self.eigenvalues, self.W = entry.eigenvalues, entry.W
        self.report, self.curve = entry.report, entry.curve

    @property
    def cc_curve(self) -> np.ndarray:
        """log10 ‖dc[T]/dc[t]‖ of the LSTM's c -> c path on the same W_hh, shape (steps+1,).

        Computed on first read after a change (an LSTM forward pass), then cached with the curve.
        """
        entry = self._entry
        if entry.cc_curve is None:
            from logicsim import dynamics

            cc = self._cc_curve(dynamics)
            cc.flags.writeable = False
            entry.cc_curve = cc
        return entry.cc_curve

    def _cc_curve(self, dynamics: Any) -> np.ndarray:
        """log10 ||dc[T]/dc[t]|| = log10 ||prod diag(f[k])|| of an LSTM on the same W_hh.

        Only the LSTM's forward pass is needed (its forget gates), run with the dynamics
        module's own weight recipe; the full (h, c) Jacobian product is not computed here.
        """
        return np.asarray(
            dynamics.lstm_cc_path(
                self.W, steps=self.steps, seed=self.seed, forget_bias=self.forget_bias
            )
        )

    @property
    def grad_vectors(self) -> np.ndarray:
        r"""The gradient a unit error at step T sends back to every step, shape (steps+1, n).

        .. math::  g[T] = v, \qquad g[t-1] = W_{hh}^\top \big(g'(a[t]) \odot g[t]\big)

        i.e. :math:`g[t] = dL/dh[t]` for :math:`L = v^\top h[T]`, ``v`` a seeded unit vector
        (seed ``seed + 2``, as ``logicsim.dynamics`` measures its BPTT curve).  Row t is g[t].
        Computed on first read after a change, then cached with the curve.
        """
        entry = self._entry
        if entry.gvec is None:
            n, T = self.hidden_size, self.steps
            v = np.random.default_rng(self.seed + 2).standard_normal(n)  # (n,)
            g = np.empty((T + 1, n))  # (T+1, n)
            g[T] = v / np.linalg.norm(v)
            WT = np.asarray(self.W).T  # (n, n)
            d = entry.d  # (T, n) g'(a[1..T]) or None (linear)
            with np.errstate(all="ignore"):
                for t in range(T, 0, -1):
                    back = g[t] if d is None else d[t - 1] * g[t]  # (n,)
                    g[t - 1] = WT @ back  # (n,)
            g.flags.writeable = False
            entry.gvec = g
        return entry.gvec

    def clipped(self, t: int) -> tuple[float, float, float]:
        r"""Clip g[t] with :func:`logicsim.nn.clip_grad_norm` at :attr:`clip_threshold`.

        .. math::  g \leftarrow g \cdot \min\big(1, \theta / (\|g\| + 10^{-6})\big)

        Returns
        -------
        (raw_norm, clipped_norm, cosine) : tuple of float
            ‖g[t]‖, ‖clip(g[t])‖ and the cosine between the two (1: direction kept).
        """
        from logicsim.nn import clip_grad_norm

        raw = np.array(self.grad_vectors[t])  # (n,) a copy: clipping works in place
        grads = {"dh": raw.copy()}
        with np.errstate(all="ignore"):
            raw_norm = float(clip_grad_norm(grads, self.clip_threshold))
            new = grads["dh"]  # (n,)
            new_norm = float(np.linalg.norm(new))
            cosine = float(np.dot(raw, new) / (raw_norm * new_norm))
        return raw_norm, new_norm, cosine

    # ---------------------------------------------------------- what the curve is compared with
    @property
    def linear_prediction(self) -> np.ndarray:
        r"""The linear case's prediction :math:`\log_{10} \rho^{T-t} = (T-t)\log_{10}\rho`,
        shape (steps+1,).

        Without a nonlinearity the product is :math:`W^{T-t}`, whose norm grows or shrinks like
        :math:`\rho^{T-t}` for long horizons; where the measured curve leaves this line, the
        nonlinearity (or a non-normal W over short horizons) is at work.
        """
        with np.errstate(divide="ignore"):
            return (self.steps - np.arange(self.steps + 1)) * np.log10(self.rho)

    @property
    def bound_curve(self) -> np.ndarray:
        r"""Pascanu's bound :math:`\log_{10} (\gamma\lambda_1)^{T-t}`, shape (steps+1,).

        Every one-step Jacobian has norm at most :math:`\gamma\lambda_1`, so the measured curve
        never lies above this line.
        """
        with np.errstate(divide="ignore"):
            return (self.steps - np.arange(self.steps + 1)) * np.log10(self.gamma_lambda1)

    #: Below this value of g'(a) a unit counts as saturated.
    SATURATED_BELOW = 0.1

    @property
    def mean_gprime(self) -> float:
        """Mean of g'(a[k]) over every unit and step of the run (1.0 for the linear cell)."""
        d = self._entry.d
        return 1.0 if d is None else float(np.mean(d))

    @property
    def saturated_fraction(self) -> float:
        """Fraction of the (step, unit) values with g'(a) < ``SATURATED_BELOW`` (0 if linear)."""
        d = self._entry.d
        return 0.0 if d is None else float(np.mean(d < self.SATURATED_BELOW))

    @property
    def saturation_note(self) -> str:
        """A sentence for the panel and lessons when saturation explains the curve ('' otherwise).

        Shown when the product shrinks over the run (curve[0] < 0) although gamma * lambda1 > 1
        allows growth, or when most of the run's g' values are below ``SATURATED_BELOW``.
        """
        if self._entry.d is None:
            return ""
        frac, mean = self.saturated_fraction, self.mean_gprime
        saturated = frac >= 0.5 or mean < 0.5
        shrinks_anyway = self.gamma_lambda1 > 1.0 and bool(self.curve[0] < 0.0)
        if not (shrinks_anyway or saturated):
            return ""
        facts = (
            f"mean g' {mean:.2g} along the run; {100 * frac:.0f} % of the values below "
            f"{self.SATURATED_BELOW:g}"
        )
        if saturated:
            note = f"The units are saturated ({facts}): g' ≈ 0 at many steps"
        else:
            note = f"The derivative g' shrinks the gradient at every step ({facts})"
        if shrinks_anyway:
            return note + f", so the product vanishes although λ₁ = {self.lambda1:.3g} > 1/γ."
        return note + "."

    # ---------------------------------------------------------------- readouts
    @property
    def rho(self) -> float:
        """Spectral radius max |eigenvalue| of W_hh."""
        return float(self.report.rho)

    @property
    def lambda1(self) -> float:
        """Largest singular value of W_hh."""
        return float(self.report.lambda_1)

    @property
    def gamma(self) -> float:
        """Bound on |g'|."""
        return float(self.report.gamma)

    @property
    def gamma_lambda1(self) -> float:
        """gamma * lambda1, compared with 1."""
        return self.gamma * self.lambda1

    @property
    def regime(self) -> str:
        """Pascanu verdict: "vanishing guaranteed", "exploding possible" or "borderline"."""
        return str(self.report.regime)

    @property
    def singular_values(self) -> np.ndarray:
        """Singular values of W_hh, largest first, shape (n,)."""
        return np.asarray(self.report.singular_values)

    def get_state(self) -> dict[str, Any]:
        """Plain-data slider values."""
        return {
            **{k: getattr(self, k) for k in self.SETTINGS},
            "clip_threshold": self.clip_threshold,
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore slider values (one recompute, one event)."""
        for k in self.SETTINGS:
            setattr(self, k, state[k])
        self.clip_threshold = float(state.get("clip_threshold", 1.0))
        self._compute()
        self.changed.emit("curve")
