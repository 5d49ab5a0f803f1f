"""Test tables inside circuit files, and the line finder that locates every error.

``tomllib`` gives no positions for values, so :class:`Locator` scans the file text once and
records the line of each key per section (``""`` top level, ``gates``, ``init``, ``test#0``...).
A table row's line is the line of its ``table =`` key plus its offset inside the string.
"""

from __future__ import annotations

import re

from logicsim.logic.circuit import Circuit, CircuitError, TestRow, TestTable

_KEY_RE = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_\-]+))\s*=""")
_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")


class Locator:
    """Finds the line of a key inside a section (``gates``, ``init``, ``test#0``, top ``''``)."""

    def __init__(self, text: str):
        self.lines: dict[tuple[str, str], int] = {}
        self.sections: dict[str, int] = {}
        section, tests, in_string = "", 0, None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_string:
                if line.count(in_string) % 2 == 1:
                    in_string = None
                continue
            header = _HEADER_RE.match(line)
            if header and not _KEY_RE.match(line):
                name = header.group(2).strip().strip("\"'")
                if header.group(1) == "[[":
                    section = f"{name}#{tests}"
                    tests += 1 if name == "test" else 0
                else:
                    section = name
                self.sections.setdefault(section, number)
                continue
            match = _KEY_RE.match(line)
            if match:
                key = next(g for g in match.groups() if g is not None)
                self.lines.setdefault((section, key), number)
                rest = line[match.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_string = quote

    def line(self, section: str, key: str | None = None) -> int | None:
        """Line of ``key`` in ``section`` (or of the section header; None when unknown)."""
        if key is not None and (section, key) in self.lines:
            return self.lines[(section, key)]
        return self.sections.get(section)


def parse_tests(tests: object, c: Circuit, name_: str, text_: str, loc: Locator) -> list[TestTable]:
    """The ``[[test]]`` entries of a file as :class:`TestTable` objects (errors located)."""
    reader = _TestReader(name_, text_, loc)
    if isinstance(tests, dict):
        tests = [tests]
    if not isinstance(tests, list):
        raise reader.fail("'test' must be [[test]] tables", "", "test")
    return [reader.test(i, t, c) for i, t in enumerate(tests)]


class _TestReader:
    def __init__(self, name: str, text: str, loc: Locator):
        self.name, self.text, self.loc = name, text, loc

    def fail(self, message: str, section: str = "", key: str | None = None) -> CircuitError:
        return CircuitError(self.name, message, self.loc.line(section, key))

    def test(self, index: int, entry: object, c: Circuit) -> TestTable:
        section = f"test#{index}"
        if not isinstance(entry, dict) or not isinstance(entry.get("table"), str):
            raise self.fail("a [[test]] needs a 'table' string", section, "table")
        extra = set(entry) - {"name", "table", "init", "on_oscillation"}
        if extra:
            raise self.fail(
                f"[[test]]: unknown key {sorted(extra)[0]!r}", section, sorted(extra)[0]
            )
        init = str(entry.get("init", "x")).lower()
        if init not in ("x", "0", "random"):
            raise self.fail(
                f'[[test]] init must be "x", "0" or "random", got {init!r}', section, "init"
            )
        osc = str(entry.get("on_oscillation", "raise"))
        if osc not in ("raise", "x"):
            raise self.fail(
                f'[[test]] on_oscillation must be "raise" or "x", got {osc!r}',
                section,
                "on_oscillation",
            )
        table_line = self.loc.line(section, "table")
        first = table_line
        if table_line is not None:
            after = self.text.splitlines()[table_line - 1].split("=", 1)[1].strip()
            first = table_line + (1 if after in ('"""', "'''") else 0)
        name = str(entry.get("name", f"test {index + 1}"))
        header, rows = None, []
        settable = set(c.inputs) | set(c.clocks)
        checkable = set(c.nets())
        for offset, raw in enumerate(entry["table"].split("\n")):
            line = None if first is None else first + offset
            text = raw.split("#", 1)[0].strip()
            if not text:
                continue
            if text.count("|") != 1:
                raise CircuitError(
                    self.name,
                    f"test {name!r}: malformed row, needs exactly one '|': {text!r}",
                    line,
                )
            left, right = (part.split() for part in text.split("|"))
            if header is None:
                for col in left:
                    if col not in settable:
                        raise CircuitError(
                            self.name,
                            f"test {name!r}: column {col!r} is not an input or clock",
                            line,
                        )
                for col in right:
                    if col not in checkable:
                        raise CircuitError(
                            self.name, f"test {name!r}: column {col!r} is not a net", line
                        )
                header = (tuple(left), tuple(right))
                continue
            if len(left) != len(header[0]) or len(right) != len(header[1]):
                raise CircuitError(
                    self.name,
                    f"test {name!r}: malformed row, expected {len(header[0])} | {len(header[1])} "
                    "values, "
                    f"got {len(left)} | {len(right)}",
                    line,
                )
            for col, sym in zip(header[0], left, strict=True):
                ok = {"0", "1", "X", "x"} | ({"C", "c"} if col in c.clocks else set())
                if sym not in ok:
                    raise CircuitError(
                        self.name,
                        f"test {name!r}: malformed row, {col}={sym!r} (use "
                        f"{'/'.join(sorted(ok - {'x', 'c'}))})",
                        line,
                    )
            for col, sym in zip(header[1], right, strict=True):
                if sym not in ("0", "1", "X", "x", "~"):
                    raise CircuitError(
                        self.name,
                        f"test {name!r}: malformed row, expected {col}={sym!r} (use 0/1/X/~)",
                        line,
                    )
            rows.append(
                TestRow(line, tuple(s.upper() for s in left), tuple(s.upper() for s in right))
            )
        if header is None:
            raise self.fail(
                f"test {name!r}: the table is empty (needs a header row 'A B | Y')",
                section,
                "table",
            )
        return TestTable(name, header[0], header[1], tuple(rows), init, osc, table_line)
