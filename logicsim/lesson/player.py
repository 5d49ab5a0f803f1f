"""The headless lesson player: a small state machine over a workbench.

A step runs in the order (*ask*), *set* (controls), *act* (actions), *focus* (announced through
:attr:`LessonPlayer.focus_requested`), then the narration (and a question's *reveal*) is on
screen, then *wait*, *task* or *exercise*, then *check*.  States::

    start --forward--> step 1 --forward--> ... step n (end)
                <--back--            <--back--

Inside a step the player is in one :attr:`LessonPlayer.phase`: ``"asking"`` (a question waits
for :meth:`LessonPlayer.answer`; nothing of the step has happened yet), ``"waiting"`` (an action
wait), ``"task"`` (do it yourself: :meth:`LessonPlayer.poll_task` / :meth:`LessonPlayer.show_me`),
``"exercise"`` (:meth:`LessonPlayer.grade` / :meth:`LessonPlayer.show_answer`) or ``"done"``
(checks have run).  Headless play (``interactive=False``) never stops inside a step: it answers
questions (``answers="right"`` or ``"wrong"``), applies a task's "Show me" and an exercise's
solution, and checks that the task or exercise was not already done before them.

Context.  The player remembers the value of every control the script has set (``needs``, each
step's ``set``, "Show me", solutions), as the workbench reported it.  On entering a step it sets
again any of them the student changed since (a circuit loaded, another cell chosen), so Next
always continues the lesson; input nets are set again only with their circuit, and the
momentary controls ``time`` and ``playing`` are left alone.

Before entering a step the player takes ``workbench.snapshot()``; :meth:`LessonPlayer.back`
restores it, so going back gives exactly the earlier state (weights, time step, circuit values,
training history).  A move that fails half-way (an action raising, or :meth:`LessonPlayer.cancel`
from another thread) restores the state from before the move and re-raises.

Long moves.  The app runs a move whose actions are slow on a worker thread.  Another thread may
then call :meth:`LessonPlayer.cancel`: the running action stops soon (clock cycles, training
and a demo's training look for the request between chunks), the move raises
:class:`~logicsim.lesson.errors.StepCancelled` and the step is undone.
:meth:`LessonPlayer.work_seconds` says how much of the move's estimated work is done.

Waiting.  A step may wait for the learner: ``wait = "next"`` (just press Next) or
``wait = {do = "toggle", net = "S"}`` (do something).  Headless play (``interactive=False``, the
default) treats every wait as satisfied: for an action wait it performs the action itself, then
runs the step's checks.  In the app (``interactive=True``) the player stops on an action wait;
the dock calls :meth:`learner_acted` when the learner did it, or Next performs it for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from logicsim.errors import LogicsimError
from logicsim.events import Event
from logicsim.lesson.check_eval import evaluate
from logicsim.lesson.check_names import index_for
from logicsim.lesson.errors import LessonError, StepCancelled
from logicsim.lesson.exports import ExportFolder
from logicsim.lesson.model import Action, Ask, Check, Lesson, Script, Step
from logicsim.lesson.registry import Registry, default_registry, value_problem

__all__ = ["LessonPlayer", "CheckResult", "StepResult", "LessonReport", "AnswerRecord", "ANSWERS"]

#: How headless play answers questions.
ANSWERS = ("right", "wrong")
#: Controls never restored as context: they change from moment to moment.
MOMENTARY = frozenset({"time", "playing"})

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
    words: str = ""  # the check in plain words (English)

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
            "says": self.words,
        }


@dataclass
class AnswerRecord:
    """The student's answer to one question (``given`` None: skipped)."""

    step: int  # 0-based step index
    ask: Ask  # the question
    given: Any  # 1-based choice, a number, or None

    @property
    def right(self) -> bool:
        return self.ask.is_right(self.given)

    def feedback(self, lang: str = "en") -> str:
        """The feedback for the answer given."""
        return self.ask.feedback_for(self.given, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        ask = self.ask
        return {
            "step": self.step + 1,
            "question": ask.question.get(lang) or ask.question["en"],
            "choices": [ask.choice_text(k, lang) for k in range(1, len(ask.choices) + 1)],
            "answer_given": _plain(self.given),
            "answer_given_text": ask.answer_text(self.given, lang),
            "right_answer": _plain(ask.answer),
            "right_answer_text": ask.answer_text(ask.answer, lang),
            "correct": self.right,
            "feedback": self.feedback(lang),
        }


def _plain(value: Any) -> Any:
    """A JSON-ready copy of an observed value (the workbench's converter; ``repr`` for the rest)."""
    from logicsim.workbench.observe import plain

    value = plain(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float | int | str | bool) or value is None:
        return value
    return repr(value)


@dataclass
class StepResult:
    """What happened at one step."""

    index: int  # 0-based step index
    checks: list[CheckResult] = field(default_factory=list)  # empty until the step is checked
    focus: tuple[str, ...] = ()  # targets highlighted
    performed_wait: bool = False  # the player did the awaited action for the learner
    checked: bool = False  # checks have run
    answer: AnswerRecord | None = None  # the answer to the step's question
    shown: bool = False  # a task's "Show me" or an exercise's solution was applied
    done_by_student: bool = False  # a task or exercise was completed by the student's changes
    restored: tuple[str, ...] = ()  # context controls set again on entering the step

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


@dataclass
class LessonReport:
    """Every check of a played lesson, in order."""

    lesson: str  # library name
    title: str  # English title
    steps: list[StepResult]  # one per step played
    answers: str = "right"  # how headless play answered

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
            "answers": self.answers,
            "questions": [a.to_dict() for a in self.questions],
            "checks": [c.to_dict() for c in self.checks],
        }

    @property
    def questions(self) -> list[AnswerRecord]:
        """Every question answered, in order."""
        return [s.answer for s in self.steps if s.answer is not None]


class LessonPlayer:
    """Play a :class:`~logicsim.lesson.model.Lesson` on a workbench.

    Parameters
    ----------
    lesson : Lesson
        A validated lesson (see :func:`logicsim.lesson.load_lesson`).
    workbench : Workbench, optional
        The model to drive; a fresh ``logicsim.workbench.Workbench()`` when None.
    interactive : bool
        False (headless): questions, waits, tasks and exercises are settled at once.  True (the
        app): the player stops in a step's phase until the student answers, acts, or presses
        Next.
    fresh : bool
        Start from the workbench's default state (so a lesson plays the same in the app and
        headless) before applying the lesson's ``needs``.
    output_dir : str or Path, optional
        Folder for the files a lesson exports (``export_formula``); None = a temporary folder
        made on the first export.  A lesson names only a plain file inside it, and the player
        never replaces a file it did not write itself (see :mod:`logicsim.lesson.exports`).
    answers : {"right", "wrong"}
        How headless play answers questions: the right answer, or the first wrong choice (for a
        number: ``answer + 10 * tolerance + 1``).
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
        answers: str = "right",
    ):
        if answers not in ANSWERS:
            raise ValueError(f"answers must be one of {', '.join(ANSWERS)}, got {answers!r}")
        if workbench is None:
            from logicsim.workbench import Workbench

            workbench = Workbench()
        self.lesson = lesson
        self.workbench = workbench
        self.interactive = interactive
        self.answers = answers
        self.registry = registry or default_registry()
        self.changed = Event()  # emitted with no arguments after every move of the player
        self.focus_requested = Event()  # emitted with a FOCUS_TARGETS name
        self.position = 0  # steps entered so far; the step on screen is position - 1
        self.phase = "start"  # start | asking | waiting | task | exercise | done
        self.results: list[StepResult] = []  # one per entered step
        self.answer_log: list[AnswerRecord] = []  # every answer given, also ones undone by Back
        self._snapshots: list[dict] = []  # _snapshots[k] = workbench state before step k
        self._contexts: list[dict[str, Any]] = []  # _contexts[k] = context before step k
        self.context: dict[str, Any] = {}  # control -> value the script left it at
        self.exports = ExportFolder(output_dir)  # where export_formula writes
        self._stop = threading.Event()  # set by cancel() from another thread
        self._work_done = 0.0  # estimated seconds of the actions finished since begin_work()
        self._work_now: tuple[str, float] | None = None  # (action, estimated s) running now
        if fresh:
            self._reset_to_defaults()
        for name, value in lesson.needs:
            self._set(name, value, None)
        self._start = workbench.snapshot()
        self._start_context = dict(self.context)

    # -- state ------------------------------------------------------------------------------------
    @property
    def n_steps(self) -> int:
        return len(self.lesson.steps)

    @property
    def current(self) -> Step | None:
        """The step on screen (None before the first step)."""
        return self.lesson.steps[self.position - 1] if self.position else None

    @property
    def waiting(self) -> bool:
        """The step on screen waits for the learner's action (``wait = {do = ...}``)."""
        return self.phase == "waiting"

    @property
    def pending(self) -> bool:
        """The step on screen is not finished (a question, wait, task or exercise is open)."""
        return self.phase in ("asking", "waiting", "task", "exercise")

    @property
    def at_end(self) -> bool:
        return self.position == self.n_steps and not self.pending

    # -- moves ------------------------------------------------------------------------------------
    def forward(self) -> StepResult | None:
        """Go on: settle the step on screen, or enter the next one.

        An open question is revealed without an answer (and the player stays on the step, so
        the reveal can be read); an open wait, task or exercise is done for the student (the
        awaited action, "Show me", or the solution unless their own answer already passes) and
        the next step is entered.  Returns the result of the step on screen afterwards, or None
        at the end.
        """
        if self.phase == "asking":
            self.answer(None)
            return self.results[-1]
        if self.pending:
            self._undoable(self._settle_pending)
            if self.position == self.n_steps:
                self.changed.emit()
                return None
        if self.position >= self.n_steps:
            return None
        step = self.lesson.steps[self.position]
        self._snapshots.append(self.workbench.snapshot())
        self._contexts.append(dict(self.context))
        result = StepResult(step.index, focus=step.focus)
        self.results.append(result)
        self.position += 1
        try:
            result.restored = self.restore_context()
            if step.ask is not None and self.interactive:
                self.phase = "asking"
                self.changed.emit()
                return result
            if step.ask is not None:
                given = step.ask.answer if self.answers == "right" else step.ask.wrong_answer()
                self._record(step, given)
            self._enter(step)
        except Exception:  # undo the half-done step, whatever went wrong, then report it
            self._undo_entry()
            raise
        self.changed.emit()
        return result

    def answer(self, given: Any) -> AnswerRecord:
        """The student answers the open question (a 1-based choice, a number, or None to skip);
        then the step's changes happen and its reveal and checks follow."""
        step = self.current
        if self.phase != "asking" or step is None or step.ask is None:
            raise LessonError(self.lesson.path, "no question is open")
        record = self._record(step, given)
        try:
            self._enter(step)
        except Exception:
            self.workbench.restore(self._snapshots[-1])
            self.results[-1].answer = None
            self.answer_log.pop()
            raise
        self.changed.emit()
        return record

    def learner_acted(self) -> None:
        """The learner did what the step waits for: run its checks without acting for them."""
        if self.waiting:
            self._finish()
            self.changed.emit()

    def poll_task(self) -> bool:
        """Evaluate the open task's ``until`` now; when true the step completes (True)."""
        step = self.current
        if self.phase != "task" or step is None or step.task is None:
            return False
        if not self.check(step.task.until, step.index).passed:
            return False
        self.results[-1].done_by_student = not self.results[-1].shown
        self._remember(step.task.show)
        self._finish()
        self.changed.emit()
        return True

    def show_me(self) -> bool:
        """ "Show me": apply the open task's ``show``; returns whether the task is now done."""
        step = self.current
        if self.phase != "task" or step is None or step.task is None:
            return False
        self._undoable(lambda: self._apply(step.task.show, step))  # type: ignore[union-attr]
        self.results[-1].shown = True
        if self.poll_task():
            return True
        self.changed.emit()
        return False

    def grade(self) -> list[CheckResult]:
        """ "Check my answer": grade the open exercise on the current state; when every line
        passes the step completes."""
        step = self.current
        if step is None or step.exercise is None:
            return []
        results = [self.check(c, step.index) for c in step.exercise.grade]
        if self.phase == "exercise" and all(r.passed for r in results):
            self.results[-1].done_by_student = not self.results[-1].shown
            self._remember(step.exercise.solution)
            self._finish()
            self.changed.emit()
        return results

    def show_answer(self) -> None:
        """ "Show answer": apply the open exercise's solution and complete the step."""
        step = self.current
        if self.phase != "exercise" or step is None or step.exercise is None:
            return
        self._undoable(lambda: self._apply(step.exercise.solution, step))  # type: ignore[union-attr]
        self.results[-1].shown = True
        self._remember(step.exercise.solution)
        self._finish()
        self.changed.emit()

    # -- long moves -------------------------------------------------------------------------------
    def begin_work(self) -> None:
        """Call before a move that may be cancelled: forgets an earlier :meth:`cancel` request
        and restarts :meth:`work_seconds` at 0."""
        self._stop.clear()
        self._work_done, self._work_now = 0.0, None

    def cancel(self) -> None:
        """Ask the move running on another thread to stop (safe from any thread).

        The running action stops soon if it can (clock cycles, training, a demo's training),
        otherwise when it ends; the move then raises
        :class:`~logicsim.lesson.errors.StepCancelled` and the state from before it comes back.
        """
        self._stop.set()
        now = self._work_now
        stop = getattr(self.workbench, "cancel_work", None)
        if now is not None and callable(stop):
            stop(now[0])  # only the action this move runs (not, say, the training tab's own run)

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def work_seconds(self) -> float:
        """Estimated seconds of work done since :meth:`begin_work`
        (:func:`~logicsim.lesson.budget.action_seconds` of each finished action, plus the
        reported fraction of the one running).  Safe to read from another thread."""
        done, now = self._work_done, self._work_now
        if now is None:
            return done
        fraction = getattr(self.workbench, "action_fraction", None)
        part = fraction(now[0]) if callable(fraction) else None
        return done + now[1] * (part or 0.0)

    def _undoable(self, move: Callable[[], Any]) -> Any:
        """Run ``move``; if it raises, put the workbench back as it was and re-raise."""
        before = self.workbench.snapshot()
        try:
            return move()
        except Exception:
            self.workbench.restore(before)
            raise

    def back(self) -> None:
        """Undo the step on screen: restore the exact state from before it."""
        if self.position == 0:
            return
        self.workbench.restore(self._snapshots.pop())
        self.context = self._contexts.pop()
        self.results.pop()
        self.position -= 1
        self.phase = "done" if self.position else "start"
        self.changed.emit()

    def restart(self) -> None:
        """Back to the start of the lesson (the state after its ``needs``)."""
        self.workbench.restore(self._start)
        self.context = dict(self._start_context)
        self._snapshots.clear()
        self._contexts.clear()
        self.results.clear()
        self.position = 0
        self.phase = "start"
        self.changed.emit()

    def run_to_end(self, stop_at_failure: bool = False) -> LessonReport:
        """Play every remaining step (everything settled); return the report of all checks."""
        while not self.at_end:
            result = self.forward()
            if self.pending:
                self._settle_pending()
            if stop_at_failure and result is not None and not result.passed:
                break
        return self.report()

    def report(self) -> LessonReport:
        return LessonReport(
            self.lesson.name, self.lesson.heading("en"), list(self.results), self.answers
        )

    def check(self, check: Check, step_index: int = -1) -> CheckResult:
        """Evaluate one check on the workbench as it is now."""
        outcome = evaluate(check.node, self._lookup)
        return CheckResult(
            step_index,
            check.text,
            outcome.passed,
            outcome.observed,
            outcome.error,
            check.line,
            check.sentence("en"),
        )

    def restore_context(self) -> tuple[str, ...]:
        """Set again every context control the student changed; returns their names."""
        get = getattr(self.workbench, "get", None)
        if get is None:
            return ()
        restored: list[str] = []
        for name, expected in list(self.context.items()):
            if name in MOMENTARY or name.startswith("input."):
                continue
            try:
                now = get(name)
            except LogicsimError:
                continue
            if not _same(now, expected):
                self._set(name, expected, None, remember=False)
                restored.append(name)
        if "circuit" in restored:  # a reloaded circuit gets the inputs the script gave it
            for name, value in self.context.items():
                if name.startswith("input."):
                    self._set(name, value, None, remember=False)
        return tuple(restored)

    # -- internals --------------------------------------------------------------------------------
    def _record(self, step: Step, given: Any) -> AnswerRecord:
        assert step.ask is not None
        record = AnswerRecord(step.index, step.ask, given)
        self.results[-1].answer = record
        self.answer_log.append(record)
        return record

    def _enter(self, step: Step) -> None:
        """The step's changes, then its wait, task or exercise, then (if settled) its checks."""
        self._apply(Script(step.sets, step.acts), step)
        for target in step.focus:
            self.focus_requested.emit(target)
        if step.task is not None:
            self.phase = "task"
        elif step.exercise is not None:
            self.phase = "exercise"
        elif step.wait is not None and step.wait.action is not None:
            self.phase = "waiting"
        else:
            self.phase = "done"
        if not self.interactive:
            self._settle_pending(headless=True)
        elif self.phase == "done":
            self._finish()

    def _settle_pending(self, headless: bool = False) -> None:
        """Do what the open wait, task or exercise needs, then run the checks.

        ``headless`` also requires that a task or exercise was not done before its "Show me" or
        solution (a check result that fails otherwise).
        """
        step = self.current
        result = self.results[-1]
        if step is None:
            return
        pre: list[CheckResult] = []
        if self.phase == "waiting" and step.wait is not None and step.wait.action is not None:
            self._act(step.wait.action, step)
            result.performed_wait = True
        elif self.phase == "task" and step.task is not None:
            task = step.task
            if headless:
                before = self.check(task.until, step.index)
                pre.append(_not_before(before, "the task is not done before Show me"))
            if headless or not self.check(task.until, step.index).passed:
                self._apply(task.show, step)
                result.shown = True
            after = self.check(task.until, step.index)
            if headless:
                pre.append(_labelled(after, "after Show me"))
            self._remember(task.show)
        elif self.phase == "exercise" and step.exercise is not None:
            grade = step.exercise.grade
            graded = [self.check(c, step.index) for c in grade]
            solved = all(r.passed for r in graded)
            if headless:
                pre.append(_not_before_all(graded, step.index))
            if headless or not solved:
                self._apply(step.exercise.solution, step)
                result.shown = True
            if headless:
                pre.extend(
                    _labelled(self.check(c, step.index), "after the solution") for c in grade
                )
            self._remember(step.exercise.solution)
        self._finish(pre)

    def _finish(self, pre: list[CheckResult] | None = None) -> None:
        step = self.lesson.steps[self.position - 1]
        result = self.results[-1]
        result.checks = list(pre or []) + [self.check(c, step.index) for c in step.checks]
        result.checked = True
        self.phase = "done"

    def _undo_entry(self) -> None:
        self.workbench.restore(self._snapshots.pop())
        self.context = self._contexts.pop()
        dropped = self.results.pop()
        if dropped.answer is not None and dropped.answer in self.answer_log:
            self.answer_log.remove(dropped.answer)
        self.position -= 1
        self.phase = "done" if self.position else "start"

    def _apply(self, script: Script, step: Step) -> None:
        for name, value in script.sets:
            self._set(name, value, step)
        for action in script.acts:
            self._act(action, step)

    def _remember(self, script: Script) -> None:
        """The student's (or Show me's) values of a script's controls become the context."""
        for name, _ in script.sets:
            self.context[name] = self._read(name, self.context.get(name))

    def _read(self, name: str, default: Any) -> Any:
        get = getattr(self.workbench, "get", None)
        if get is None:
            return default
        try:
            return get(name)
        except LogicsimError:
            return default

    def _lookup(self, name: str, index: tuple) -> Any:
        axes = self.registry.observable(name) or ()
        return self.workbench.observe(name, index_for(index, axes))

    def _where(self, step: Step | None) -> tuple[str, int | None]:
        if step is None:
            return "needs", None
        return f"step {step.index + 1}", step.line

    def _set(self, name: str, value: Any, step: Step | None, remember: bool = True) -> None:
        try:
            self.workbench.set(name, value)
        except LogicsimError as exc:
            what, line = self._where(step)
            raise LessonError(
                self.lesson.path, f"{what}: set {name} = {value!r}: {exc}", line
            ) from None
        if not remember:
            return
        if name == "circuit":  # the inputs of the previous circuit no longer apply
            for key in [k for k in self.context if k.startswith("input.")]:
                del self.context[key]
        spec = self.registry.control(name)
        plain = (
            value if spec is None or value_problem(spec, value, name) else _converted(spec, value)
        )
        self.context[name] = self._read(name, plain)

    def _act(self, action: Action, step: Step) -> None:
        from logicsim.lesson.budget import workbench_seconds

        cost = workbench_seconds(action, self.workbench) / max(1, action.repeat)
        try:
            for _ in range(action.repeat):
                self._check_stop(step)
                self._work_now = (action.name, cost)
                if action.name == "export_formula":
                    self._export(action)
                else:
                    self.workbench.act(action.name, **action.args)
                self._work_done += cost
                self._work_now = None
                self._check_stop(step)
        except StepCancelled:
            raise
        except LogicsimError as exc:
            raise LessonError(
                self.lesson.path,
                f"step {step.index + 1}: {action.describe()}: {exc}",
                action.line or step.line,
            ) from None

    def _check_stop(self, step: Step) -> None:
        if self._stop.is_set():
            self._work_now = None
            raise StepCancelled(f"step {step.index + 1} cancelled; the window is as it was before")

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


def _converted(spec: Any, value: Any) -> Any:
    from logicsim.workbench.specs import check_value

    return check_value("value", spec, value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return isinstance(a, tuple | list) and isinstance(b, tuple | list) and list(a) == list(b)
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return a == b or abs(float(a) - float(b)) <= 1e-12 * max(abs(a), abs(b))
    return bool(a == b)


def _labelled(result: CheckResult, label: str) -> CheckResult:
    result.text = f"{label}: {result.text}"
    return result


def _not_before(before: CheckResult, label: str) -> CheckResult:
    """Passes when ``before`` was false (the task was still open)."""
    return CheckResult(
        before.step,
        f"{label}: not ({before.text})",
        not before.passed,
        before.observed,
        None if not before.passed else "it was already true before Show me",
        before.line,
        f"{label}",
    )


def _not_before_all(before: list[CheckResult], step: int) -> CheckResult:
    """Passes when the exercise's grade as a whole was false before the solution."""
    solved = all(r.passed for r in before)
    observed: dict[str, Any] = {}
    for r in before:
        observed.update(r.observed)
    text = " and ".join(f"({r.text})" for r in before)
    return CheckResult(
        step,
        f"the exercise is not solved before the solution: not ({text})",
        not solved,
        observed,
        "every grade line was already true before the solution" if solved else None,
        before[0].line if before else None,
        "the exercise is not solved before the solution",
    )
