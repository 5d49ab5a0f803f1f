"""The demo bench: the lecture's four recurrent architectures, each a toy task trained in seconds.

The demos are :data:`logicsim.training.architectures.DEMOS` (``spell-digits`` vector -> sequence,
``expression-value`` sequence -> vector, ``reverse`` sequence -> vector -> sequence,
``autocomplete`` sequence -> sequence).  ``train()`` builds the chosen demo with its seed, trains
it for a fixed budget (deterministic: no wall-clock limit) and records its accuracy, its loss
curve and its answer to a prompt.

The results are plain data (they go into snapshots); the trained model object is kept in a small
cache keyed by (demo, seed, budget) so a prompt typed later can be answered.  Training blocks:
the app runs :meth:`DemoBench.train` on a worker thread, like ``TrainingBench.run``, and
:meth:`DemoBench.cancel` (safe from any thread) stops it after the current step; a cancelled run
keeps no results.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.vocab import DEMOS

#: Demo names in the lecture's order.
DEMO_NAMES = DEMOS
#: Default training budget per demo: Adam steps (autocomplete: epochs of the shared trainer).
BUDGETS = {"spell-digits": 150, "expression-value": 300, "reverse": 150, "autocomplete": 10}
#: Prompt used when none is typed, and the answer it should give ("" = no single right answer).
SAMPLES = {
    "spell-digits": ("7", "seven"),
    "expression-value": ("7-3+5", "9"),
    "reverse": ("abcd", "dcba"),
    "autocomplete": ("a latch ", ""),
}
_MODEL_CACHE_SIZE = 8


class DemoBench:
    """Architecture demo panel state (see ``docs/workbench.md``)."""

    SETTINGS = ("demo", "steps", "seed", "prompt")

    def __init__(self) -> None:
        self.changed = Event()
        self.demo = "spell-digits"  # which of DEMO_NAMES
        self.steps: int | None = None  # training budget; None = BUDGETS[demo]
        self.seed = 0  # seed of the demo's weights (and data)
        self.prompt = ""  # input to answer; "" = SAMPLES[demo][0]
        self.results: dict[str, dict[str, Any]] = {}  # demo -> last training's results
        self._models: dict[tuple[str, int, int], Any] = {}  # trained models (not in snapshots)
        self._cancel = threading.Event()
        self.cancelled = False  # whether the last train() was cancelled
        #: (steps done, steps planned) of the running or last train(); autocomplete counts
        #: batches.  Plain ints, safe to read from another thread while it trains.
        self.progress = (0, 0)

    def update(self, **settings: Any) -> None:
        """Change the demo, budget, seed or prompt (results of other demos are kept)."""
        for key in settings:
            if key not in self.SETTINGS:
                raise LogicsimError(f"demo bench has no setting {key!r}")
        if "demo" in settings and settings["demo"] not in DEMO_NAMES:
            raise LogicsimError(f"unknown demo {settings['demo']!r}")
        for key, value in settings.items():
            setattr(self, key, value)
        self.changed.emit("config")

    @property
    def budget(self) -> int:
        """Training budget of the current demo (steps, or epochs for autocomplete)."""
        return BUDGETS[self.demo] if self.steps is None else int(self.steps)

    @property
    def info(self) -> dict[str, str]:
        """``{"architecture": ..., "shows": ...}`` of the current demo."""
        from logicsim.training.architectures import DEMOS

        cls = DEMOS[self.demo]
        return {"architecture": str(cls.architecture), "shows": str(cls.shows)}

    def cancel(self) -> None:
        """Ask a running :meth:`train` to stop after its current step (safe from any thread)."""
        self._cancel.set()

    def train(self) -> dict[str, Any] | None:
        """Build and train the current demo from scratch; returns (and stores) its results.

        Returns None, stores nothing and emits ``changed("cancelled")`` when :meth:`cancel` was
        called during the run (:attr:`cancelled` is then True).
        """
        from logicsim.training.architectures import DEMOS, AutoComplete

        self._cancel.clear()
        self.cancelled = False
        budget = self.budget
        model = DEMOS[self.demo](seed=self.seed)
        if isinstance(model, AutoComplete):
            planned = budget * int(getattr(model.task, "n_batches", 0))
        else:
            planned = budget
        self.progress = (0, planned)

        def stop() -> bool:  # asked once per step (autocomplete: per batch)
            self.progress = (self.progress[0] + 1, planned)
            return self._cancel.is_set()

        if isinstance(model, AutoComplete):
            losses = model.train(epochs=budget, should_stop=stop)
        else:
            losses = model.train(steps=budget, should_stop=stop)
        if self._cancel.is_set():
            self.cancelled = True
            self.changed.emit("cancelled")
            return None
        key = (self.demo, self.seed, budget)
        self._models[key] = model
        while len(self._models) > _MODEL_CACHE_SIZE:
            self._models.pop(next(iter(self._models)))
        prompt, expected = SAMPLES[self.demo]
        self.results[self.demo] = {
            "seed": self.seed,
            "budget": budget,
            "accuracy": float(model.accuracy()),
            "losses": [float(v) for v in losses],
            "prompt": prompt,
            "output": _answer(self.demo, model, prompt),
            "expected": expected,
        }
        self.changed.emit("trained")
        return self.results[self.demo]

    def result(self, demo: str | None = None) -> dict[str, Any]:
        """The last results of ``demo`` (default: the current one); raises if not trained."""
        demo = demo or self.demo
        if demo not in self.results:
            raise LogicsimError(f"the {demo} demo has not been trained yet (act train_demo)")
        return self.results[demo]

    def answer(self) -> str:
        """The trained current demo's answer to :attr:`prompt` (or to its sample prompt)."""
        res = self.result()
        if not self.prompt:
            return str(res["output"])
        model = self._models.get((self.demo, res["seed"], res["budget"]))
        if model is None:
            raise LogicsimError(f"train the {self.demo} demo again to answer a new prompt")
        return _answer(self.demo, model, self.prompt)

    # ---------------------------------------------------------------- state
    def get_state(self) -> dict[str, Any]:
        """Plain-data settings and results (trained models are not part of a snapshot)."""
        return {
            **{k: getattr(self, k) for k in self.SETTINGS},
            "results": {d: {**r, "losses": list(r["losses"])} for d, r in self.results.items()},
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`get_state` dict."""
        if state["demo"] not in DEMO_NAMES:
            raise LogicsimError(f"unknown demo {state['demo']!r}")
        for k in self.SETTINGS:
            setattr(self, k, state[k])
        self.results = {d: {**r, "losses": list(r["losses"])} for d, r in state["results"].items()}
        self.changed.emit("trained")


def _answer(demo: str, model: Any, prompt: str) -> str:
    """Run one prompt through a trained demo; bad prompts raise :class:`LogicsimError`."""
    try:
        if demo == "spell-digits":
            if prompt not in tuple("0123456789"):
                raise LogicsimError(f"spell-digits needs one digit 0..9, not {prompt!r}")
            return str(model.spell(int(prompt)))
        if demo == "expression-value":
            return str(int(np.rint(model.predict([prompt])[0])))
        if demo == "reverse":
            return str(model.translate([prompt])[0])
        return str(model.complete(prompt))
    except (ValueError, IndexError, KeyError) as exc:
        if isinstance(exc, LogicsimError):
            raise
        raise LogicsimError(f"{demo} cannot read the prompt {prompt!r}") from None
