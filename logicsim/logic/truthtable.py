"""Truth tables of combinational circuits, 64 rows per machine word.

Row ``r`` of an ``n``-input table sets input ``i`` (file order, the first input is the most
significant bit) to bit ``n - 1 - i`` of ``r``.  The rows are packed into uint64 words and every
gate is evaluated once, in topological order, with NumPy bitwise operations on whole word arrays:
with all inputs known Kleene logic is plain Boolean logic, so one plane suffices
(:func:`logicsim.logic.gates.evaluate_known`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from logicsim.errors import LogicsimError
from logicsim.logic.circuit import Circuit
from logicsim.logic.gates import evaluate_known
from logicsim.logic.netlist import Netlist
from logicsim.logic.values import level_text, n_words, pack_bits, unpack_bits

#: Largest number of inputs a truth table is built for (2**20 rows).
MAX_INPUTS = 20
FORMATS = ("text", "csv", "markdown", "latex")


@dataclass
class TruthTable:
    """Every row of a combinational circuit; unpacks as ``ins, outs = table``."""

    input_names: list[str]  # column names of ``inputs``
    output_names: list[str]  # column names of ``outputs``
    inputs: np.ndarray  # shape (R, n_in), uint8 levels, rows in counting order
    outputs: np.ndarray  # shape (R, n_out), uint8 levels

    def __iter__(self):
        yield self.inputs
        yield self.outputs

    def __len__(self) -> int:
        return len(self.inputs)

    def format(self, fmt: str = "text") -> str:
        """The table as ``text`` (aligned columns), ``csv``, ``markdown`` or ``latex``."""
        names = self.input_names + self.output_names
        rows = np.concatenate([self.inputs, self.outputs], axis=1).tolist()
        cells = [[level_text(v) for v in row] for row in rows]
        n_in = len(self.input_names)
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(names)
            writer.writerows(cells)
            return buf.getvalue()
        if fmt == "markdown":
            lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
            lines += ["| " + " | ".join(c) + " |" for c in cells]
            return "\n".join(lines) + "\n"
        if fmt == "latex":
            spec = "c" * n_in + "|" + "c" * len(self.output_names)
            head = " & ".join(f"${_latex_name(n)}$" for n in names)
            lines = [f"\\begin{{tabular}}{{{spec}}}", head + r" \\", r"\hline"]
            lines += [" & ".join(c) + r" \\" for c in cells]
            lines.append(r"\end{tabular}")
            return "\n".join(lines) + "\n"
        if fmt == "text":
            widths = [max(len(n), 1) for n in names]

            def line(items: list[str]) -> str:
                left = " ".join(s.rjust(w) for s, w in zip(items[:n_in], widths, strict=False))
                right = " ".join(
                    s.rjust(w) for s, w in zip(items[n_in:], widths[n_in:], strict=False)
                )
                return f"{left} | {right}"

            return "\n".join([line(names)] + [line(c) for c in cells]) + "\n"
        raise LogicsimError(f"unknown table format {fmt!r} (choose from {', '.join(FORMATS)})")


def _latex_name(name: str) -> str:
    head = name.rstrip("0123456789")
    tail = name[len(head) :]
    head = head.replace("_", r"\_")
    return f"{head}_{{{tail}}}" if tail and head else head or tail


def counting_inputs(n: int) -> np.ndarray:
    """Packed input planes of all ``2**n`` rows in counting order.

    Returns
    -------
    words : ndarray of uint64, shape (n, W) with ``W = ceil(2**n / 64)``
    """
    rows = np.arange(2**n, dtype=np.uint64)  # (R,)
    shifts = np.arange(n - 1, -1, -1, dtype=np.uint64)[:, None]  # (n, 1)
    bits = ((rows[None, :] >> shifts) & np.uint64(1)).astype(bool)  # (n, R)
    return pack_bits(bits)


def evaluate_packed(
    netlist: Netlist, input_words: np.ndarray, order: list[int] | None = None
) -> np.ndarray:
    """Value plane of every net for packed, fully known inputs (combinational circuits).

    Parameters
    ----------
    netlist : Netlist
        Must be combinational (``topological_order()`` is not None).
    input_words : ndarray of uint64, shape (n_in, W)
        Planes of the primary inputs, in ``netlist.inputs`` order.
    order : list of int, optional
        A precomputed topological order of the gates.

    Returns
    -------
    planes : ndarray of uint64, shape (N, W)
    """
    order = netlist.topological_order() if order is None else order
    if order is None:
        raise LogicsimError(
            f"circuit {netlist.circuit.key!r} is sequential (feedback or flip-flops)"
        )
    planes = np.zeros((len(netlist.net_names), input_words.shape[1]), dtype=np.uint64)  # (N, W)
    planes[netlist.inputs] = input_words
    gates = netlist.gates
    for gi in order:
        g = gates[gi]
        planes[g.output] = evaluate_known(g.op, [planes[i] for i in g.inputs])  # (W,)
    return planes


def truth_table(circuit: Circuit) -> TruthTable:
    """All ``2**n`` rows of a combinational circuit, evaluated in one packed pass."""
    nl = circuit.flatten()
    if nl.topological_order() is None:
        raise LogicsimError(
            f"circuit {circuit.key!r} is sequential (feedback or flip-flops): it has no truth "
            "table; use its state table or run it"
        )
    n = len(nl.inputs)
    if n > MAX_INPUTS:
        raise LogicsimError(
            f"circuit {circuit.key!r} has {n} inputs; truth tables stop at {MAX_INPUTS}"
        )
    rows = 2**n
    words = counting_inputs(n) if n else np.zeros((0, n_words(1)), dtype=np.uint64)
    planes = evaluate_packed(nl, words)
    if n == 0:
        rows = 1
    outs = unpack_bits(planes[nl.outputs], rows).T.astype(np.uint8)  # (R, n_out)
    ins = (
        unpack_bits(words, rows).T.astype(np.uint8) if n else np.zeros((1, 0), np.uint8)
    )  # (R, n_in)
    return TruthTable(list(circuit.inputs), list(circuit.outputs), ins, outs)
