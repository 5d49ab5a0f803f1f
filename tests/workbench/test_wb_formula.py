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
