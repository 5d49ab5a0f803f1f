"""Reading circuit files (TOML, read with :mod:`tomllib`, never executed).

Every problem becomes a :class:`~logicsim.logic.circuit.CircuitError` naming the file, the line
and what is wrong.  ``tomllib`` reports the position of syntax errors; for semantic errors
(unknown op, undefined net, two drivers, wrong arity, a subcircuit including itself, a malformed
test row) a small scanner finds the line of the offending key in the file text.
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from logicsim.errors import LogicsimError, shorten
from logicsim.files import read_data_text
from logicsim.logic.circuit import (
    Circuit,
    CircuitError,
    GateSpec,
    InstanceSpec,
)
from logicsim.logic.gates import OPS, arity_text
from logicsim.logic.layout import Layout, parse_layout
from logicsim.logic.names import NET_NAME
from logicsim.logic.netlist import MAX_DEPTH, check_size
from logicsim.logic.testtables import Locator, parse_tests
from logicsim.logic.values import parse_level

LIBRARY_DIR = Path(__file__).with_name("library")
_TOP_KEYS = {"name", "description", "inputs", "outputs", "clocks", "gates", "init", "test"}
_TOP_KEYS.add("layout")  # optional hand-placed schematic positions (see _layout)
_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")
#: Parsed files kept (by path, text and the chain of files that use them).
CACHE_SIZE = 128
#: Largest circuit file read (bytes); a 20,000-gate file is about 1 MB.
MAX_FILE_BYTES = 8 << 20


def library_names() -> list[str]:
    """Names of the circuits shipped in :mod:`logicsim.logic.library`, sorted."""
    return sorted(p.stem for p in LIBRARY_DIR.glob("*.toml"))


def load_circuit(source: str | os.PathLike) -> Circuit:
    """Load a library circuit by name (``"half_adder"``) or a circuit file by path.

    Raises
    ------
    CircuitError
        The file is malformed (message ``path:line: problem``) or the name is unknown.
    """
    return _load(_resolve(str(source), base=None, where=None), stack=())


def _resolve(source: str, base: Path | None, where: tuple[str, int | None] | None) -> Path:
    """A ``use``/command-line name -> file: a path ending in .toml, else a library name."""
    if source.endswith(".toml") or os.sep in source or "/" in source:
        path = Path(source)
        if base is not None and not path.is_absolute():
            path = base / path
        if path.exists():  # the reader refuses what is not a regular file, with its reason
            return path
        problem = f"no circuit file {shorten(repr(source))}"
    else:
        path = LIBRARY_DIR / f"{source}.toml"
        if path.is_file():
            return path
        if base is not None and (base / f"{source}.toml").is_file():
            return base / f"{source}.toml"
        problem = (
            f"unknown circuit {shorten(repr(source))} "
            "(not a library name; try 'logicsim circuit list')"
        )
    if where is None:
        raise LogicsimError(problem)
    raise CircuitError(where[0], problem, where[1])


def _load(path: Path, stack: tuple[Path, ...]) -> Circuit:
    """Parse ``path`` (cached by path and content, so edits are always seen)."""
    return _parse(path, _Reader(path, stack).read_text(), stack)


@lru_cache(maxsize=CACHE_SIZE)
def _parse(path: Path, text: str, stack: tuple[Path, ...]) -> Circuit:
    circuit = _Reader(path, stack).read(text)
    check_size(circuit)  # refuse a file that would flatten to too many gates, at load time
    return circuit


def _display(path: Path) -> str:
    try:
        if path.resolve().is_relative_to(LIBRARY_DIR.resolve()):
            return f"library/{path.name}"
    except OSError:  # pragma: no cover
        pass
    return str(path)


class _Reader:
    def __init__(self, path: Path, stack: tuple[Path, ...]):
        self.path = path
        self.stack = stack + (path.resolve(),)
        self.name = _display(path)
        self.text = ""
        self.loc: Locator | None = None

    def fail(self, message: str, section: str = "", key: str | None = None) -> CircuitError:
        line = self.loc.line(section, key) if self.loc else None
        return CircuitError(self.name, message, line)

    def read_text(self) -> str:
        return read_data_text(self.path, MAX_FILE_BYTES, shown=self.name, error=CircuitError)

    def read(self, text: str) -> Circuit:
        self.text = text
        try:
            data = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            pos = _TOML_POS_RE.search(str(exc))
            message = _TOML_POS_RE.sub("", str(exc)).strip()
            line, col = (int(pos.group(1)), int(pos.group(2))) if pos else (None, None)
            raise CircuitError(self.name, f"TOML syntax: {message}", line, col) from None
        self.loc = Locator(self.text)
        for key in data:
            if key not in _TOP_KEYS:
                raise self.fail(
                    f"unknown key {key!r} (allowed: {', '.join(sorted(_TOP_KEYS))})", "", key
                )
        inputs = self._names(data, "inputs")
        outputs = self._names(data, "outputs")
        clocks = self._names(data, "clocks")
        gates, instances = self._gates(data.get("gates", {}))
        circuit = Circuit(
            name=str(data.get("name", self.path.stem)),
            key=self.path.stem,
            path=str(self.path),
            inputs=tuple(inputs),
            outputs=tuple(outputs),
            clocks=tuple(c for c in clocks),
            gates=tuple(gates),
            instances=tuple(instances),
            description=" ".join(str(data.get("description", "")).split()),
        )
        self._check_nets(circuit)
        circuit.init = self._init(data.get("init", {}), circuit)
        circuit.layout = self._layout(data.get("layout"), circuit)
        circuit.tests = tuple(
            parse_tests(data.get("test", []), circuit, self.name, self.text, self.loc)
        )
        return circuit

    # -- pieces ------------------------------------------------------------------------------
    def _names(self, data: dict, key: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of net names", "", key)
        for name in value:
            if not NET_NAME.match(name):
                raise self.fail(f"bad net name {name!r} in '{key}' (letters, digits, _)", "", key)
        if len(set(value)) != len(value):
            raise self.fail(f"'{key}' lists a net twice", "", key)
        return value

    def _gates(self, table: object) -> tuple[list[GateSpec], list[InstanceSpec]]:
        if not isinstance(table, dict):
            raise self.fail("[gates] must be a table", "", "gates")
        gates, instances = [], []
        for key, entry in table.items():
            line = self.loc.line("gates", key) if self.loc else None
            if not isinstance(entry, dict):
                raise self.fail(
                    f"gate {key!r} must be an inline table {{ op = ..., in = [...] }}", "gates", key
                )
            if not NET_NAME.match(key):
                raise self.fail(f"bad net or instance name {key!r}", "gates", key)
            if "use" in entry:
                instances.append(self._instance(key, entry, line))
                continue
            extra = set(entry) - {"op", "in"}
            if extra:
                raise self.fail(
                    f"gate {key!r}: unknown field {sorted(extra)[0]!r} (use op and in)",
                    "gates",
                    key,
                )
            op = entry.get("op")
            if not isinstance(op, str) or op.upper() not in OPS:
                raise self.fail(
                    f"gate {key!r}: unknown op {op!r} (known: {', '.join(OPS)})", "gates", key
                )
            op = op.upper()
            ins = entry.get("in", [])
            if not isinstance(ins, list) or not all(isinstance(i, str) for i in ins):
                raise self.fail(f"gate {key!r}: 'in' must be a list of net names", "gates", key)
            lo, hi, _ = OPS[op]
            if len(ins) < lo or (hi is not None and len(ins) > hi):
                raise self.fail(
                    f"gate {key!r}: wrong arity, {op} takes {arity_text(op)} input(s), got "
                    f"{len(ins)}",
                    "gates",
                    key,
                )
            gates.append(GateSpec(key, op, tuple(ins), line))
        return gates, instances

    def _instance(self, key: str, entry: dict, line: int | None) -> InstanceSpec:
        use, ports = entry.get("use"), entry.get("ports", {})
        if not isinstance(use, str):
            raise self.fail(f"instance {key!r}: 'use' must be a circuit name", "gates", key)
        if not isinstance(ports, dict) or not all(isinstance(v, str) for v in ports.values()):
            raise self.fail(f"instance {key!r}: 'ports' must map port names to nets", "gates", key)
        extra = set(entry) - {"use", "ports"}
        if extra:
            raise self.fail(f"instance {key!r}: unknown field {sorted(extra)[0]!r}", "gates", key)
        path = _resolve(use, self.path.parent, (self.name, line))
        if len(self.stack) > MAX_DEPTH:
            raise self.fail(
                f"instance {key!r}: subcircuits nested more than {MAX_DEPTH} deep", "gates", key
            )
        if path.resolve() in self.stack:
            chain = " -> ".join(p.stem for p in self.stack) + f" -> {path.stem}"
            raise self.fail(
                f"instance {key!r}: subcircuit {use!r} includes itself ({chain})", "gates", key
            )
        sub = _load(path, self.stack)
        known = set(sub.inputs) | set(sub.clocks) | set(sub.outputs)
        for port in ports:
            if port not in known:
                raise self.fail(
                    f"instance {key!r}: {use} has no port {port!r} (ports: "
                    f"{', '.join(sorted(known))})",
                    "gates",
                    key,
                )
        for port in list(sub.inputs) + list(sub.clocks):
            if port not in ports:
                raise self.fail(
                    f"instance {key!r}: input port {port!r} of {use} is not connected", "gates", key
                )
        return InstanceSpec(key, use, dict(ports), sub, line)

    def _check_nets(self, c: Circuit) -> None:
        drivers: dict[str, str] = {}

        def drive(net: str, by: str, key: str) -> None:
            if net in drivers:
                raise self.fail(
                    f"net {net!r} has two drivers: {drivers[net]} and {by}", "gates", key
                )
            drivers[net] = by

        for name in c.inputs:
            drivers[name] = "an input"
        for name in c.clocks:
            if name in drivers:
                raise self.fail(f"clock {name!r} is also listed in inputs", "", "clocks")
            drivers[name] = "a clock"
        names = {i.name for i in c.instances}
        for g in c.gates:
            if g.output in names:
                raise self.fail(
                    f"{g.output!r} is both a gate output and an instance name", "gates", g.output
                )
            drive(g.output, f"gate {g.output!r}", g.output)
        for inst in c.instances:
            for port in inst.circuit.outputs:
                if port in inst.ports:
                    drive(inst.ports[port], f"instance {inst.name!r} port {port!r}", inst.name)
        for g in c.gates:
            for net in g.inputs:
                if net not in drivers:
                    raise self.fail(f"gate {g.output!r}: undefined net {net!r}", "gates", g.output)
        for inst in c.instances:
            for port in list(inst.circuit.inputs) + list(inst.circuit.clocks):
                if inst.ports[port] not in drivers:
                    raise self.fail(
                        f"instance {inst.name!r}: undefined net {inst.ports[port]!r}",
                        "gates",
                        inst.name,
                    )
        for net in c.outputs:
            if net not in drivers:
                raise self.fail(
                    f"output {net!r} is an undefined net (nothing drives it)", "", "outputs"
                )

    def _init(self, table: object, c: Circuit) -> dict[str, int]:
        if not isinstance(table, dict):
            raise self.fail('[init] must be a table of net = 0 | 1 | "X"', "", "init")
        nets = set(c.nets())
        out = {}
        for net, value in table.items():
            if net not in nets:
                raise self.fail(f"[init]: undefined net {net!r}", "init", net)
            try:
                out[net] = parse_level(value, f"[init] {net}")
            except ValueError as exc:
                raise self.fail(str(exc), "init", net) from None
        return out

    def _layout(self, table: object, c: Circuit) -> Layout | None:
        """The optional ``[layout]`` table (schematic positions), checked with located errors."""
        if table is None:
            return None
        parts = {*c.inputs, *c.clocks, *(g.output for g in c.gates), *(i.name for i in c.instances)}
        loc = self.loc
        return parse_layout(
            table,
            parts,
            set(c.outputs),
            self.fail,
            lambda section, key: loc.line(section, key) if loc else None,
        )
