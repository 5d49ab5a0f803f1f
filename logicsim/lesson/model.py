"""The parsed form of a lesson: :class:`Lesson` made of :class:`Step` objects (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from logicsim.lesson.checks import Node

__all__ = ["Action", "Check", "Wait", "Step", "Lesson"]


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


@dataclass(frozen=True)
class Wait:
    """The learner's turn: press Next, or do ``action`` (which headless play does for them)."""

    action: Action | None = None  # None means: just press Next
    hint: dict[str, str] = field(default_factory=dict)  # language -> what to do, e.g. "Flip S"


@dataclass(frozen=True)
class Step:
    """One step; its parts run in the order set, act, focus, (narration shown), wait, check."""

    index: int  # 0-based position in the lesson
    say: dict[str, str]  # language code -> Markdown narration ("en" always present)
    title: dict[str, str] = field(default_factory=dict)  # optional short heading per language
    sets: tuple[tuple[str, Any], ...] = ()  # (control, value) in the order written
    acts: tuple[Action, ...] = ()  # actions in the order written
    focus: tuple[str, ...] = ()  # focus targets to highlight
    wait: Wait | None = None  # the learner's turn, if any
    checks: tuple[Check, ...] = ()  # expectations tested at the end of the step
    line: int | None = None  # line of the step's [[step]] header

    def text(self, lang: str = "en") -> str:
        """The narration in ``lang``, falling back to English."""
        return self.say.get(lang) or self.say["en"]

    def heading(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or f"Step {self.index + 1}"


@dataclass(frozen=True)
class Lesson:
    """A whole lesson file, validated."""

    name: str  # the file's stem, used as its library name
    path: str  # the file as it was named
    title: dict[str, str]  # language -> title ("en" always present)
    summary: dict[str, str]  # language -> one or two sentences
    needs: tuple[tuple[str, Any], ...]  # (control, value) applied before the first step
    steps: tuple[Step, ...]
    languages: tuple[str, ...] = ("en",)  # languages every step's narration is written in

    def heading(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title["en"]

    def blurb(self, lang: str = "en") -> str:
        return self.summary.get(lang) or self.summary["en"]

    @property
    def n_checks(self) -> int:
        return sum(len(s.checks) for s in self.steps)
