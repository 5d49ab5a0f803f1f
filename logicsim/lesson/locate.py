"""Finding the line and column of a key or value in a lesson's TOML text.

``tomllib`` reports positions only for syntax errors; for a file that parses but asks for
something wrong (an unknown control, a value out of range) we search the text for the offending
key inside the right ``[[step]]`` section.  It is a best-effort search: when it cannot find the
exact spot it falls back to the step's header line, and it never raises.
"""

from __future__ import annotations

import re

__all__ = ["Locator"]

_HEADER = re.compile(
    r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\-\"' ]{1,200}?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?$", re.MULTILINE
)


def _header_name(raw: str) -> str:
    return ".".join(p.strip().strip("\"'") for p in raw.split("."))


class Locator:
    """Line/column lookups in one lesson text.

    Parameters
    ----------
    text : str
        The whole TOML text of the lesson.
    """

    def __init__(self, text: str):
        self.text = text
        self.step_spans: list[tuple[int, int]] = []  # (start, end) offsets of each [[step]]
        self.top_spans: list[tuple[int, int]] = []  # everything that is not inside a step
        try:
            self._split()
        except Exception:  # pragma: no cover - the locator must never break error reporting
            self.step_spans, self.top_spans = [], [(0, len(text))]

    def _split(self) -> None:
        cursor, in_step = 0, False
        for m in _HEADER.finditer(self.text):
            name = _header_name(m.group(2))
            is_new_step = m.group(1) == "[[" and name == "step"
            continues_step = name.startswith("step.")
            if is_new_step or not continues_step:
                # close the region that was open
                if in_step:
                    self.step_spans[-1] = (self.step_spans[-1][0], m.start())
                else:
                    self.top_spans.append((cursor, m.start()))
                cursor = m.start()
                if is_new_step:
                    self.step_spans.append((m.start(), len(self.text)))
                in_step = is_new_step
        if in_step:
            self.step_spans[-1] = (self.step_spans[-1][0], len(self.text))
        else:
            self.top_spans.append((cursor, len(self.text)))

    # -- positions -------------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col

    def step_line(self, step: int) -> int | None:
        """Line of the ``[[step]]`` header of step ``step`` (0-based), if written that way."""
        if 0 <= step < len(self.step_spans):
            return self.position(self.step_spans[step][0])[0]
        return None

    def find(
        self, step: int | None, *needles: str, value: str | None = None
    ) -> tuple[int | None, int | None]:
        """Locate a path of keys (and optionally a value text) inside a step or the top level.

        Parameters
        ----------
        step : int or None
            0-based step index, or None for the lesson's top-level keys.
        *needles : str
            Keys to find one after another (e.g. ``"set", "hidden_size"``); a key that cannot
            be found is skipped.
        value : str, optional
            Text of the offending value to point at after the last key.

        Returns
        -------
        (line, column) : tuple of int, or (None, None)
        """
        try:
            return self._find(step, needles, value)
        except Exception:  # pragma: no cover - best effort only
            return None, None

    def _find(self, step: int | None, needles: tuple[str, ...], value: str | None):
        if step is None:
            spans = self.top_spans
        elif 0 <= step < len(self.step_spans):
            spans = [self.step_spans[step]]
        else:
            return None, None
        best: int | None = spans[0][0] if spans and step is not None else None
        for start, end in spans:
            pos, found_any = start, False
            for key in needles:
                hit = self._key(key, pos, end)
                if hit is not None:
                    pos, found_any = hit, True
            if value is not None:
                hit = self._value(value, pos, end)
                if hit is not None:
                    return self.position(hit)
            if found_any:
                return self.position(pos)
        return self.position(best) if best is not None else (None, None)

    def _key(self, key: str, start: int, end: int) -> int | None:
        """Offset of ``key`` written as a TOML key (bare or quoted) between start and end."""
        parts = [re.escape(key)]
        if "." in key:  # "input.A" may be written quoted or as the dotted key input.A
            parts.append(r"\.".join(re.escape(p) for p in key.split(".")))
        alts = "|".join(f"\"{p}\"|'{p}'|{p}" for p in parts)
        pat = re.compile(rf"(?<![A-Za-z0-9_\-])(?:{alts})(?=[ \t]*(?:=|\.|\]))")
        m = pat.search(self.text, start, end)
        return m.start() if m else None

    def _value(self, value: str, start: int, end: int) -> int | None:
        idx = self.text.find(value, start, end)
        return idx if idx >= 0 else None
