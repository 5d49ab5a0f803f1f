"""The main window: logic bench beside recurrent bench, a shared time control, a lesson dock.

The window owns one :class:`logicsim.workbench.Workbench` (the model), one
:class:`logicsim_gui.animator.Animator` (the single timer) and one view per bench.  It adds what a
desktop app needs around them: menus, keyboard shortcuts, sessions, plot export, light and
dark palettes, remembered layout, and ``focus(name)`` for the lesson dock.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from logicsim_gui import settings as app_settings
from logicsim_gui.animator import Animator
from logicsim_gui.fit import FitTabs, scrolled
from logicsim_gui.focus import FocusRegistry
from logicsim_gui.lazy import BuiltOnUse, LazyPage
from logicsim_gui.logic_panel import LogicPanel
from logicsim_gui.palette import THEMES, Theme, apply_theme, light_palette
from logicsim_gui.plots import ThemedPlot, export_plot, theme_all_plots
from logicsim_gui.recurrent_panel import RecurrentPanel
from logicsim_gui.time_control import TimeControl
from logicsim_gui.zoom import ZOOM_STEP, apply_zoom, base_font, clamp, zoom_new_widgets
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from logicsim.errors import LogicsimError

if TYPE_CHECKING:  # pragma: no cover
    from logicsim.workbench import Workbench

SHORTCUTS = (  # key, what it does (listed in Help → Keyboard shortcuts)
    ("→", "step forward one time step (a linked tick when time is linked)"),
    ("←", "step back one time step"),
    ("Space", "play / pause time"),
    ("T", "one full logic clock tick"),
    ("G", "one gate step (micro-step) of the logic bench"),
    ("Ctrl+O", "open a session"),
    ("Ctrl+S", "save the session"),
    ("Ctrl+E", "export a plot (PNG, SVG or CSV)"),
    (
        "Ctrl+1 … Ctrl+6",
        "recurrent bench, gradients, formula, training, batches, architectures tab",
    ),
    ("Ctrl+D", "switch light / dark palette"),
    ("Ctrl+= / Ctrl+−", "zoom in / out (75 % to 200 %, remembered)"),
    ("Ctrl+0", "zoom back to 100 %"),
    ("F11", "presentation mode: one bench, large, with the lesson as a bar (Esc leaves)"),
    ("Page Down / Page Up", "lesson Next / Back"),
    ("F1", "this list"),
)


#: Share of the two benches' width the bench holding a lesson's focus target gets, when it had
#: less (the learner can drag the splitter back; the next focus on that side leaves it alone).
FOCUS_SHARE = 0.68


class MainWindow(QMainWindow):
    """Top-level window of the app.

    The pages hidden at start (the Neural flip-flop tab and the right-hand tabs but the first)
    are built the first time they are shown or read (:mod:`logicsim_gui.lazy`):
    ``window.training_tab`` is the Training tab whenever it is asked for, and
    :meth:`_adopt` gives a page built late the palette and zoom the window has then.

    Parameters
    ----------
    workbench : Workbench, optional
        The model to show (a fresh one by default).
    settings : QSettings or None
        Where layout and last settings are remembered; ``None`` remembers nothing
        (screenshots and tests).
    """

    #: Built the first time they are shown or read (see :func:`build_page`).
    neuron_panel = BuiltOnUse()
    gradient_panel = BuiltOnUse()
    formula_pane = BuiltOnUse()
    training_tab = BuiltOnUse()
    batch_panel = BuiltOnUse()
    demo_panel = BuiltOnUse()

    def __init__(
        self, workbench: Workbench | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__()
        from logicsim.workbench import Workbench

        self.wb = workbench if workbench is not None else Workbench()
        self.settings = settings
        self.setWindowTitle("logicsim — recurrent networks told through digital logic")
        self.theme: Theme = THEMES["light"]
        self.animator = Animator(self)
        self.focus_registry = FocusRegistry(lambda: self.theme.focus)
        status = self.show_status
        self.zoom = 1.0
        self.lazy_pages: dict[str, LazyPage] = {}
        for name in LAZY_PAGES:
            page = LazyPage(lambda name=name: self._build_page(name))
            page.built.connect(self._adopt)
            self.lazy_pages[name] = page

        self.logic_panel = LogicPanel(self.wb, self.animator, status)
        self.recurrent_panel = RecurrentPanel(self.wb, status)
        self.time_control = TimeControl(self.wb, self.animator, status)
        self.logic_panel.tabs.addTab(self.lazy_pages["neuron_panel"], "Neural flip-flop")

        self.right_tabs = FitTabs()  # pages scroll rather than make the window bigger
        self.right_tabs.addTab(self.recurrent_panel, "Recurrent bench")
        for name, label in LAZY_PAGES.items():
            if name != "neuron_panel":
                self.right_tabs.addTab(self.lazy_pages[name], label)
        self.splitter = QSplitter(Qt.Horizontal)
        # the switches wrap (height for width): on a short window the bench scrolls, never squeezes
        self.logic_area = scrolled(self.logic_panel)
        self.splitter.addWidget(self.logic_area)
        self.splitter.addWidget(self.right_tabs)
        self.splitter.setSizes([800, 800])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.time_control)
        self.setCentralWidget(central)

        self._register_focus()
        self.lesson_dock = self._make_lesson_dock()
        from logicsim_gui.presentation import Presentation

        self.presentation = Presentation(self)
        self._make_menus()
        self._make_shortcuts()
        self.statusBar().showMessage(
            "Ready. F1 lists the keyboard shortcuts; hover any control for its formula."
        )
        self.animator.timer.start()
        self.resize(*first_size(self))  # first start; a remembered geometry replaces it
        if settings is not None:
            app_settings.restore(self, settings)

    # -- building ------------------------------------------------------------------------------
    def _register_focus(self) -> None:
        lp, rp = self.logic_panel, self.recurrent_panel
        for name, widget in {
            "logic.circuit": lp.circuit_box,
            "logic.schematic": lp.schematic,
            "logic.inputs": lp.inputs_box,
            "logic.clock": lp.clock_box,
            "logic.waveform": lambda: self.logic_panel.waveform,  # built when first shown
            "logic.truth_table": lp.truth_page,
            "recurrent.cell": rp.cell_box,
            "recurrent.sequence": rp.sequence_box,
            "recurrent.time": self.time_control,
            "recurrent.heatmap": rp.heatmap_area,
            "recurrent.gates": rp.gates_box,
            "recurrent.backward": rp.backward_box,
            # pages built when first shown: the registry asks for them when it needs them
            "gradient.sliders": lambda: self.gradient_panel.slider_box,
            "gradient.plot": lambda: self.gradient_panel.plot,
            "gradient.readouts": lambda: self.gradient_panel.readout_box,
            "formula": lambda: self.formula_pane,
            "training": lambda: self.training_tab,
            "neuron": lambda: self.neuron_panel,
            "batch": lambda: self.batch_panel,
            "demo": lambda: self.demo_panel,
            "gradient.clip": lambda: self.gradient_panel.clip_box,
        }.items():
            self.focus_registry.register(name, widget)

    def _build_page(self, name: str) -> QWidget:
        """Build the lazy page ``name`` the way the pages built at start were: at 100 % and in
        the light palette (:meth:`_adopt` then gives it the window's zoom and palette)."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        with base_font(), light_palette(app) if self.theme.name != "light" else nullcontext():
            page = build_page(name, self.wb, self.show_status)
            page.ensurePolished()  # as the window's show() polished the pages built at start
        return page

    def _adopt(self, page: QWidget) -> None:
        """Give a page built after start the palette and zoom it would have had if built then."""
        if self.theme.name != "light":  # a new page is drawn in the light palette
            for plot in (page, *page.findChildren(ThemedPlot)):
                if isinstance(plot, ThemedPlot):
                    plot.apply_theme(self.theme)
            if callable(getattr(type(page), "apply_theme", None)):
                page.apply_theme(self.theme)
        if self.zoom != 1.0:  # a new page is built at 100 %
            zoom_new_widgets(page, self.zoom)

    def built_pages(self) -> dict[str, QWidget]:
        """The pages of :data:`LAZY_PAGES` built so far, by attribute name."""
        return {name: lazy.page() for name, lazy in self.lazy_pages.items() if lazy.is_built}

    def _make_lesson_dock(self) -> Any:
        try:
            from logicsim_gui.lesson_dock import LessonDock
        except Exception:  # noqa: BLE001 - the dock is optional (written by another module)
            return None
        try:
            dock = LessonDock(self.wb, self)
        except Exception as exc:  # noqa: BLE001 - a broken dock must not stop the app
            self.show_status(f"lesson dock unavailable: {exc}")
            return None
        dock.setObjectName("lesson_dock")
        self.addDockWidget(Qt.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [360], Qt.Horizontal)
        return dock

    def _action(self, menu, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(
            file, "Open circuit…", self.open_circuit_dialog, tip="Load a circuit file (TOML)"
        )
        self._action(
            file,
            "Open session…",
            self.open_session_dialog,
            "Ctrl+O",
            "Replay a saved session exactly",
        )
        self._action(
            file,
            "Save session…",
            self.save_session_dialog,
            "Ctrl+S",
            "Seed, weights, slider values, circuit and time step as JSON",
        )
        file.addSeparator()
        self._action(
            file, "Export plot…", self.export_plot_dialog, "Ctrl+E", "Any plot as PNG, SVG or CSV"
        )
        file.addSeparator()
        self._action(file, "Quit", self.close, "Ctrl+Q")
        view = bar.addMenu("&View")
        group = QActionGroup(self)
        self.theme_actions = {}
        for name in THEMES:
            action = QAction(f"{name.capitalize()} palette", self, checkable=True)
            action.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            group.addAction(action)
            view.addAction(action)
            self.theme_actions[name] = action
        self.theme_actions["light"].setChecked(True)
        self._action(view, "Toggle light / dark", self.toggle_theme, "Ctrl+D")
        view.addSeparator()
        self.zoom_actions = [
            self._action(
                view, "Zoom in", self.zoom_in, "Ctrl+=", "Larger text, plots and schematics"
            ),
            self._action(view, "Zoom out", self.zoom_out, "Ctrl+-", "Smaller text and plots"),
            self._action(view, "Reset zoom", self.zoom_reset, "Ctrl+0", "Back to 100 %"),
        ]
        self.zoom_actions[0].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.presentation_action = self._action(
            view,
            "Presentation mode",
            self.presentation.toggle,
            "F11",
            "One bench at a time, large, with the lesson as a bar (Esc leaves)",
        )
        # the menu bar is hidden in presentation mode: these keys must still reach the window
        self.addActions([*self.zoom_actions, self.presentation_action])
        view.addSeparator()
        if self.lesson_dock is not None:
            view.addAction(self.lesson_dock.toggleViewAction())
            lesson = bar.addMenu("&Lesson")
            self._action(lesson, "Open lesson…", self.open_lesson_dialog)
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "About logicsim", self.show_about)

    def _make_shortcuts(self) -> None:
        tc = self.time_control
        for key, slot in (
            ("Right", tc.step_forward),
            ("Left", tc.step_back),
            ("Space", tc.toggle_play),
            ("T", lambda: self.logic_panel._act("tick")),
            ("G", lambda: self.logic_panel._act("micro_step")),
        ):
            # inert while the benches are locked (a lesson step is changing the model on a worker)
            QShortcut(
                QKeySequence(key),
                self,
                activated=lambda s=slot: s() if self.centralWidget().isEnabled() else None,
            )
        for k in range(self.right_tabs.count()):
            QShortcut(
                QKeySequence(f"Ctrl+{k + 1}"),
                self,
                activated=lambda k=k: self.right_tabs.setCurrentIndex(k),
            )

    # -- public API ------------------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        """One line on the status bar (user errors go here, not into dialogs)."""
        self.statusBar().showMessage(text, 8000)

    def focus(self, name: str) -> QWidget:
        """Switch to the tab holding target ``name``, scroll to it and frame it for ~2 s.

        The bench holding the target also gets the larger share of the window (at most
        :data:`FOCUS_SHARE`), so a plot the lesson talks about is never squeezed to a sliver
        on a 1366 or 1280 px wide projector; the other bench keeps the rest and scrolls.
        """
        widget = self.focus_registry.focus(name)
        self._give_room_to(widget)
        self.presentation.follow(widget)
        return widget

    def _give_room_to(self, widget: QWidget) -> None:
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0 or len(sizes) != 2:
            return
        side = 1 if self.right_tabs.isAncestorOf(widget) or widget is self.right_tabs else 0
        if not (side == 1 or self.logic_area.isAncestorOf(widget)):
            return
        want = int(FOCUS_SHARE * total)
        if sizes[side] < want:
            new = [total - want, want] if side == 1 else [want, total - want]
            self.splitter.setSizes(new)

    def set_zoom(self, factor: float) -> float:
        """Scale every font, plot, schematic and heatmap to ``factor`` (0.75 … 2); returns it."""
        self.zoom = apply_zoom(self, factor, self.zoom)
        if self.lesson_dock is not None and hasattr(self.lesson_dock, "refresh"):
            self.lesson_dock.refresh()  # its narration font follows the application's
        self.show_status(f"zoom {self.zoom:.1%}".replace(".0%", "%"))
        return self.zoom

    def zoom_in(self) -> None:
        """One step larger (View → Zoom in, Ctrl+=)."""
        self.set_zoom(clamp(self.zoom + ZOOM_STEP))

    def zoom_out(self) -> None:
        """One step smaller (View → Zoom out, Ctrl+−)."""
        self.set_zoom(clamp(self.zoom - ZOOM_STEP))

    def zoom_reset(self) -> None:
        """Back to 100 % (View → Reset zoom, Ctrl+0)."""
        self.set_zoom(1.0)

    def open_lesson(self, name: str) -> None:
        """Open lesson ``name`` in the lesson dock."""
        if self.lesson_dock is None:
            raise LogicsimError(f"lessons are not available in this build: {name}")
        self.lesson_dock.show()
        self.lesson_dock.open_lesson(name)

    def set_theme(self, name: str) -> None:
        """Switch to the ``light`` or ``dark`` palette."""
        from PySide6.QtWidgets import QApplication

        self.theme = THEMES[name]
        apply_theme(QApplication.instance(), self.theme)
        theme_all_plots(self.theme)
        built = self.built_pages()  # the others get the palette when they are built
        for panel in (
            self.logic_panel,
            self.recurrent_panel,
            built.get("gradient_panel"),
            built.get("neuron_panel"),
            built.get("demo_panel"),
        ):
            if panel is not None:
                panel.apply_theme(self.theme)
        self.theme_actions[name].setChecked(True)

    def toggle_theme(self) -> None:
        """Light ↔ dark."""
        self.set_theme("dark" if self.theme.name == "light" else "light")

    def save_session(self, path: str | Path, overwrite: bool = False) -> None:
        """Save the exact state (seed, weights, sliders, circuit, time) as JSON."""
        self.wb.save_session(str(path), overwrite=overwrite)
        self.show_status(f"session saved to {path}")

    def load_session(self, path: str | Path) -> None:
        """Replace the state by a saved session; every view redraws from its bench."""
        self.wb.load_session(str(path))
        self.show_status(f"session loaded from {path}")

    def plots(self) -> dict[str, ThemedPlot]:
        """Every plot of the window by a readable name (for Export plot…)."""
        LazyPage.build_all(self)  # also the plots of the tabs not opened yet
        for name in self.recurrent_panel.heatmaps:  # and the LSTM heatmaps not needed yet
            self.recurrent_panel.heatmaps[name]
        found = {}
        for plot in self.findChildren(ThemedPlot):
            title = plot.plotItem.titleLabel.text or plot.objectName() or "plot"
            base = " ".join(str(title).split()) or "plot"
            name, k = base, 2
            while name in found:
                name, k = f"{base} ({k})", k + 1
            found[name] = plot
        return found

    # -- dialogs ---------------------------------------------------------------------------------
    def open_circuit_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open circuit", "", "Circuit files (*.toml)")
        if path:
            self._try(lambda: self.wb.set("circuit", path))

    def open_session_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open session", "", "Sessions (*.json)")
        if path:
            self._try(lambda: self.load_session(path))

    def save_session_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save session", "session.json", "Sessions (*.json)"
        )
        if path:  # the file dialog already asked before replacing an existing file
            self._try(lambda: self.save_session(path, overwrite=True))

    def export_plot_dialog(self) -> None:
        plots = self.plots()
        name, ok = QInputDialog.getItem(self, "Export plot", "Plot:", sorted(plots), 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export plot", "plot.png", "PNG (*.png);;SVG (*.svg);;CSV (*.csv)"
        )
        if path:
            self._try(lambda: export_plot(plots[name], path, overwrite=True))

    def open_lesson_dialog(self) -> None:
        try:
            from logicsim.lesson import lesson_names

            names = list(lesson_names())
        except Exception:  # noqa: BLE001
            names = []
        name, ok = QInputDialog.getItem(self, "Open lesson", "Lesson:", names, 0, True)
        if ok and name:
            self._try(lambda: self.open_lesson(name))

    def show_shortcuts(self) -> None:
        keys = SHORTCUTS + tuple(getattr(self.lesson_dock, "SHORTCUTS", ()))  # + the lesson's
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in keys)
        QMessageBox.information(
            self, "Keyboard shortcuts", f"<table cellpadding='4'>{rows}</table>"
        )

    def show_about(self) -> None:
        from logicsim import __version__

        QMessageBox.about(
            self,
            "About logicsim",
            f"logicsim {__version__}: recurrent neural networks "
            "told through digital logic. Every number shown is computed by the logicsim library.",
        )

    def _try(self, fn) -> None:
        from logicsim.errors import USER_ERRORS, user_message

        try:
            fn()
        except USER_ERRORS as exc:  # a malformed or huge file: one line, the app stays usable
            QMessageBox.warning(self, "logicsim", user_message(exc))

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802
        if self.presentation.active:
            self.presentation.leave()  # the remembered layout is the normal one
        if self.lesson_dock is not None:
            self.lesson_dock.stop_work()
        built = self.built_pages()  # a page never built has nothing running
        training = built.get("training_tab")
        if training is not None and training.running:
            training.cancel()
            if training.thread is not None:
                training.thread.quit()
                training.thread.wait(5000)
        if "demo_panel" in built:
            built["demo_panel"].task.wait()
        if self.settings is not None:
            app_settings.save(self, self.settings)
        self.animator.timer.stop()
        super().closeEvent(event)


#: Pages hidden at start, built the first time they are shown or read: attribute -> tab label.
LAZY_PAGES = {
    "neuron_panel": "Neural flip-flop",  # a tab of the logic bench; the others are on the right
    "gradient_panel": "Gradients",
    "formula_pane": "Formula",
    "training_tab": "Training",
    "batch_panel": "Batches",
    "demo_panel": "Architectures",
}


def build_page(name: str, workbench: Workbench, status: Any) -> QWidget:
    """Build the page ``name`` of :data:`LAZY_PAGES` (its module is imported only now)."""
    if name == "neuron_panel":
        from logicsim_gui.neuron_panel import NeuronPanel

        return NeuronPanel(workbench, status)
    if name == "gradient_panel":
        from logicsim_gui.gradient_panel import GradientPanel

        return GradientPanel(workbench, status)
    if name == "formula_pane":
        from logicsim_gui.formula_pane import FormulaPane

        return FormulaPane(workbench, status)
    if name == "training_tab":
        from logicsim_gui.training_tab import TrainingTab

        return TrainingTab(workbench, status)
    if name == "batch_panel":
        from logicsim_gui.batch_panel import BatchPanel

        return BatchPanel(workbench, status)
    if name == "demo_panel":
        from logicsim_gui.demo_panel import DemoPanel

        return DemoPanel(workbench, status)
    raise KeyError(name)


#: Size of the window on its first start, before it is fitted to the screen.
FIRST_SIZE = (1600, 960)
#: Room left for the window manager's title bar when fitting the first size, in pixels.
TITLE_BAR = 32


def first_size(window: QWidget) -> tuple[int, int]:
    """:data:`FIRST_SIZE`, made to fit in the available area of the window's screen."""
    screen = window.screen()
    if screen is None:
        return FIRST_SIZE
    room = screen.availableGeometry()  # the title bar is not part of the window's own size
    return min(FIRST_SIZE[0], room.width()), min(FIRST_SIZE[1], room.height() - TITLE_BAR)
