"""The Qt desktop app: a thin view over :mod:`logicsim` (PySide6 + pyqtgraph)."""
