"""The headless lesson player: a small state machine over a workbench.

A step runs in the order *set* (controls), *act* (actions), *focus* (announced through
:attr:`LessonPlayer.focus_requested`), then the narration is on screen, then *wait*, then
*check*.  States::

    start --forward--> step 1 --forward--> ... step n (end)
                <--back--            <--back--

Before entering a step the player takes ``workbench.snapshot()``; :meth:`LessonPlayer.back`
restores it, so going back gives exactly the earlier state (weights, time step, circuit values,
training history).

Waiting.  A step may wait for the learner: ``wait = "next"`` (just press Next) or
``wait = {do = "toggle", net = "S"}`` (do something).  Headless play (``interactive=False``, the
default) treats every wait as satisfied: for an action wait it performs the action itself, then
runs the step's checks.  In the app (``interactive=True``) the player stops on an action wait;
the dock calls :meth:`learner_acted` when the learner did it, or Next performs it for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.lesson.check_eval import evaluate
from logicsim.lesson.check_names import index_for
from logicsim.lesson.errors import LessonError
from logicsim.lesson.exports import ExportFolder
from logicsim.lesson.model import Action, Check, Lesson, Step
from logicsim.lesson.registry import Registry, default_registry

__all__ = ["LessonPlayer", "CheckResult", "StepResult", "LessonReport"]

_DEFAULT_SNAPSHOTS: dict[type, dict] = {}


def _short(value: Any) -> str:
    text = repr(value.tolist() if hasattr(value, "tolist") else value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass
class CheckResult:
    """One check's outcome at one step."""

    step: int  # 0-based step index
    text: str  # the check as written
    passed: bool  # it came out true
    observed: dict[str, Any] = field(default_factory=dict)  # values it read
    error: str | None = None  # why it could not be evaluated
    line: int | None = None  # where it is written

    def describe(self) -> str:
        """One line, e.g. ``step 3 (line 41): net.Q == 1 -> FAILED (net.Q = 0)``."""
        where = f"step {self.step + 1}" + (f" (line {self.line})" if self.line else "")
        seen = ", ".join(f"{k} = {_short(v)}" for k, v in self.observed.items())
        verdict = "ok" if self.passed else "FAILED"
        extra = self.error or seen
        return f"{where}: {self.text} -> {verdict}" + (f" ({extra})" if extra else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step + 1,
            "check": self.text,
            "passed": self.passed,
            "observed": {k: _plain(v) for k, v in self.observed.items()},
            "error": self.error,
            "line": self.line,
        }


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return repr(value)


@dataclass
class StepResult:
    """What happened at one step."""

    index: int  # 0-based step index
    checks: list[CheckResult] = field(default_factory=list)  # empty until the step is checked
    focus: tuple[str, ...] = ()  # targets highlighted
    performed_wait: bool = False  # the player did the awaited action for the learner
    checked: bool = False  # checks have run

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass
class LessonReport:
    """Every check of a played lesson, in order."""

    lesson: str  # library name
    title: str  # English title
    steps: list[StepResult]  # one per step played

    @property
    def checks(self) -> list[CheckResult]:
        return [c for s in self.steps for c in s.checks]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def first_failure(self) -> CheckResult | None:
        return next((c for c in self.checks if not c.passed), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lesson": self.lesson,
            "title": self.title,
            "passed": self.passed,
            "steps": len(self.steps),
            "checks": [c.to_dict() for c in self.checks],
        }


class LessonPlayer:
    """Play a :class:`~logicsim.lesson.model.Lesson` on a workbench.

    Parameters
    ----------
    lesson : Lesson
        A validated lesson (see :func:`logicsim.lesson.load_lesson`).
    workbench : Workbench, optional
        The model to drive; a fresh ``logicsim.workbench.Workbench()`` when None.
    interactive : bool
        False (headless): waits are satisfied at once.  True (the app): an action wait stops
        the player until :meth:`learner_acted` or the next :meth:`forward`.
    fresh : bool
        Start from the workbench's default state (so a lesson plays the same in the app and
        headless) before applying the lesson's ``needs``.
    output_dir : str or Path, optional
        Folder for the files a lesson exports (``export_formula``); None = a temporary folder
        made on the first export.  A lesson names only a plain file inside it, and the player
        never replaces a file it did not write itself (see :mod:`logicsim.lesson.exports`).
    """

    def __init__(
        self,
        lesson: Lesson,
        workbench: Any = None,
        *,
        interactive: bool = False,
        fresh: bool = True,
        registry: Registry | None = None,
        output_dir: Any = None,
    ):
        if workbench is None:
            from logicsim.workbench import Workbench

            workbench = Workbench()
        self.lesson = lesson
        self.workbench = workbench
        self.interactive = interactive
        self.registry = registry or default_registry()
        self.changed = Event()  # emitted with no arguments after every move of the player
        self.focus_requested = Event()  # emitted with a FOCUS_TARGETS name
        self.position = 0  # steps entered so far; the step on screen is position - 1
        self.waiting = False  # the step on screen waits for the learner's action
        self.results: list[StepResult] = []  # one per entered step
        self._snapshots: list[dict] = []  # _snapshots[k] = workbench state before step k
        self.exports = ExportFolder(output_dir)  # where export_formula writes
        if fresh:
            self._reset_to_defaults()
        for name, value in lesson.needs:
            self._set(name, value, None)
        self._start = workbench.snapshot()

    # -- state ------------------------------------------------------------------------------------
    @property
    def n_steps(self) -> int:
        return len(self.lesson.steps)

    @property
    def current(self) -> Step | None:
        """The step on screen (None before the first step)."""
        return self.lesson.steps[self.position - 1] if self.position else None

    @property
    def at_end(self) -> bool:
        return self.position == self.n_steps and not self.waiting

    # -- moves ------------------------------------------------------------------------------------
    def forward(self) -> StepResult | None:
        """Finish the step on screen (doing an awaited action) and enter the next one.

        Returns the result of the step entered, or None at the end.
        """
        if self.waiting:
            self._finish(perform=True)
            if self.position == self.n_steps:
                self.changed.emit()
                return None
        if self.position >= self.n_steps:
            return None
        step = self.lesson.steps[self.position]
        self._snapshots.append(self.workbench.snapshot())
        result = StepResult(step.index, focus=step.focus)
        self.results.append(result)
        self.position += 1
        try:
            for name, value in step.sets:
                self._set(name, value, step)
            for action in step.acts:
                self._act(action, step)
        except Exception:  # undo the half-done step, whatever went wrong, then report it
            self.workbench.restore(self._snapshots.pop())
            self.results.pop()
            self.position -= 1
            raise
        for target in step.focus:
            self.focus_requested.emit(target)
        if step.wait is not None and step.wait.action is not None and self.interactive:
            self.waiting = True
        else:
            self._finish(perform=step.wait is not None and step.wait.action is not None)
        self.changed.emit()
        return result

    def learner_acted(self) -> None:
        """The learner did what the step waits for: run its checks without acting for them."""
        if self.waiting:
            self._finish(perform=False)
            self.changed.emit()

    def back(self) -> None:
        """Undo the step on screen: restore the exact state from before it."""
        if self.position == 0:
            return
        self.workbench.restore(self._snapshots.pop())
        self.results.pop()
        self.position -= 1
        self.waiting = False
        self.changed.emit()

    def restart(self) -> None:
        """Back to the start of the lesson (the state after its ``needs``)."""
        self.workbench.restore(self._start)
        self._snapshots.clear()
        self.results.clear()
        self.position = 0
        self.waiting = False
        self.changed.emit()

    def run_to_end(self, stop_at_failure: bool = False) -> LessonReport:
        """Play every remaining step (waits satisfied); return the report of all checks."""
        while not self.at_end:
            result = self.forward()
            if self.waiting:
                self._finish(perform=True)
            if stop_at_failure and result is not None and not result.passed:
                break
        return self.report()

    def report(self) -> LessonReport:
        return LessonReport(self.lesson.name, self.lesson.heading("en"), list(self.results))

    def check(self, check: Check, step_index: int = -1) -> CheckResult:
        """Evaluate one check on the workbench as it is now."""
        outcome = evaluate(check.node, self._lookup)
        return CheckResult(
            step_index, check.text, outcome.passed, outcome.observed, outcome.error, check.line
        )

    # -- internals --------------------------------------------------------------------------------
    def _finish(self, perform: bool) -> None:
        step = self.lesson.steps[self.position - 1]
        result = self.results[-1]
        if perform and step.wait is not None and step.wait.action is not None:
            self._act(step.wait.action, step)
            result.performed_wait = True
        result.checks = [self.check(c, step.index) for c in step.checks]
        result.checked = True
        self.waiting = False

    def _lookup(self, name: str, index: tuple) -> Any:
        axes = self.registry.observable(name) or ()
        return self.workbench.observe(name, index_for(index, axes))

    def _where(self, step: Step | None) -> tuple[str, int | None]:
        if step is None:
            return "needs", None
        return f"step {step.index + 1}", step.line

    def _set(self, name: str, value: Any, step: Step | None) -> None:
        try:
            self.workbench.set(name, value)
        except LogicsimError as exc:
            what, line = self._where(step)
            raise LessonError(
                self.lesson.path, f"{what}: set {name} = {value!r}: {exc}", line
            ) from None

    def _act(self, action: Action, step: Step) -> None:
        try:
            for _ in range(action.repeat):
                if action.name == "export_formula":
                    self._export(action)
                    continue
                self.workbench.act(action.name, **action.args)
        except LogicsimError as exc:
            raise LessonError(
                self.lesson.path,
                f"step {step.index + 1}: {action.describe()}: {exc}",
                action.line or step.line,
            ) from None

    def _export(self, action: Action) -> None:
        """Write the formula into the output folder, never over a file this player did not write."""
        path, mine = self.exports.target(action.args["path"])
        args = {**action.args, "path": str(path), "overwrite": mine}
        self.workbench.act(action.name, **args)
        self.exports.record(path)

    def _reset_to_defaults(self) -> None:
        kind = type(self.workbench)
        if kind not in _DEFAULT_SNAPSHOTS:
            _DEFAULT_SNAPSHOTS[kind] = kind().snapshot()
        self.workbench.restore(_DEFAULT_SNAPSHOTS[kind])
