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
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from logicsim.errors import LogicsimError, shorten
from logicsim.logic.circuit import Circuit
from logicsim.logic.gates import evaluate_known
from logicsim.logic.netlist import Netlist
from logicsim.logic.values import n_words, pack_bits, unpack_bits

#: Largest number of inputs a truth table is built for (2**20 rows).
MAX_INPUTS = 20
#: Largest rows x nets of a truth table: the packed planes then take at most 32 MB and the
#: pass over the gates a second or so (20 inputs x 5,000 gates, 5e9, is refused at once).
MAX_TABLE_WORK = 2**28
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
        return "".join(self.iter_text(fmt))

    def iter_text(self, fmt: str = "text", block: int = 8192) -> Iterator[str]:
        """The formatted table in pieces of up to ``block`` rows, so a 2**20-row table is
        written without holding its text in memory (``"".join`` gives :meth:`format`)."""
        if fmt not in FORMATS:
            raise LogicsimError(
                f"unknown table format {shorten(repr(fmt))} (choose from {', '.join(FORMATS)})"
            )
        names = self.input_names + self.output_names
        n_in = len(self.input_names)
        if fmt == "csv":
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerow(names)
            yield buf.getvalue()
        elif fmt == "markdown":
            yield "| " + " | ".join(names) + " |\n"
            yield "|" + "---|" * len(names) + "\n"
        elif fmt == "latex":
            spec = "c" * n_in + "|" + "c" * len(self.output_names)
            head = " & ".join(f"${_latex_name(n)}$" for n in names)
            yield f"\\begin{{tabular}}{{{spec}}}\n{head} \\\\\n\\hline\n"
        widths = [max(len(n), 1) for n in names]

        def text_line(items: list[str]) -> str:
            left = " ".join(s.rjust(w) for s, w in zip(items[:n_in], widths, strict=False))
            right = " ".join(s.rjust(w) for s, w in zip(items[n_in:], widths[n_in:], strict=False))
            return f"{left} | {right}\n"

        if fmt == "text":
            yield text_line(names)
        # Every cell is one character, so all rows share one layout: fill a template per block.
        cells = ["\0"] * len(names)
        if fmt == "csv":
            template = ",".join(cells) + "\n"
        elif fmt == "markdown":
            template = "| " + " | ".join(cells) + " |\n"
        elif fmt == "latex":
            template = " & ".join(cells) + " \\\\\n"
        else:
            template = text_line(cells)
        line = np.frombuffer(template.encode("ascii"), dtype=np.uint8)  # (L,)
        slots = np.nonzero(line == 0)[0]  # (n_cols,)
        glyph = np.frombuffer(b"01X", dtype=np.uint8)  # level code -> character
        for lo in range(0, len(self.inputs), block):
            codes = np.concatenate(
                [self.inputs[lo : lo + block], self.outputs[lo : lo + block]], axis=1
            )  # (m, n_cols)
            text = np.tile(line, (len(codes), 1))  # (m, L)
            text[:, slots] = glyph[codes]
            yield text.tobytes().decode("ascii")
        if fmt == "latex":
            yield "\\end{tabular}\n"


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
    if rows * len(nl.net_names) > MAX_TABLE_WORK:
        raise LogicsimError(
            f"circuit {circuit.key!r}: a truth table of {rows} rows x {len(nl.net_names)} nets is "
            f"too much work (limit {MAX_TABLE_WORK} row-nets); use fewer inputs or test tables"
        )
    words = counting_inputs(n) if n else np.zeros((0, n_words(1)), dtype=np.uint64)
    planes = evaluate_packed(nl, words)
    if n == 0:
        rows = 1
    outs = unpack_bits(planes[nl.outputs], rows).T.astype(np.uint8)  # (R, n_out)
    ins = (
        unpack_bits(words, rows).T.astype(np.uint8) if n else np.zeros((1, 0), np.uint8)
    )  # (R, n_in)
    return TruthTable(list(circuit.inputs), list(circuit.outputs), ins, outs)
