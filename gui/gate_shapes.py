"""Standard (ANSI/IEEE distinctive-shape) gate symbols as ``QPainterPath`` outlines.

Every symbol is drawn in a box ``w`` wide and ``h`` tall with its top-left corner at (0, 0):
inputs enter on the left edge, the output leaves at ``(w, h/2)``.  Inverting gates get a
bubble; gates without a distinctive shape (flip-flops, latches, subcircuits) are labelled boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

BUBBLE = 7.0  # diameter of an inversion bubble

#: Op name (lower case) -> (base shape, inverted output).
SHAPES = {
    "and": ("and", False),
    "nand": ("and", True),
    "or": ("or", False),
    "nor": ("or", True),
    "xor": ("xor", False),
    "xnor": ("xor", True),
    "not": ("buf", True),
    "inv": ("buf", True),
    "buf": ("buf", False),
    "buffer": ("buf", False),
}


def shape_of(op: str) -> tuple[str, bool]:
    """Base shape (``and``, ``or``, ``xor``, ``buf`` or ``box``) and whether the output is
    inverted."""
    return SHAPES.get(op.lower(), ("box", False))


def body_width(op: str, w: float) -> float:
    """Width of the body without the bubble (the output pin sits at ``w`` either way)."""
    return w - BUBBLE if shape_of(op)[1] else w


def gate_path(op: str, w: float, h: float) -> QPainterPath:
    """Outline of gate ``op`` in a ``w`` × ``h`` box (bubble included)."""
    base, inverted = shape_of(op)
    bw = body_width(op, w)
    p = QPainterPath()
    if base == "and":
        p.moveTo(0, 0)
        p.lineTo(bw - h / 2, 0)
        p.arcTo(QRectF(bw - h, 0, h, h), 90, -180)
        p.lineTo(0, h)
        p.closeSubpath()
    elif base in ("or", "xor"):
        x0 = 6.0 if base == "xor" else 0.0
        p.moveTo(x0, 0)
        p.quadTo(QPointF(x0 + bw * 0.55, 0), QPointF(bw, h / 2))
        p.quadTo(QPointF(x0 + bw * 0.55, h), QPointF(x0, h))
        p.quadTo(QPointF(x0 + h * 0.3, h / 2), QPointF(x0, 0))
        p.closeSubpath()
        if base == "xor":
            p.moveTo(0, 0)
            p.quadTo(QPointF(h * 0.3, h / 2), QPointF(0, h))
    elif base == "buf":
        p.moveTo(0, 0)
        p.lineTo(bw, h / 2)
        p.lineTo(0, h)
        p.closeSubpath()
    else:
        p.addRoundedRect(QRectF(0, 0, w, h), 4, 4)
    if inverted:
        p.addEllipse(QRectF(bw, h / 2 - BUBBLE / 2, BUBBLE, BUBBLE))
    return p


def input_pin_y(k: int, n: int, h: float) -> float:
    """Vertical position of input pin ``k`` of ``n`` on a gate of height ``h``."""
    if n <= 1:
        return h / 2
    margin = min(8.0, h / (2 * n))
    return margin + k * (h - 2 * margin) / (n - 1)


def input_pin_x(op: str, y: float, h: float) -> float:
    """How far right of the box edge an input wire must reach to touch the curved back of OR/XOR."""
    base, _ = shape_of(op)
    if base not in ("or", "xor"):
        return 0.0
    x0 = 6.0 if base == "xor" else 0.0
    # back curve: quadratic from (x0, 0) via (x0 + 0.3h, h/2) to (x0, h); its depth at height y
    s = y / h
    return x0 + 2 * s * (1 - s) * 0.3 * h
