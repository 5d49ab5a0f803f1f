"""The core package must never load Qt: it runs on machines without a display or PySide6."""

import importlib
import pkgutil
import subprocess
import sys

import logicsim

FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "logicsim_gui")


def test_importing_every_core_module_loads_no_qt():
    names = [m.name for m in pkgutil.walk_packages(logicsim.__path__, prefix="logicsim.")]
    names = [n for n in names if n != "logicsim.__main__"]
    assert "logicsim.cli" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported Qt modules: {out.stdout.strip()}"


def test_cli_parser_builds_without_qt():
    code = (
        "import sys\n"
        "from logicsim.cli import build_parser\n"
        "build_parser()\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6','pyqtgraph','logicsim_gui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_all_core_modules_import():
    for info in pkgutil.walk_packages(logicsim.__path__, prefix="logicsim."):
        if info.name != "logicsim.__main__":
            importlib.import_module(info.name)
