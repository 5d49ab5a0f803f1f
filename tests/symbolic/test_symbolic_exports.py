"""Printed forms and code exports of every formula; atomic, non-overwriting file export."""

import ctypes
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.symbolic import CELLS, WHATS, compiled, formula

CC = shutil.which("cc")
ALL = [(c, w, n) for c in CELLS for w in WHATS for n in (1, 2)]


def sample_args(cell, what, n, seed=0, steps=4):
    rng = np.random.default_rng(seed)
    G, S = (1, n) if cell == "rnn" else (4, 2 * n)
    W = [rng.standard_normal((G * n, n)) * 0.6 for _ in range(2)] + [
        rng.standard_normal(G * n) * 0.3
    ]
    if what == "product":
        per = [rng.standard_normal((steps, n)) for _ in range(2 if cell == "rnn" else 3)]
        return per + W
    state = [rng.standard_normal(n) for _ in range(2 if cell == "rnn" else 3)]
    if what == "bptt":
        return [rng.standard_normal(S), rng.standard_normal(n)] + state + W
    return state + W


@pytest.mark.parametrize("cell, what, n", ALL)
def test_display_forms(cell, what, n):
    f = formula(cell, what, n)
    assert f.cell == cell and f.what == what and f.n == n and f.description
    assert "tanh" in f.unicode and "tanh" in f.latex
    assert f.latex.startswith("\\begin{aligned}") and f.latex.count("{") == f.latex.count("}")
    root = ET.fromstring(f.mathml)  # well-formed presentation MathML
    assert root.tag.endswith("math") and "mtable" in f.mathml
    if cell == "lstm":
        assert "σ" in f.unicode or what in ("bptt", "product")


@pytest.mark.parametrize("cell", CELLS)
def test_product_is_shown_compactly_never_expanded(cell):
    f = formula(cell, "product", 2)
    assert "⋯" in f.unicode and "\\cdots" in f.latex and "⋯" in f.mathml
    assert ("D_T" in f.unicode) if cell == "rnn" else ("J_T" in f.unicode)
    # the scalar RNN uses sympy's Product
    assert "\\prod_{k=t + 1}^{T}" in formula("rnn", "product", 1).latex


@pytest.mark.parametrize("cell, what, n", ALL)
def test_numpy_export_is_an_importable_function(cell, what, n, tmp_path):
    code = formula(cell, what, n).export("numpy")
    ns = {}
    exec(compile(code, f"<{cell}_{what}>", "exec"), ns)
    name = f"{cell}_{what}" if what != "product" else f"{cell}_product"
    args = sample_args(cell, what, n)
    np.testing.assert_allclose(ns[name](*args), compiled(cell, what, n)(*args), atol=1e-13)
    # and as a real module file
    path = tmp_path / f"gen_{cell}_{what}_{n}.py"
    path.write_text(code)
    out = subprocess.run([sys.executable, "-c", f"import gen_{cell}_{what}_{n} as m; "
                                                f"print(m.{name})"],
                         cwd=tmp_path, capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 0, out.stderr


@pytest.mark.skipif(CC is None, reason="no C compiler")
@pytest.mark.parametrize("cell, what, n", ALL)
def test_c_export_compiles_and_agrees(cell, what, n, tmp_path):
    code = formula(cell, what, n).export("c")
    src = tmp_path / "f.c"
    src.write_text(code)
    obj = subprocess.run([CC, "-std=c99", "-Wall", "-pedantic", "-c", str(src), "-o",
                          str(tmp_path / "f.o")], capture_output=True, text=True)  # fmt: skip
    assert obj.returncode == 0, obj.stderr
    lib = tmp_path / "f.so"
    so = subprocess.run([CC, "-std=c99", "-shared", "-fPIC", str(src), "-o", str(lib), "-lm"],
                        capture_output=True, text=True)  # fmt: skip
    assert so.returncode == 0, so.stderr
    dll = ctypes.CDLL(str(lib))
    args = [np.ascontiguousarray(a, dtype=np.float64) for a in sample_args(cell, what, n)]
    want = compiled(cell, what, n)(*args)
    out = np.zeros(want.size)
    ptrs = [a.ctypes.data_as(ctypes.POINTER(ctypes.c_double)) for a in args]
    optr = out.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
    if what == "product":
        getattr(dll, f"{cell}_product")(ctypes.c_int(len(args[0])), *ptrs, optr)
    else:
        getattr(dll, f"{cell}_{what}")(*ptrs, optr)
    np.testing.assert_allclose(out.reshape(want.shape), want, atol=1e-13)


@pytest.mark.parametrize("cell, what, n", ALL)
def test_octave_export_is_a_function_file(cell, what, n):
    code = formula(cell, what, n).export("octave")
    first = code.splitlines()[0]
    main = f"{cell}_product" if what == "product" else f"{cell}_{what}"
    assert first.startswith("function ") and f"= {main}(" in first
    assert code.count("function ") == code.count("\nend")
    body = [ln for ln in code.splitlines() if not ln.strip().startswith("%")]
    assert not any("numpy" in ln or "[" in ln or "**" in ln for ln in body)


@pytest.mark.skipif(shutil.which("octave") is None, reason="octave not installed")
def test_octave_export_runs(tmp_path):  # pragma: no cover - octave is optional
    code = formula("rnn", "jacobian", 2).export("octave")
    (tmp_path / "rnn_jacobian.m").write_text(code)
    args = sample_args("rnn", "jacobian", 2)
    want = compiled("rnn", "jacobian", 2)(*args)
    lit = ", ".join(
        np.array2string(np.atleast_2d(a), separator=",").replace("],", "];") for a in args
    )
    out = subprocess.run(["octave", "--no-gui", "-q", "--eval",
                          f"disp(num2str(rnn_jacobian({lit}), 17))"], cwd=tmp_path,
                         capture_output=True, text=True)  # fmt: skip
    np.testing.assert_allclose(np.array(out.stdout.split(), dtype=float).reshape(2, 2), want)


def test_write_is_atomic_and_refuses_to_overwrite(tmp_path):
    f = formula("lstm", "jacobian", 1)
    path = tmp_path / "jac.tex"
    assert f.write(path, "latex") == path
    assert path.read_text() == f.export("latex")
    path.write_text("keep me")
    with pytest.raises(LogicsimError, match="exists"):
        f.write(path, "latex")
    assert path.read_text() == "keep me"
    f.write(path, "c", overwrite=True)
    assert "#include <math.h>" in path.read_text()
    assert sorted(os.listdir(tmp_path)) == ["jac.tex"]  # no temporary files left behind
    with pytest.raises(LogicsimError):
        f.write(tmp_path, "latex", overwrite=True)  # a folder


@pytest.mark.parametrize(
    "args", [("gru", "jacobian", 1), ("rnn", "hessian", 1), ("rnn", "step", 0),
             ("lstm", "step", 9), ("rnn", "step", 1.5)],
)  # fmt: skip
def test_bad_requests_raise(args):
    with pytest.raises(LogicsimError):
        formula(*args)


def test_unknown_format_raises():
    with pytest.raises(LogicsimError, match="format"):
        formula("rnn", "step", 1).export("pdf")


def test_importing_the_packages_does_not_import_sympy():
    code = ("import sys, logicsim, logicsim.dynamics, logicsim.symbolic, logicsim.cli\n"
            "from logicsim.cli import build_parser; build_parser()\n"
            "print('sympy' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
