"""The formula pane: lazy sympy, choice -> text, export that never overwrites silently."""

from __future__ import annotations

import subprocess
import sys

import pytest

from logicsim.errors import LogicsimError
from logicsim.workbench import FormulaBench


class FakeFormula:
    """Stands in for logicsim.symbolic's Formula to test the pane's own logic."""

    unicode = "h = tanh(W x + U h + b)"
    latex = r"h = \tanh(W x + U h + b)"

    def export(self, fmt: str) -> str:
        return f"<{fmt}>"


def test_export_writes_once_and_refuses_to_overwrite(tmp_path):
    fb = FormulaBench()
    fb._formula = FakeFormula()
    seen = []
    fb.changed.connect(seen.append)
    path = tmp_path / "step.tex"
    fb.write(path, "latex")
    assert path.read_text() == "<latex>\n" and seen == ["exported"]
    with pytest.raises(LogicsimError, match="exists"):
        fb.write(path, "c")
    assert path.read_text() == "<latex>\n"
    fb.write(path, "c", overwrite=True)
    assert path.read_text() == "<c>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["step.tex"]
    with pytest.raises(LogicsimError, match="unknown formula format"):
        fb.write(tmp_path / "x.pdf", "pdf")
    with pytest.raises(LogicsimError, match="does not exist"):
        fb.write(tmp_path / "no" / "x.tex", "latex")


def test_changing_the_choice_drops_the_cached_formula():
    fb = FormulaBench()
    fb._formula = FakeFormula()
    assert fb.text == FakeFormula.unicode
    fb.update(what="jacobian")
    assert fb._formula is None and fb.what == "jacobian"


def test_workbench_start_does_not_import_sympy_but_reading_a_formula_does():
    code = (
        "import sys\n"
        "from logicsim.workbench import Workbench\n"
        "wb = Workbench()\n"
        "wb.set('formula.cell', 'lstm'); wb.set('formula.what', 'jacobian')\n"
        "print('sympy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture()
def symbolic():
    import logicsim.symbolic

    return logicsim.symbolic


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@pytest.mark.parametrize("what", ["step", "jacobian", "product", "bptt"])
def test_every_choice_gives_the_symbolic_modules_formula(symbolic, cell, what):
    fb = FormulaBench()
    fb.update(cell=cell, what=what, n=1)
    from logicsim.workbench.formula_bench import _symbolic_formula

    want = _symbolic_formula()(cell=cell, what=what, n=1)
    assert fb.text == str(want.unicode) and fb.text.strip()
    assert fb.latex == str(want.latex)
    assert fb.export("numpy") == str(want.export("numpy"))


def test_unit_values_give_the_bench_jacobian_entry():
    """Values at step t: the scalar block formulas evaluated at unit 1's numbers equal the
    (1, 1) entries of the bench's step Jacobian (finite differences through the real cell)."""
    import numpy as np

    from logicsim.symbolic import formula
    from logicsim.workbench import Workbench
    from logicsim.workbench.formula_bench import unit_values

    wb = Workbench()
    rb = wb.recurrent
    rb.update(cell_type="lstm")
    t = 3
    vals = unit_values(rb, t)
    text = formula("lstm", "jacobian", 1).with_values(vals).unicode
    x = rb.x[t - 1 : t]  # (1, 1, D)
    h0, c0 = rb.h[t - 1][None, :], rb.c[t - 1][None, :]
    eps = 1e-6
    up = rb.cell.forward(x, h0 + np.eye(1, rb.hidden_size) * eps, c0)
    dn = rb.cell.forward(x, h0 - np.eye(1, rb.hidden_size) * eps, c0)
    dh_dh = (up.h[0, 0, 0] - dn.h[0, 0, 0]) / (2 * eps)
    assert f"= {dh_dh:.4g}".replace("-", "−") in text
    assert vals["f_t"] == rb.gates["f"][t - 1][0]
