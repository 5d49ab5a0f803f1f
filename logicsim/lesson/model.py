"""The parsed form of a lesson: :class:`Lesson` made of :class:`Step` objects (plain data).

Texts are dicts ``language -> text`` with ``"en"`` always present; lists of texts (objectives,
recap, choices) are dicts ``language -> tuple of lines``.  Format 2 adds the step kinds
:class:`Ask` (predict, then reveal), :class:`Task` (do it yourself) and :class:`Exercise`, and
the lesson's minutes, objectives, teacher notes, lecture section and recap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from logicsim.lesson.checks import Node

__all__ = [
    "Action",
    "Ask",
    "Check",
    "Exercise",
    "Lesson",
    "Script",
    "Step",
    "Task",
    "Wait",
    "pick",
    "pick_lines",
]

Text = dict[str, str]  # language -> text
Lines = dict[str, tuple[str, ...]]  # language -> lines


def pick(text: Text, lang: str = "en") -> str:
    """``text`` in ``lang``, falling back to English ('' for an empty text)."""
    return text.get(lang) or text.get("en") or ""


def pick_lines(lines: Lines, lang: str = "en") -> tuple[str, ...]:
    """``lines`` in ``lang``, falling back to English."""
    return lines.get(lang) or lines.get("en") or ()


@dataclass(frozen=True)
class Action:
    """One workbench action, e.g. ``train(epochs=3, seed=0)``, done ``repeat`` times."""

    name: str  # a name from logicsim.workbench.ACTIONS
    args: dict[str, Any] = field(default_factory=dict)  # keyword arguments of the action
    repeat: int = 1  # how many times it is done in a row
    line: int | None = None  # where it is written in the file

    def describe(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.args.items())
        times = f" x{self.repeat}" if self.repeat != 1 else ""
        return f"{self.name}({args}){times}"


@dataclass(frozen=True)
class Check:
    """One expectation on the workbench state, written in the check language."""

    text: str  # the check as written, e.g. "net.Q == 1"
    node: Node  # its parsed form
    line: int | None = None  # where it is written in the file
    column: int | None = None
    says: Text = field(default_factory=dict)  # the author's plain words (format 2), per language
    words: str = ""  # plain words generated from the observables' descriptions (English)

    def sentence(self, lang: str = "en") -> str:
        """The check in plain words: the author's ``says``, else the generated sentence."""
        return pick(self.says, lang) or self.words or self.text


@dataclass(frozen=True)
class Wait:
    """The learner's turn: press Next, or do ``action`` (which headless play does for them)."""

    action: Action | None = None  # None means: just press Next
    hint: Text = field(default_factory=dict)  # language -> what to do, e.g. "Flip S"


@dataclass(frozen=True)
class Script:
    """Controls and actions applied together ("Show me" of a task, an exercise's solution)."""

    sets: tuple[tuple[str, Any], ...] = ()  # (control, value) in the order written
    acts: tuple[Action, ...] = ()  # actions in the order written


@dataclass(frozen=True)
class Ask:
    """A prediction asked before the step's changes happen.

    With ``choices``, ``answer`` is the 1-based index of the right choice and ``feedback`` has
    one text per choice.  With ``number = True``, ``answer`` is the right number, ``tolerance``
    how far off an answer may be, and ``feedback`` is ``(low, high, right)``.
    """

    question: Text  # what the student is asked
    answer: float | int  # 1-based right choice, or the right number
    feedback: tuple[Text, ...]  # per choice, or (low, high, right) for a number
    choices: tuple[Text, ...] = ()  # the choices (empty for a number)
    number: bool = False  # the answer is a number typed in
    tolerance: float = 0.0  # allowed distance from a number answer
    line: int | None = None

    def is_right(self, given: Any) -> bool:
        """Whether ``given`` (a 1-based choice, or a number) is right; None is never right."""
        if given is None or isinstance(given, bool):
            return False
        if self.number:
            return abs(float(given) - float(self.answer)) <= self.tolerance
        return int(given) == int(self.answer)

    def wrong_answer(self) -> float | int:
        """The answer headless play gives with ``--answers wrong``: the first wrong choice, or
        for a number ``answer + 10 * tolerance + 1``."""
        if self.number:
            return float(self.answer) + 10 * self.tolerance + 1
        return next(k for k in range(1, len(self.choices) + 1) if k != self.answer)

    def feedback_for(self, given: Any, lang: str = "en") -> str:
        """The feedback for answer ``given`` ('' when the question was skipped)."""
        if given is None:
            return ""
        if self.number:
            low, high, right = self.feedback
            if self.is_right(given):
                return pick(right, lang)
            return pick(low if float(given) < float(self.answer) else high, lang)
        k = int(given)
        return pick(self.feedback[k - 1], lang) if 1 <= k <= len(self.feedback) else ""

    def choice_text(self, k: int, lang: str = "en") -> str:
        """Choice ``k`` (1-based) in ``lang``."""
        return pick(self.choices[k - 1], lang)

    def answer_text(self, given: Any, lang: str = "en") -> str:
        """How to show answer ``given``: the choice's words, or the number."""
        if given is None:
            return "(no answer)"
        if self.number:
            return f"{float(given):g}"
        k = int(given)
        return self.choice_text(k, lang) if 1 <= k <= len(self.choices) else str(given)


@dataclass(frozen=True)
class Task:
    """Do it yourself: the step waits until ``until`` is true after the student's changes."""

    goal: Text  # what to do
    until: Check  # true = done
    show: Script  # what "Show me" (and headless play) applies
    hint: Text = field(default_factory=dict)  # shown after hint_after seconds
    hint_after: float = 30.0  # seconds


@dataclass(frozen=True)
class Exercise:
    """An open task graded by checks, with the answer revealed on request."""

    task: Text  # what to find or do
    grade: tuple[Check, ...]  # all must be true
    answer: Text  # the worked answer, revealed by "Show answer"
    solution: Script  # applied by "Show answer" (and headless play)


@dataclass(frozen=True)
class Step:
    """One step; its parts run in the order (ask), set, act, focus, narration, (reveal), wait or
    task or exercise, check."""

    index: int  # 0-based position in the lesson
    say: Text  # language code -> Markdown narration ("en" always present)
    title: Text = field(default_factory=dict)  # optional short heading per language
    sets: tuple[tuple[str, Any], ...] = ()  # (control, value) in the order written
    acts: tuple[Action, ...] = ()  # actions in the order written
    focus: tuple[str, ...] = ()  # focus targets to highlight
    wait: Wait | None = None  # the learner's turn, if any
    checks: tuple[Check, ...] = ()  # expectations tested at the end of the step
    line: int | None = None  # line of the step's [[step]] header
    ask: Ask | None = None  # predict, then reveal (format 2)
    reveal: Text = field(default_factory=dict)  # shown after the answer (format 2)
    task: Task | None = None  # do it yourself (format 2)
    exercise: Exercise | None = None  # open task (format 2)

    def text(self, lang: str = "en") -> str:
        """The narration in ``lang``, falling back to English."""
        return self.say.get(lang) or self.say["en"]

    def heading(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or f"Step {self.index + 1}"

    @property
    def kind(self) -> str:
        """``"ask"``, ``"task"``, ``"exercise"``, ``"wait"`` or ``"plain"``."""
        if self.ask is not None:
            return "ask"
        if self.task is not None:
            return "task"
        if self.exercise is not None:
            return "exercise"
        return "wait" if self.wait is not None and self.wait.action is not None else "plain"

    def scripts(self) -> tuple[Script, ...]:
        """Every group of sets and acts this step may apply, in order (its own, then "Show me"
        or the exercise's solution)."""
        own = Script(self.sets, self.acts)
        if self.task is not None:
            return (own, self.task.show)
        if self.exercise is not None:
            return (own, self.exercise.solution)
        return (own,)

    def all_checks(self) -> tuple[Check, ...]:
        """The step's checks plus a task's ``until`` and an exercise's grade lines."""
        extra: tuple[Check, ...] = ()
        if self.task is not None:
            extra = (self.task.until,)
        elif self.exercise is not None:
            extra = self.exercise.grade
        return extra + self.checks


@dataclass(frozen=True)
class Lesson:
    """A whole lesson file, validated."""

    name: str  # the file's stem, used as its library name
    path: str  # the file as it was named
    title: Text  # language -> title ("en" always present)
    summary: Text  # language -> one or two sentences
    needs: tuple[tuple[str, Any], ...]  # (control, value) applied before the first step
    steps: tuple[Step, ...]
    languages: tuple[str, ...] = ("en",)  # languages every step's narration is written in
    format: int = 1  # format version of the file
    minutes: int | None = None  # planned class time (format 2)
    objectives: Lines = field(default_factory=dict)  # what the student will be able to do
    teacher_notes: Text = field(default_factory=dict)  # for the teacher
    lecture: Text = field(default_factory=dict)  # the lecture section the lesson follows
    recap: Lines = field(default_factory=dict)  # 3-5 lines shown after the last step

    def heading(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title["en"]

    def blurb(self, lang: str = "en") -> str:
        return self.summary.get(lang) or self.summary["en"]

    @property
    def n_checks(self) -> int:
        return sum(len(s.checks) for s in self.steps)

    @property
    def n_questions(self) -> int:
        return sum(s.ask is not None for s in self.steps)

    @property
    def n_exercises(self) -> int:
        return sum(s.exercise is not None for s in self.steps)

    @property
    def n_tasks(self) -> int:
        return sum(s.task is not None for s in self.steps)
