"""Waveforms: levels of nets over time, recorded from a simulator and exported as VCD.

A :class:`Waveform` holds samples ``values[s, n]`` (int8 codes 0, 1, X = 2) of net ``n`` at time
``times[s]``.  Time counts micro-steps (``resolution="step"``) or half clock periods
(``resolution="clock"``).  :meth:`Waveform.to_vcd` writes a Value Change Dump (IEEE 1364 §18:
``$timescale``, nested ``$scope`` per instance path, ``$var``, ``$enddefinitions``, ``#t``
change blocks) that GTKWave and Surfer read; :func:`read_vcd` reads it back.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from logicsim.errors import FileFormatError
from logicsim.logic.values import X

_VCD_CHAR = {0: "0", 1: "1", X: "x"}
_VCD_CODE = {"0": 0, "1": 1, "x": X, "X": X, "z": X, "Z": X}


@dataclass
class Waveform:
    """Sampled levels of named nets (one batch row)."""

    names: list[str]  # net names; dots mark instance paths ("ff1.q")
    times: np.ndarray  # shape (S,), int64, non-decreasing
    values: np.ndarray  # shape (S, n), int8 codes 0, 1, 2 (= X)
    resolution: str = "step"  # "step" (micro-steps) or "clock" (half clock periods)

    def net(self, name: str) -> np.ndarray:
        """Samples of one net, shape ``(S,)``."""
        return self.values[:, self.names.index(name)]

    def select(self, names: list[str]) -> Waveform:
        """The same samples restricted to ``names`` (in that order)."""
        cols = [self.names.index(n) for n in names]
        return Waveform(
            list(names), self.times.copy(), self.values[:, cols].copy(), self.resolution
        )

    def compress(self) -> Waveform:
        """Keep the first sample and every sample that differs from the one before; for samples
        sharing a time keep the last one."""
        if len(self.times) == 0:
            return self
        last = np.append(self.times[1:] != self.times[:-1], True)
        t, v = self.times[last], self.values[last]
        keep = np.ones(len(t), dtype=bool)
        keep[1:] = (v[1:] != v[:-1]).any(axis=1)
        return Waveform(list(self.names), t[keep], v[keep], self.resolution)

    def to_vcd(
        self,
        target: str | os.PathLike | TextIO,
        timescale: str = "1 ns",
        module: str = "top",
        *,
        overwrite: bool = False,
    ) -> None:
        """Write the waveform as a VCD file: a path or an open text file.

        A path is written atomically through :func:`logicsim.files.atomic_target`: an existing
        file is replaced only with ``overwrite=True`` (and only a regular file).
        """
        if isinstance(target, str | os.PathLike):
            from logicsim.files import atomic_target

            with atomic_target(target, overwrite=overwrite) as tmp:
                with open(tmp, "w", encoding="ascii") as fh:
                    self.to_vcd(fh, timescale, module)
            return
        writer = VcdWriter(target, self.names, self.resolution, timescale, module)
        writer.write(self.times, self.values)
        writer.close()

    def vcd_text(self, timescale: str = "1 ns", module: str = "top") -> str:
        """The VCD file as a string."""
        buf = io.StringIO()
        self.to_vcd(buf, timescale, module)
        return buf.getvalue()


class VcdWriter:
    """Writes a VCD incrementally: header first, then samples in chunks, in bounded memory.

    Samples are compressed as :meth:`Waveform.compress` does (for equal times the last sample
    counts; a sample equal to the one before writes nothing), across chunk boundaries too.

    Parameters
    ----------
    out : text file
        Where the VCD goes.
    names : list of str
        Net names (dots mark instance scopes).
    resolution : {"step", "clock"}
        Recorded in a ``$comment`` so :func:`read_vcd` gets it back.
    timescale, module : str
        The ``$timescale`` and the top scope's name.
    """

    def __init__(
        self,
        out: TextIO,
        names: list[str],
        resolution: str = "step",
        timescale: str = "1 ns",
        module: str = "top",
    ) -> None:
        self.out, self.names = out, list(names)
        self.ids = [_identifier(i) for i in range(len(self.names))]
        # "0!\n", "1!\n", "x!\n", "0\"\n", ...: the line for net c at level v is _tokens[3c + v]
        self._tokens = [f"{_VCD_CHAR[v]}{i}\n" for i in self.ids for v in (0, 1, X)]
        self._prev: np.ndarray | None = None  # last row written, shape (n,)
        self._pending: tuple[int, np.ndarray] | None = None  # last sample, not yet written
        out.write("$date logicsim $end\n$version logicsim waveform $end\n")
        out.write(f"$comment resolution {resolution} $end\n$timescale {timescale} $end\n")
        out.write(f"$scope module {module} $end\n")
        scope: list[str] = []
        for i in sorted(range(len(self.names)), key=lambda j: (self.names[j].split(".")[:-1], j)):
            *path, leaf = self.names[i].split(".")
            while scope and scope != path[: len(scope)]:
                out.write("$upscope $end\n")
                scope.pop()
            for part in path[len(scope) :]:
                out.write(f"$scope module {part} $end\n")
                scope.append(part)
            out.write(f"$var wire 1 {self.ids[i]} {leaf} $end\n")
        out.write("$upscope $end\n" * (len(scope) + 1))
        out.write("$enddefinitions $end\n")

    def write(self, times: np.ndarray, values: np.ndarray) -> None:
        """Add samples: ``times`` shape ``(S,)`` non-decreasing, ``values`` shape ``(S, n)``."""
        times = np.asarray(times, dtype=np.int64)
        values = np.asarray(values, dtype=np.int8).reshape(len(times), len(self.names))
        if len(times) == 0:
            return
        if self._pending is not None:
            times = np.concatenate(([self._pending[0]], times))
            values = np.concatenate((self._pending[1][None], values))
        last = np.append(times[1:] != times[:-1], False)  # last of its time, final one held
        self._pending = (int(times[-1]), values[-1].copy())
        self._emit(times[last], values[last])

    def _emit(self, times: np.ndarray, values: np.ndarray) -> None:
        if len(times) == 0:
            return
        first = values[:1] if self._prev is None else self._prev[None]
        before = np.concatenate((first, values[:-1]))  # the row each sample follows
        differs = (values != before).any(axis=1)
        if self._prev is None:
            differs[0] = True
        rows = np.nonzero(differs)[0]
        if len(rows) == 0:
            return
        out, tok = self.out, self._tokens
        if self._prev is None:  # the first sample lists every net
            out.write(f"#{int(times[rows[0]])}\n$dumpvars\n")
            out.write("".join(tok[3 * c + int(v)] for c, v in enumerate(values[rows[0]])))
            out.write("$end\n")
            self._prev = values[rows[0]]
            rows = rows[1:]
        if len(rows) == 0:
            return
        now, was = values[rows], before[rows]  # (S', n) each
        r, col = np.nonzero(now != was)  # changed nets, grouped by sample
        pieces = [tok[k] for k in (3 * col + now[r, col]).tolist()]
        bounds = np.searchsorted(r, np.arange(len(rows) + 1)).tolist()
        parts: list[str] = []
        for j, t in enumerate(times[rows].tolist()):
            parts.append(f"#{t}\n")
            parts.extend(pieces[bounds[j] : bounds[j + 1]])
        out.write("".join(parts))
        self._prev = values[rows[-1]]

    def close(self) -> None:
        """Write the last held sample (the file object stays open)."""
        if self._pending is not None:
            t, row = self._pending
            self._pending = None
            self._emit(np.array([t]), row[None])


def _identifier(i: int) -> str:
    """Short VCD identifier from printable ASCII 33..126 (base 94)."""
    chars = ""
    while True:
        i, r = divmod(i, 94)
        chars += chr(33 + r)
        if i == 0:
            return chars
        i -= 1


def read_vcd(source: str | os.PathLike | TextIO, name: str = "<vcd>") -> Waveform:
    """Parse a VCD file of one-bit signals into a :class:`Waveform` (values forward-filled)."""
    if isinstance(source, str | os.PathLike):
        name = str(source)
        with open(source, encoding="ascii") as fh:
            text = fh.read()
    else:
        text = source.read()
    tokens = text.split()
    names: list[str] = []
    ids: dict[str, int] = {}
    scope: list[str] = []
    resolution = "step"
    i = 0
    while i < len(tokens) and tokens[i] != "$enddefinitions":
        tok = tokens[i]
        if tok == "$scope":
            scope.append(tokens[i + 2])
            i += 4
        elif tok == "$upscope":
            scope.pop()
            i += 2
        elif tok == "$var":
            if tokens[i + 2] != "1":
                raise FileFormatError(
                    name, f"only 1-bit signals are supported, got width {tokens[i + 2]}"
                )
            full = ".".join(scope[1:] + [tokens[i + 4]])
            ids[tokens[i + 3]] = len(names)
            names.append(full)
            i = tokens.index("$end", i) + 1
        elif tok == "$comment" and tokens[i + 1] == "resolution":
            resolution = tokens[i + 2]
            i = tokens.index("$end", i) + 1
        elif tok.startswith("$"):
            i = tokens.index("$end", i) + 1
        else:
            raise FileFormatError(name, f"unexpected token {tok!r} in the header")
    if i >= len(tokens):
        raise FileFormatError(name, "no $enddefinitions")
    current = np.full(len(names), X, dtype=np.int8)
    times, rows, t = [], [], None
    for tok in tokens[i + 2 :]:
        if tok.startswith("#"):
            if t is not None:
                times.append(t)
                rows.append(current.copy())
            t = int(tok[1:])
        elif tok in ("$dumpvars", "$end"):
            continue
        elif tok[0] in _VCD_CODE and tok[1:] in ids:
            current[ids[tok[1:]]] = _VCD_CODE[tok[0]]
        else:
            raise FileFormatError(name, f"cannot read value change {tok!r}")
    if t is not None:
        times.append(t)
        rows.append(current.copy())
    values = np.asarray(rows, dtype=np.int8).reshape(len(times), len(names))
    return Waveform(names, np.asarray(times, dtype=np.int64), values, resolution)


class WaveformRecorder:
    """Records a simulator's nets (one batch row) at micro-step or clock resolution.

    Parameters
    ----------
    sim : Simulator
        The model followed through its events.
    nets : list of str, optional
        Nets to keep (default: all).
    resolution : {"step", "clock"}
        Sample after every micro-step (time = ``sim.step_count``) or after every settled half
        clock tick (time = ``sim.half_ticks``).
    row : int
        Batch row to record.
    """

    def __init__(self, sim, nets: list[str] | None = None, resolution: str = "step", row: int = 0):
        if resolution not in ("step", "clock"):
            raise ValueError(f"resolution must be 'step' or 'clock', got {resolution!r}")
        self.sim, self.resolution, self.row = sim, resolution, row
        self.names = list(nets) if nets is not None else list(sim.netlist.net_names)
        self._cols = np.array([sim.netlist.net_names.index(n) for n in self.names], dtype=np.int64)
        self._times: list[int] = []
        self._rows: list[np.ndarray] = []
        self._sample()
        if resolution == "step":
            sim.stepped.connect(self._on_step)
            sim.changed.connect(self._on_change)
        else:
            sim.ticked.connect(self._on_tick)
            sim.ran.connect(self._on_run)

    def _now(self) -> int:
        return self.sim.step_count if self.resolution == "step" else self.sim.half_ticks

    def _sample(self) -> None:
        t, row = self._now(), self.sim.value_array(self.row)[self._cols]
        if self._times and self._times[-1] == t:
            self._rows[-1] = row
        else:
            self._times.append(t)
            self._rows.append(row)

    def _on_step(self, _gates: list[int]) -> None:
        self._sample()

    def _on_change(self, kind: str) -> None:
        if kind in ("input", "reset", "run"):
            self._sample()

    def _on_tick(self, _half_ticks: int) -> None:
        self._sample()

    def _on_run(self, wave: Waveform) -> None:
        cols = [wave.names.index(n) for n in self.names]
        self._times.extend(wave.times.tolist())
        self._rows.extend(wave.values[:, cols])

    def stop(self) -> None:
        """Disconnect from the simulator (the samples stay)."""
        for event, cb in (
            (self.sim.stepped, self._on_step),
            (self.sim.changed, self._on_change),
            (self.sim.ticked, self._on_tick),
            (self.sim.ran, self._on_run),
        ):
            event.disconnect(cb)

    def drain(self) -> Waveform:
        """The samples so far, which are then forgotten (for streaming long runs)."""
        wave = self.waveform()
        self._times, self._rows = [], []
        return wave

    def waveform(self) -> Waveform:
        """The samples so far."""
        values = np.asarray(self._rows, dtype=np.int8).reshape(len(self._times), len(self.names))
        return Waveform(
            list(self.names), np.asarray(self._times, dtype=np.int64), values, self.resolution
        )
