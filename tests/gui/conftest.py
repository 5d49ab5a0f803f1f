"""Fixtures of the GUI tests: a fresh workbench and a main window that remembers nothing."""

import gc

import pytest


@pytest.fixture
def gui_wb():
    """A fresh headless model."""
    from logicsim.workbench import Workbench

    return Workbench()


@pytest.fixture
def main_window(qtbot, gui_wb):
    """The whole window over ``gui_wb``, shown offscreen, no settings file."""
    from logicsim_gui.main_window import MainWindow

    window = MainWindow(gui_wb, settings=None)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    # Destroy the window here, on the GUI thread: left to the cyclic garbage collector, its
    # widgets could be torn down later from whichever thread (a training worker) triggers it.
    window.deleteLater()
    qtbot.wait(1)
    gc.collect()
