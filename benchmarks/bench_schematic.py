"""How long the schematic takes to lay out an N-gate NOT chain (issue 15: it was O(n²)).

Times, for each N, the column assignment (``levels``) and ``SchematicView.set_spec`` (which
draws up to ``MAX_DRAWN`` gates and shows a summary above), headless.  With ``--old REV`` it
also times ``_levels`` of ``gui/schematic.py`` at git revision REV, for a before/after.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_schematic.py [--sizes 2000 20000] [--old REV]
"""

from __future__ import annotations

import argparse
import subprocess
import time
import types
from pathlib import Path

from logicsim_gui.schematic_layout import MAX_DRAWN, GateSpec, SchematicSpec, layout, levels


def chain(n: int) -> SchematicSpec:
    """``a -> NOT -> NOT -> ... -> out``, the gates listed last first (the worst order)."""
    gates = [GateSpec(f"g{k}", "not", (f"n{k}",), (f"n{k + 1}",)) for k in range(n)]
    return SchematicSpec(("n0",), (f"n{n}",), tuple(reversed(gates)))


def old_levels(rev: str):
    """``_levels`` of gui/schematic.py at git revision ``rev`` (only that function)."""
    root = Path(__file__).resolve().parents[1]
    text = subprocess.run(
        ["git", "-C", str(root), "show", f"{rev}:gui/schematic.py"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    start = text.index("def _levels")
    end = text.index("\nclass ", start)
    module = types.ModuleType("old_schematic")
    module.__dict__["SchematicSpec"] = SchematicSpec
    exec(
        compile("from __future__ import annotations\n" + text[start:end], "old", "exec"),
        module.__dict__,
    )  # noqa: S102 - our own file from git
    return module._levels


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--old", help="git revision whose _levels to time as 'before'")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from logicsim_gui.schematic import SchematicView

    view = SchematicView()
    view.resize(800, 600)
    before = old_levels(args.old) if args.old else None
    for n in args.sizes:
        spec = chain(n)
        row = (
            f"N = {n:>6}: levels {timed(levels, spec):7.3f} s, "
            f"set_spec {timed(view.set_spec, spec):7.3f} s"
        )
        if before is not None:
            row += f", old _levels {timed(before, spec):8.3f} s"
        print(row)
    small = chain(MAX_DRAWN)
    print(f"full layout of {MAX_DRAWN} gates (largest drawn): {timed(layout, small):.3f} s")
    app.processEvents()


if __name__ == "__main__":
    main()
