"""The schematic: a circuit drawn with standard gate shapes and wires coloured by value.

The view is built once from a :class:`SchematicSpec` (inputs, gates, outputs) and then only
recoloured: :meth:`SchematicView.set_values` paints every wire 0 / 1 / X, :meth:`set_changed`
puts a halo on the gates that changed at the current micro-step and :meth:`set_oscillating`
marks the nets caught in an oscillation.  Clicking an input pin emits ``input_clicked(name)``;
double-clicking a gate emits ``gate_activated(name)``.  The layout (columns by logic depth,
feedback wires routed under the circuit) is pure view geometry; all values come from the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from logicsim_gui.gate_shapes import gate_path, input_pin_x, input_pin_y, shape_of
from logicsim_gui.palette import LIGHT, Theme, wire_colour
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

COL_W, ROW_H, GATE_W, GATE_H = 150.0, 78.0, 64.0, 44.0


@dataclass(frozen=True)
class GateSpec:
    """One gate of the drawing."""

    name: str  # instance name (unique), e.g. "g1" or "ff0/nor1"
    # "and", "or", "not", "nand", "nor", "xor", "xnor", "buf", or anything else (drawn as a box)
    op: str
    inputs: tuple[str, ...]  # nets read, in pin order
    outputs: tuple[str, ...]  # nets driven


@dataclass(frozen=True)
class SchematicSpec:
    """What the schematic draws: the circuit's external pins and its gates."""

    inputs: tuple[str, ...]  # input nets (clickable pins on the left)
    outputs: tuple[str, ...]  # output nets (lamps on the right)
    gates: tuple[GateSpec, ...] = field(default=())  # gates in any order


def _levels(spec: SchematicSpec) -> dict[str, int]:
    """Column of every gate: 1 + the deepest driver of its inputs; feedback edges are ignored."""
    driver = {net: g.name for g in spec.gates for net in g.outputs}
    deps = {g.name: {driver[n] for n in g.inputs if n in driver} for g in spec.gates}
    level: dict[str, int] = {}
    remaining = [g.name for g in spec.gates]
    while remaining:
        ready = [g for g in remaining if all(d in level for d in deps[g] if d != g)]
        if not ready:  # a loop: break it at the gate with most inputs already placed
            ready = [max(remaining, key=lambda g: sum(d in level for d in deps[g]))]
        for g in ready:
            level[g] = 1 + max((level[d] for d in deps[g] if d in level), default=0)
            remaining.remove(g)
    return level


class SchematicView(QGraphicsView):
    """Draws a :class:`SchematicSpec` and recolours it from net values."""

    input_clicked = Signal(str)
    gate_activated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumHeight(220)
        self.theme: Theme = LIGHT
        self.spec = SchematicSpec((), ())
        self.values: dict[str, int | None] = {}
        self._wires: dict[str, QGraphicsPathItem] = {}
        self._labels: dict[str, QGraphicsSimpleTextItem] = {}
        self._gates: dict[str, QGraphicsPathItem] = {}
        self._pins: dict[str, QGraphicsRectItem] = {}
        self._lamps: dict[str, QGraphicsEllipseItem] = {}
        self._texts: list[QGraphicsSimpleTextItem] = []
        self._lamp_x = float("inf")  # x of the output lamps (wires to them may take a lane)
        self._last_col_x = float("inf")  # x where the last column of gates starts
        self.changed_gates: set[str] = set()
        self.oscillating_nets: set[str] = set()

    # -- building -----------------------------------------------------------------------
    def set_spec(self, spec: SchematicSpec) -> None:
        """Lay out and draw ``spec`` (clears the previous drawing)."""
        scene = self.scene()
        scene.clear()
        self.spec = spec
        self._wires, self._labels, self._gates, self._pins, self._lamps = {}, {}, {}, {}, {}
        self._texts = []
        self._lamp_x = self._last_col_x = float("inf")
        self.changed_gates, self.oscillating_nets = set(), set()
        level = _levels(spec)
        ncols = max(level.values(), default=0) + 1
        out_pos: dict[str, QPointF] = {}  # net -> where its driver emits it
        sinks: dict[str, list[QPointF]] = {}  # net -> input pins reading it
        font = QFont()
        font.setPointSize(11)
        for k, net in enumerate(spec.inputs):
            y = 30 + k * ROW_H * 0.8
            pin = QGraphicsRectItem(QRectF(0, y - 14, 46, 28))
            pin.setData(0, ("input", net))
            pin.setCursor(Qt.PointingHandCursor)
            pin.setToolTip(f"input {net}: click to toggle 0 ↔ 1")
            scene.addItem(pin)
            self._pins[net] = pin
            self._add_text(net, QPointF(4, y - 9), font, bold=True)
            out_pos[net] = QPointF(46, y)
        rows: dict[int, list[GateSpec]] = {}
        for g in spec.gates:
            rows.setdefault(level[g.name], []).append(g)
        for col in sorted(rows):
            gates = sorted(rows[col], key=lambda g: self._mean_y(g, out_pos))
            for r, g in enumerate(gates):
                self._add_gate(g, QPointF(col * COL_W + 20, 12 + r * ROW_H), out_pos, sinks, font)
        lamp_y: dict[str, float] = {}
        last = -1e9
        for net in sorted(spec.outputs, key=lambda n: out_pos[n].y() if n in out_pos else 1e9):
            wanted = out_pos[net].y() if net in out_pos else last + 50
            lamp_y[net] = last = max(wanted, last + 50)  # lamps never overlap
        for net in spec.outputs:
            y = lamp_y[net]
            x = ncols * COL_W + 40
            lamp = QGraphicsEllipseItem(QRectF(x, y - 12, 24, 24))
            lamp.setToolTip(f"output {net}")
            scene.addItem(lamp)
            self._lamps[net] = lamp
            self._add_text(net, QPointF(x + 30, y - 9), font, bold=True)
            sinks.setdefault(net, []).append(QPointF(x, y))
            self._lamp_x = x
        self._last_col_x = (ncols - 1) * COL_W + 20
        bottom = scene.itemsBoundingRect().bottom()
        for lane, net in enumerate(sorted(set(sinks) | set(out_pos))):
            self._add_wire(
                net, out_pos.get(net), sinks.get(net, []), bottom + 14 + 9 * lane, font, lane
            )
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))
        self.apply_theme(self.theme)
        self.fit()

    @staticmethod
    def _mean_y(g: GateSpec, out_pos: Mapping[str, QPointF]) -> float:
        ys = [out_pos[n].y() for n in g.inputs if n in out_pos]
        return sum(ys) / len(ys) if ys else 1e9

    def _add_text(self, text: str, at: QPointF, font: QFont, bold: bool = False):
        item = QGraphicsSimpleTextItem(text)
        f = QFont(font)
        f.setBold(bold)
        item.setFont(f)
        item.setPos(at)
        self.scene().addItem(item)
        self._texts.append(item)
        return item

    def _add_gate(self, g, at: QPointF, out_pos, sinks, font) -> None:
        n_in = max(1, len(g.inputs))
        h = max(GATE_H, 14.0 * n_in)
        body = QGraphicsPathItem(gate_path(g.op, GATE_W, h))
        body.setPos(at)
        body.setData(0, ("gate", g.name))
        body.setToolTip(
            f"{g.name}: {g.op.upper()}({', '.join(g.inputs)}) → {', '.join(g.outputs)}"
            "\ndouble-click to look inside"
        )
        self.scene().addItem(body)
        self._gates[g.name] = body
        if shape_of(g.op)[0] == "box":  # flip-flops and subcircuits: the name of what is inside
            label = g.op if len(g.op) <= 5 else g.op.replace("_", " ")
            box = QFont(font)
            box.setPointSize(11 if len(label) <= 5 else 8)
            text = self._add_text(label.upper() if len(label) <= 5 else label, at, box)
            r = text.boundingRect()
            text.setPos(at + QPointF((GATE_W - r.width()) / 2, (h - r.height()) / 2))
        small = QFont(font)
        small.setPointSize(8)
        self._add_text(g.name.split("/")[-1], at + QPointF(0, -13), small)
        for k, net in enumerate(g.inputs):
            y = input_pin_y(k, len(g.inputs), h)
            sinks.setdefault(net, []).append(at + QPointF(input_pin_x(g.op, y, h), y))
        for k, net in enumerate(g.outputs):
            out_pos[net] = at + QPointF(GATE_W, input_pin_y(k, len(g.outputs), h))

    def _add_wire(
        self, net, src: QPointF | None, dsts: list[QPointF], lane_y: float, font, lane: int
    ) -> None:
        path = QPainterPath()
        for dst in dsts:
            if src is None:
                path.addEllipse(dst, 3, 3)
                continue
            path.moveTo(src)
            to_lamp = dst.x() >= self._lamp_x and src.x() < self._last_col_x
            if to_lamp:  # an output tapped before the last column: a lane under the circuit
                path.lineTo(src.x() + 8 + (lane % 6) * 4, src.y())
                path.lineTo(src.x() + 8 + (lane % 6) * 4, lane_y)
                path.lineTo(dst.x() - 14 - (lane % 6) * 4, lane_y)
                path.lineTo(dst.x() - 14 - (lane % 6) * 4, dst.y())
            elif dst.x() > src.x() + 10:  # forward: right, vertical at a per-net x, right
                xm = dst.x() - 12 - (lane % 6) * 5
                xm = max(xm, src.x() + 6)
                path.lineTo(xm, src.y())
                path.lineTo(xm, dst.y())
            else:  # feedback: go out, down to a lane under the circuit, back left, up
                path.lineTo(src.x() + 12, src.y())
                path.lineTo(src.x() + 12, lane_y)
                path.lineTo(dst.x() - 16, lane_y)
                path.lineTo(dst.x() - 16, dst.y())
            path.lineTo(dst)
        item = QGraphicsPathItem(path)
        item.setZValue(-1)
        item.setToolTip(f"net {net}")
        self.scene().addItem(item)
        self._wires[net] = item
        if src is not None:
            label = QGraphicsSimpleTextItem("X")
            bold = QFont(font)
            bold.setBold(True)
            label.setFont(bold)
            label.setPos(src + QPointF(4, -20))
            self.scene().addItem(label)
            self._labels[net] = label

    # -- recolouring ----------------------------------------------------------------------
    def set_values(self, values: Mapping[str, int | None]) -> None:
        """Colour every wire, pin and lamp by its net value (0, 1, or None for X)."""
        self.values = dict(values)
        t = self.theme
        for net, item in self._wires.items():
            v = self.values.get(net)
            pen = QPen(QColor(wire_colour(t, v)), 4.5 if net in self.oscillating_nets else 2.6)
            if v not in (0, 1):
                pen.setStyle(Qt.DashLine)
            item.setPen(pen)
            if net in self._labels:
                self._labels[net].setText("X" if v not in (0, 1) else str(v))
                self._labels[net].setBrush(QColor(wire_colour(t, v)))
        for net, pin in list(self._pins.items()) + list(self._lamps.items()):
            v = self.values.get(net)
            pin.setBrush(QBrush(QColor(wire_colour(t, v))))
            pin.setPen(QPen(QColor(t.foreground), 1.5))
        self._paint_gates()

    def set_changed(self, gates: set[str]) -> None:
        """Halo the gates that changed at the last micro-step."""
        self.changed_gates = set(gates)
        self._paint_gates()

    def set_oscillating(self, nets: set[str]) -> None:
        """Thicken the wires of nets caught in an oscillation."""
        self.oscillating_nets = set(nets)
        self.set_values(self.values)

    def _paint_gates(self) -> None:
        t = self.theme
        for name, body in self._gates.items():
            hot = name in self.changed_gates
            body.setPen(QPen(QColor(t.changed if hot else t.foreground), 4 if hot else 1.8))
            body.setBrush(QBrush(QColor(t.gate_fill)))

    def apply_theme(self, theme: Theme) -> None:
        """Redraw with the colours of ``theme``."""
        self.theme = theme
        self.setBackgroundBrush(QColor(theme.background))
        for item in self._texts:
            item.setBrush(QColor(theme.foreground))
        self.set_values(self.values)

    def fit(self) -> None:
        """Scale the drawing to fill the view (at most 2.2×, so a NOT gate does not fill the
        screen)."""
        rect = self.sceneRect()
        if rect.isEmpty() or self.viewport().width() < 10:
            return
        self.resetTransform()
        s = min(
            self.viewport().width() / rect.width(), self.viewport().height() / rect.height(), 2.2
        )
        self.scale(s, s)
        self.centerOn(rect.center())

    # -- events -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

    def _hit(self, pos) -> tuple[str, str] | None:
        for item in self.items(pos):
            data = item.data(0)
            if data:
                return tuple(data)
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        hit = self._hit(event.position().toPoint())
        if hit and hit[0] == "input" and event.button() == Qt.LeftButton:
            self.input_clicked.emit(hit[1])
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        hit = self._hit(event.position().toPoint())
        if hit and hit[0] == "gate":
            self.gate_activated.emit(hit[1])
            return
        super().mouseDoubleClickEvent(event)

    def pin_position(self, net: str) -> QPointF:
        """Viewport position of input pin ``net`` (for tests that click it)."""
        return self.mapFromScene(self._pins[net].sceneBoundingRect().center())
