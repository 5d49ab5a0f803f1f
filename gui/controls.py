"""Widgets bound to workbench controls: the model is the source of truth.

``bind(widget, workbench, name)`` makes a Qt input widget edit the control ``name`` of the
workbench registry (``logicsim.workbench.CONTROLS``): a user edit calls ``workbench.set(name,
value)``; every model change writes ``workbench.get(name)`` back into the widget with its
signals blocked (so the echo never loops).  Ranges, choices and tooltips come from the
registry, so a control documented there is documented in the window too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from logicsim.errors import USER_ERRORS, user_message

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench


def control_doc(name: str) -> str:
    """The registry's documentation of control ``name`` (empty if unknown)."""
    from logicsim.workbench.registry import CONTROLS

    control = CONTROLS.get(name)
    return control.doc if control is not None else ""


class ControlBinding(QObject):
    """Keeps one widget and one workbench control in step (see module docstring).

    Parameters
    ----------
    widget : QWidget
        QComboBox, QSpinBox, QDoubleSpinBox, QSlider, QAbstractButton (checkable) or QLineEdit.
    workbench : logicsim.workbench.Workbench
        The model.
    name : str
        Control name in the registry.
    scale : float
        For a QSlider bound to a float control: value = slider position / scale.
    on_error : callable(str)
        Where to show a rejected value (status bar).
    """

    def __init__(
        self,
        widget: QWidget,
        workbench: Workbench,
        name: str,
        scale: float = 1.0,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget, self.wb, self.name, self.scale = widget, workbench, name, scale
        self.on_error = on_error
        self.nullable = False
        doc = control_doc(name)
        tip = widget.toolTip()
        widget.setToolTip(f"{tip}\n\n{doc}".strip() if tip else f"{doc}\n(control: {name})")
        from logicsim.workbench.registry import CONTROLS

        control = CONTROLS.get(name)
        if isinstance(widget, QComboBox) and widget.count() == 0 and control and control.choices:
            widget.addItems(list(control.choices))
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            widget.setKeyboardTracking(False)  # typing "64" sets 64 once, not 6 then 64
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)) and control is not None:
            low = control.low if control.low is not None else -1e9
            high = control.high if control.high is not None else 1e9
            self.nullable = bool(getattr(control, "nullable", False))
            if self.nullable:  # one step below the range means "off" (the model's None)
                low -= 1 if isinstance(widget, QSpinBox) else 10 ** -widget.decimals()
                widget.setSpecialValueText("default")
            if isinstance(widget, QSpinBox):
                widget.setRange(int(max(low, -(2**31) + 1)), int(min(high, 2**31 - 1)))
            else:
                widget.setRange(low, high)
        if (
            isinstance(widget, QSlider)
            and control is not None
            and None not in (control.low, control.high)
        ):
            widget.setRange(int(round(control.low * scale)), int(round(control.high * scale)))
        self._connect_widget()
        self.pull()

    # widget -> model
    def _connect_widget(self) -> None:
        w = self.widget
        if isinstance(w, QComboBox):
            w.currentTextChanged.connect(self.push)
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.valueChanged.connect(self.push)
        elif isinstance(w, QSlider):
            w.valueChanged.connect(lambda v: self.push(v / self.scale))
        elif isinstance(w, QAbstractButton):
            w.toggled.connect(self.push)
        elif isinstance(w, QLineEdit):
            w.editingFinished.connect(lambda: self.push(w.text()))

    def push(self, value: Any) -> None:
        """Send ``value`` to the model; on a rejected value show why and restore the widget."""
        if isinstance(self.widget, QSlider) and self.scale == 1.0:
            value = int(value)
        if (
            self.nullable
            and isinstance(self.widget, (QSpinBox, QDoubleSpinBox))
            and value == self.widget.minimum()
        ):
            value = None
        try:
            if value != self.wb.get(self.name):
                self.wb.set(self.name, value)
        except USER_ERRORS as exc:  # bad input, a huge size: one line, the app stays usable
            if self.on_error is not None:
                self.on_error(user_message(exc))
            self.pull()

    # model -> widget
    def pull(self) -> None:
        """Show the model's current value (signals blocked, so no echo back to the model)."""
        value = self.wb.get(self.name)
        w = self.widget
        blocked = w.blockSignals(True)
        try:
            if isinstance(w, QComboBox):
                if w.findText(str(value)) < 0:
                    w.addItem(str(value))
                w.setCurrentText(str(value))
            elif isinstance(w, (QSpinBox, QDoubleSpinBox, QSlider)):
                if value is None and not isinstance(w, QSlider):
                    shown = w.minimum()
                elif isinstance(w, QSpinBox):
                    shown = int(value)
                elif isinstance(w, QDoubleSpinBox):
                    shown = round(float(value), w.decimals())
                else:
                    shown = int(round(float(value) * self.scale))
                if w.value() != shown:  # setValue repaints even an unchanged value
                    w.setValue(shown)
            elif isinstance(w, QAbstractButton):
                w.setChecked(bool(value))
            elif isinstance(w, QLineEdit):
                if not w.hasFocus():
                    w.setText("" if value is None else str(value))
        finally:
            w.blockSignals(blocked)


class Bindings:
    """A group of bindings refreshed together when their bench changes."""

    def __init__(self, workbench: Workbench, on_error: Callable[[str], None] | None = None) -> None:
        self.wb = workbench
        self.on_error = on_error
        self.items: dict[str, ControlBinding] = {}

    def bind(self, widget: QWidget, name: str, scale: float = 1.0) -> QWidget:
        """Bind ``widget`` to control ``name``; returns the widget (for inline layout code)."""
        self.items[name] = ControlBinding(widget, self.wb, name, scale, self.on_error)
        return widget

    def pull(self) -> None:
        """Refresh every bound widget from the model."""
        for binding in self.items.values():
            binding.pull()


def slider() -> QSlider:
    """A horizontal slider; its binding maps integer positions to values (value × scale)."""
    s = QSlider(Qt.Horizontal)
    s.setMinimumWidth(160)
    return s


class ModelCalls:
    """``_act`` / ``_set`` for a view: call the workbench, and show what user input can raise
    (:data:`logicsim.errors.USER_ERRORS`: a LogicsimError, an OSError, too deep, too large, out
    of memory) in the status line instead of letting it escape into Qt's event loop.

    The view provides ``self.wb`` (the :class:`~logicsim.workbench.Workbench`) and
    ``self.status`` (a callable taking one line, or None).
    """

    wb: Workbench
    status: Callable[[str], None] | None

    def _act(self, name: str, **args: Any) -> None:
        self._call(self.wb.act, name, **args)

    def _set(self, name: str, value: Any) -> None:
        self._call(self.wb.set, name, value)

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except USER_ERRORS as exc:  # what user input can raise (errors.USER_ERRORS), one line
            if self.status:
                self.status(user_message(exc))
            return None
