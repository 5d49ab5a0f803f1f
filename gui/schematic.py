"""The schematic: a circuit drawn with standard gate shapes and wires coloured by value.

The view is built once from a :class:`SchematicSpec` (inputs, gates, outputs, and the hand
placement of the circuit file's ``[layout]`` table) and then only recoloured:
:meth:`SchematicView.set_values` paints every wire 0 / 1 / X, :meth:`set_changed` puts a halo
on the gates that changed at the current micro-step and :meth:`set_oscillating` marks the nets
caught in an oscillation.  Clicking an input pin emits ``input_clicked(name)``; double-clicking
a gate emits ``gate_activated(name)``.  Where parts go and how wires run is computed by
:mod:`logicsim_gui.schematic_grid` (cells) and :mod:`logicsim_gui.schematic_layout`
(orthogonal wires that never cross a gate body); above :data:`MAX_DRAWN` gates the view
shows a summary instead.

Zoom with the mouse wheel or the − / + buttons, drag to pan, *Fit* to see everything.  Scene
units are pixels at 100 %: labels are 13 px, so the automatic fit never shrinks the drawing
below 12 px labels (a large circuit then scrolls); :meth:`apply_zoom` scales everything by
the app's zoom factor.
"""

from __future__ import annotations

from collections.abc import Mapping

from logicsim_gui.gate_shapes import gate_path, shape_of
from logicsim_gui.palette import LIGHT, Theme, wire_colour
from logicsim_gui.schematic_labels import place_labels
from logicsim_gui.schematic_layout import (
    CHAR_W,
    MAX_DRAWN,
    Drawing,
    GateSpec,
    SchematicSpec,
    layout,
    levels,
    summary,
)
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QToolButton,
)

__all__ = ["GateSpec", "SchematicSpec", "SchematicView", "MAX_DRAWN", "_levels"]

LABEL_PX = 13  # names of pins, gates and nets, and the value labels (pixels at 100 %)
PORT_PX = 13  # port names inside subcircuit boxes
MIN_AUTO_SCALE = 12.0 / LABEL_PX  # the automatic fit keeps labels at 12 px or more
MAX_AUTO_SCALE = 2.0  # ... and does not blow a NOT gate up to fill the screen
ZOOM_STEP = 1.25
ZOOM_RANGE = (0.1, 8.0)  # of the view scale, before the app's zoom factor


def _levels(spec: SchematicSpec) -> dict[str, int]:
    """Column of every gate (see :func:`logicsim_gui.schematic_layout.levels`)."""
    return levels(spec)


def _font(px: int, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(px)
    f.setBold(bold)
    return f


class SchematicView(QGraphicsView):
    """Draws a :class:`SchematicSpec` and recolours it from net values."""

    input_clicked = Signal(str)
    gate_activated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.Antialiasing)
        self.setRenderHint(QPainter.TextAntialiasing)
        self.setMinimumHeight(220)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setToolTip("")
        self.theme: Theme = LIGHT
        self.spec = SchematicSpec((), ())
        self.drawing: Drawing | None = None
        self.summary_lines: list[str] = []
        self.values: dict[str, int | None] = {}
        self._wires: dict[str, QGraphicsPathItem] = {}
        self._labels: dict[str, QGraphicsSimpleTextItem] = {}
        self._label_boxes: dict[str, tuple[float, float, float, float]] = {}
        self._gates: dict[str, QGraphicsPathItem] = {}
        self._pins: dict[str, QGraphicsRectItem] = {}
        self._lamps: dict[str, QGraphicsEllipseItem] = {}
        self._texts: list[QGraphicsSimpleTextItem] = []
        self._marks: list[QGraphicsPathItem] = []  # clock triangles on boxes
        self._prefix: dict[str, str] = {}  # net -> "m = " when its name is shown with its value
        self._plates: dict[str, tuple[QGraphicsRectItem, float, float, bool]] = {}  # under labels
        self._named: dict[str, str] = {}
        self.changed_gates: set[str] = set()
        self.oscillating_nets: set[str] = set()
        self.ui_zoom = 1.0  # the app's zoom factor (apply_zoom)
        self.view_scale = 1.0  # the drawing's own scale (fit, wheel, buttons)
        self.mode = "auto"  # "auto": readable fit; "fit": everything; "user": zoomed by hand
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("out", "−", "Zoom out (mouse wheel down)", self.zoom_out),
            ("in", "+", "Zoom in (mouse wheel up)", self.zoom_in),
            ("fit", "Fit", "Fit the whole circuit into the view", self.fit_all),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(False)
            button.clicked.connect(slot)
            self.buttons[key] = button
        self._place_buttons()

    # -- building -----------------------------------------------------------------------
    def set_spec(self, spec: SchematicSpec) -> None:
        """Lay out and draw ``spec`` (clears the previous drawing)."""
        scene = self.scene()
        scene.clear()
        self.spec = spec
        self._wires, self._labels, self._gates, self._pins, self._lamps = {}, {}, {}, {}, {}
        self._texts, self._marks, self._prefix, self._plates = [], [], {}, {}
        self._label_boxes: dict[str, tuple[float, float, float, float]] = {}
        self.changed_gates, self.oscillating_nets = set(), set()
        self.drawing, self.summary_lines = None, []
        if len(spec.gates) > MAX_DRAWN:
            self._draw_summary(spec)
        else:
            self._named = self._net_names(spec)
            room = {net: CHAR_W * (len(prefix) + 1) + 12 for net, prefix in self._named.items()}
            self.drawing = layout(spec, room)
            self._draw(self.drawing, spec)
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-12, -12, 12, 12))
        self.apply_theme(self.theme)
        self.mode = "auto"
        self.fit()

    @staticmethod
    def _net_names(spec: SchematicSpec) -> dict[str, str]:
        """Nets named nowhere else (a box's output port wired to a net of another name, not an
        output): net -> "name = ", written before its value."""
        named = {}
        for g in spec.gates:
            ports = g.pins[len(g.inputs) :]
            for k, net in enumerate(g.outputs):
                local = net.split(".")[-1]
                port = ports[k] if k < len(ports) else g.name.split(".")[-1]
                if local not in (port, g.name.split(".")[-1]) and net not in spec.outputs:
                    named[net] = f"{local} = "
        return named

    def _draw_summary(self, spec: SchematicSpec) -> None:
        self.summary_lines = summary(spec)
        item = self._add_text("\n".join(self.summary_lines), QPointF(0, 0), _font(16))
        item.setData(0, ("summary", ""))

    def _draw(self, d: Drawing, spec: SchematicSpec) -> None:
        label_font, bold = _font(LABEL_PX), _font(LABEL_PX, bold=True)
        port_font = _font(PORT_PX)
        gates = {g.name: g for g in spec.gates}
        for (kind, name), p in d.parts.items():
            if kind == "input":
                pin = QGraphicsRectItem(QRectF(p.x, p.y, p.w, p.h))
                pin.setData(0, ("input", name))
                pin.setCursor(Qt.PointingHandCursor)
                pin.setToolTip(f"input {name}: click to toggle 0 ↔ 1")
                self.scene().addItem(pin)
                self._pins[name] = pin
                text = self._add_text(name.split(".")[-1], QPointF(p.x, p.y), bold)
                self._centre(text, QRectF(p.x, p.y, p.w, p.h))
                text.setAcceptedMouseButtons(Qt.NoButton)
            elif kind == "lamp":
                lamp = QGraphicsEllipseItem(QRectF(p.x, p.y, p.h, p.h))
                lamp.setToolTip(f"output {name}")
                self.scene().addItem(lamp)
                self._lamps[name] = lamp
                text = self._add_text(name.split(".")[-1], QPointF(p.x + p.h + 6, p.y), bold)
                text.setY(p.y + (p.h - text.boundingRect().height()) / 2)
            else:
                self._draw_gate(gates[name], p, d, label_font, port_font)
        self._draw_wires(d, self._named)

    def _draw_gate(self, g: GateSpec, p, d: Drawing, label_font: QFont, port_font: QFont) -> None:
        body = QGraphicsPathItem(gate_path(g.op, p.w, p.h))
        if p.facing == "west":  # mirrored: inputs on the right, output on the left
            body.setTransform(QTransform(-1, 0, 0, 1, p.w, 0))
        body.setPos(p.x, p.y)
        body.setData(0, ("gate", g.name))
        body.setToolTip(
            f"{g.name}: {g.op.upper()}({', '.join(g.inputs)}) → {', '.join(g.outputs)}"
            "\ndouble-click to look inside"
        )
        self.scene().addItem(body)
        self._gates[g.name] = body
        title = g.name.split(".")[-1]
        box = shape_of(g.op)[0] == "box"
        kind = g.op if len(g.op) <= 4 else g.op.replace("_", " ")
        if box and len(kind) > 4:
            title = f"{title} · {kind}"
        label = self._add_text(title, QPointF(p.x, p.y), label_font)
        label.setPos(p.x + (p.w - label.boundingRect().width()) / 2, p.y - LABEL_PX - 6)
        if not box:
            return
        inner = QRectF(p.x, p.y, p.w, p.h)
        if len(kind) <= 4:
            text = self._add_text(kind.upper(), QPointF(p.x, p.y), _font(LABEL_PX, bold=True))
            self._centre(text, inner)
            text.setAcceptedMouseButtons(Qt.NoButton)
        ins, outs = d.pins[("gate", g.name)]
        names = list(g.pins)
        west = p.facing == "west"
        for k, (_, y) in enumerate(ins):
            clock = k in g.clocks
            if k < len(names):
                self._port(names[k], port_font, p, y, right=west, indent=9 if clock else 0)
            if clock:  # the edge-trigger mark: a small triangle on the box edge
                x0 = p.x + p.w if west else p.x
                dx = -8 if west else 8
                mark = QPainterPath(QPointF(x0, y - 6))
                mark.lineTo(x0 + dx, y)
                mark.lineTo(x0, y + 6)
                item = QGraphicsPathItem(mark)
                item.setPen(QPen(QColor(self.theme.foreground), 1.5))
                item.setAcceptedMouseButtons(Qt.NoButton)
                self.scene().addItem(item)
                self._marks.append(item)
        for k, (_, y) in enumerate(outs):
            if len(ins) + k < len(names):
                self._port(names[len(ins) + k], port_font, p, y, right=not west)

    def _port(self, name: str, font: QFont, p, y: float, right: bool, indent: float = 0) -> None:
        text = self._add_text(name, QPointF(p.x, y), font)
        r = text.boundingRect()
        pad = 4 + indent
        text.setPos(p.x + p.w - r.width() - pad if right else p.x + pad, y - r.height() / 2)
        text.setAcceptedMouseButtons(Qt.NoButton)

    @staticmethod
    def _centre(item: QGraphicsSimpleTextItem, rect: QRectF) -> None:
        r = item.boundingRect()
        item.setPos(
            rect.x() + (rect.width() - r.width()) / 2, rect.y() + (rect.height() - r.height()) / 2
        )

    def _add_text(self, text: str, at: QPointF, font: QFont) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(font)
        item.setPos(at)
        self.scene().addItem(item)
        self._texts.append(item)
        return item

    def _draw_wires(self, d: Drawing, named: Mapping[str, str]) -> None:
        bold = _font(LABEL_PX, bold=True)
        metrics = QFontMetricsF(bold)
        sizes: dict[str, tuple[float, float]] = {}
        facing: dict[str, bool] = {}
        for net, wire in d.wires.items():
            path = QPainterPath()
            for s in wire.segments:
                path.moveTo(s.x1, s.y1)
                path.lineTo(s.x2, s.y2)
            for x, y in wire.dots:
                path.addEllipse(QPointF(x, y), 2.5, 2.5)
            if wire.source is None:  # read but never driven: mark the pins
                for s in wire.segments:
                    path.addEllipse(QPointF(s.x1, s.y1), 3, 3)
            item = QGraphicsPathItem(path)
            item.setZValue(-1)
            item.setToolTip(f"net {net}")
            self.scene().addItem(item)
            self._wires[net] = item
            if wire.source is not None:
                label = QGraphicsSimpleTextItem("X")
                label.setFont(bold)
                label.setZValue(2)
                sx, sy = wire.source
                west = any(
                    s.owner is not None and s.x2 < s.x1 and (s.x1, s.y1) == wire.source
                    for s in wire.segments
                )
                plate = QGraphicsRectItem()  # keeps the text readable where a wire runs under it
                plate.setPen(QPen(Qt.NoPen))
                plate.setZValue(1)
                plate.setAcceptedMouseButtons(Qt.NoButton)
                self.scene().addItem(plate)
                self.scene().addItem(label)
                self._labels[net] = label
                self._plates[net] = (plate, sx, sy, west)
                self._prefix[net] = named.get(net, "")
                text = self._prefix[net] + "X"  # the widest value: a label never moves
                sizes[net] = (metrics.horizontalAdvance(text), metrics.height())
                facing[net] = west
        # each label goes where it covers no other wire, part or label, if there is such a place
        self._label_boxes = place_labels(d, sizes, facing)

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
                value = "X" if v not in (0, 1) else str(v)
                label = self._labels[net]
                label.setText(self._prefix.get(net, "") + value)
                plate, sx, sy, west = self._plates[net]
                r = label.boundingRect()
                x, y, w, _ = self._label_boxes.get(net, (sx + 4, sy - LABEL_PX - 7, r.width(), 0))
                label.setPos(x + w - r.width() if west else x, y)  # west: flush to the pin side
                plate.setRect(label.sceneBoundingRect().adjusted(-1, 1, 1, -1))
                back = QColor(t.background)
                back.setAlpha(190)
                plate.setBrush(QBrush(back))
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
        for mark in self._marks:
            mark.setPen(QPen(QColor(theme.foreground), 1.5))
        self.set_values(self.values)

    # -- zoom, fit and pan ----------------------------------------------------------------
    def _fit_scale(self) -> float | None:
        rect = self.sceneRect()
        vw, vh = self.viewport().width(), self.viewport().height()
        if rect.isEmpty() or vw < 10 or vh < 10:
            return None
        return 0.98 * min(vw / rect.width(), vh / rect.height())  # a margin for rounding

    def _apply_scale(self) -> None:
        s = self.view_scale * self.ui_zoom
        self.setTransform(QTransform.fromScale(s, s))

    def fit(self) -> None:
        """Automatic fit: the whole drawing if labels stay at 12 px or more, else scroll."""
        fit = self._fit_scale()
        if fit is None:
            return
        if self.mode == "fit":
            self.view_scale = min(fit / self.ui_zoom, MAX_AUTO_SCALE)
        else:
            self.view_scale = max(MIN_AUTO_SCALE, min(fit / self.ui_zoom, MAX_AUTO_SCALE))
        self._apply_scale()
        self.centerOn(self.sceneRect().center())
        if self.view_scale * self.ui_zoom > fit / 0.98:  # too big to fit readably:
            for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
                bar.setValue(bar.minimum())  # start at the inputs, top left

    def fit_all(self) -> None:
        """Fit the whole drawing into the view, however small its labels get (*Fit* button)."""
        self.mode = "fit"
        self.fit()

    def zoom_by(self, factor: float) -> None:
        """Zoom the drawing by ``factor`` around the view's centre (or the mouse, for the wheel)."""
        lo, hi = ZOOM_RANGE
        new = min(max(self.view_scale * factor, lo), hi)
        if new == self.view_scale:
            return
        self.mode = "user"
        self.view_scale = new
        self._apply_scale()

    def zoom_in(self) -> None:
        """One zoom step in (+ button, wheel up)."""
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.zoom_by(ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def zoom_out(self) -> None:
        """One zoom step out (− button, wheel down)."""
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.zoom_by(1 / ZOOM_STEP)
        self.setTransformationAnchor(anchor)

    def apply_zoom(self, factor: float) -> None:
        """The app's zoom (1.0 = 100 %): labels, pens and parts scale together."""
        self.ui_zoom = float(factor)
        size = max(22, round(24 * self.ui_zoom))
        for button in self.buttons.values():
            button.setFixedSize(size + (18 if button.text() == "Fit" else 0), size)
            f = button.font()
            f.setPixelSize(max(11, round(13 * self.ui_zoom)))
            button.setFont(f)
        self._place_buttons()
        if self.mode == "user":
            self._apply_scale()
        else:
            self.fit()

    def scale_factor(self) -> float:
        """Current scale of the drawing on screen (1.0: 13 px labels)."""
        return self.transform().m11()

    def _place_buttons(self) -> None:
        x = self.width() - 8
        if self.verticalScrollBar().isVisible():
            x -= self.verticalScrollBar().width()
        for key in ("fit", "in", "out"):
            b = self.buttons[key]
            if b.width() > 60 or b.height() > 40:  # before apply_zoom: default sizes
                b.setFixedSize(24 + (18 if key == "fit" else 0), 24)
            x -= b.width()
            b.move(x, 8)
            x -= 4

    # -- events -------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_buttons()
        if self.mode != "user":
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
            event.accept()

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

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if event.buttons() & Qt.LeftButton:  # a drag pans: the view is now the user's
            self.mode = "user"
        super().mouseMoveEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        hit = self._hit(event.position().toPoint())
        if hit and hit[0] == "gate":
            self.gate_activated.emit(hit[1])
            return
        super().mouseDoubleClickEvent(event)

    def pin_position(self, net: str) -> QPointF:
        """Viewport position of input pin ``net`` (for tests that click it)."""
        return self.mapFromScene(self._pins[net].sceneBoundingRect().center())
