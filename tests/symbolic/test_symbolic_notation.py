"""The lecture's notation in printed forms, PyTorch names in code, typeset SVG export."""

import re
import xml.etree.ElementTree as ET

import pytest

from logicsim.cli import main
from logicsim.symbolic import CELLS, WHATS, formula
from logicsim.symbolic.formulas import typeset_svg

ALL = [(c, w, n) for c in CELLS for w in WHATS for n in (1, 2)]
OLD = re.compile(r"w_ih|w_hh|w_h[ifgo]|w_i[ifgo]|W_\{?ih|b_f|b_\{f\}|wₕ|wᵢ|b_[ifgo]\b|t-1")


@pytest.mark.parametrize("cell, what, n", ALL)
def test_printed_forms_use_the_lecture_notation(cell, what, n):
    f = formula(cell, what, n)
    assert not OLD.search(f.unicode), f.unicode
    assert not OLD.search(f.mathml)
    assert "w_" not in f.latex and "W_{ih" not in f.latex and "b_{f}" not in f.latex
    assert "Wₕₕ" in f.unicode and "_{hh" in f.latex
    if cell == "lstm" and what != "bptt":
        assert "⁽ᶠ⁾" in f.unicode or what == "product" and "∂cₖ/∂cₖ₋₁" in f.unicode
    if what == "step" and n == 1:
        assert "Wₕₓ" in f.unicode and "_{hx}" in f.latex and "<mi>hx</mi>" in f.mathml


def test_vector_forms_and_gate_superscripts():
    rnn = formula("rnn", "step", 1)
    assert rnn.unicode.splitlines()[0] == "hₜ = tanh(Wₕₓ xₜ + Wₕₕ hₜ₋₁ + b)"
    lstm = formula("lstm", "step", 1)
    assert lstm.unicode.startswith("cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ\n\nhₜ = oₜ ⊙ tanh(cₜ)")
    assert r"\odot" in lstm.latex and "<mo>⊙</mo>" in lstm.mathml
    assert "W^{(f)}_{hx}" in lstm.latex and "<mi>(f)</mi>" in lstm.mathml
    assert "Wₕₓ,₁₂⁽ᵍ⁾" in formula("lstm", "step", 2).unicode  # matrix entries keep indices
    assert "t−1" in rnn.mathml or "t&#8722;1" in rnn.mathml


def test_lstm_jacobian_is_four_block_equations():
    text = formula("lstm", "jacobian", 1).unicode
    heads = ["∂hₜ/∂hₜ₋₁ =", "∂hₜ/∂cₜ₋₁ =", "∂cₜ/∂hₜ₋₁ =", "∂cₜ/∂cₜ₋₁ = fₜ"]
    for head in heads:
        assert head in text
    assert "⎡" not in text  # no 2x2 matrix


@pytest.mark.parametrize("fmt", ["numpy", "c", "octave"])
def test_code_exports_keep_pytorch_names(fmt):
    code = formula("lstm", "jacobian", 1).export(fmt)
    assert "W_hh" in code and "W_hx" not in code and "⁽" not in code


def _glyphs(svg: str) -> list[list[float]]:
    """Every glyph outline of an SVG, moved so that its first point is at the origin."""
    out = []
    for d in re.findall(r'<path d="([^"]+)"', svg):
        nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
        x0, y0 = nums[0], nums[1]
        out.append([v - (x0 if k % 2 == 0 else y0) for k, v in enumerate(nums)])
    return out


def _contains(glyphs: list, glyph: list) -> bool:
    return any(len(g) == len(glyph) and max(abs(a - b) for a, b in zip(g, glyph, strict=True))
               < 0.01 for g in glyphs)  # fmt: skip


def test_svg_export_is_valid_and_contains_every_symbol(tmp_path, capsys):
    out = tmp_path / "j.svg"
    args = ["derive", "lstm", "--what", "jacobian", "--format", "svg", "--out", str(out)]
    assert main(args) == 0
    text = out.read_text()
    root = ET.fromstring(text)
    assert root.tag.endswith("svg") and float(root.get("width")) > 100
    glyphs = _glyphs(text)
    for sym in ["<msubsup><mi>W</mi><mi>hh</mi><mi>(f)</mi></msubsup>", "<mi>σ</mi>",
                "<mi>tanh</mi>", "<mi>b</mi>", "<msub><mi>c</mi><mi>t−1</mi></msub>",
                "<msub><mi>g</mi><mi>t</mi></msub>"]:  # fmt: skip
        alone = _glyphs(typeset_svg(f"<math>{sym}</math>"))
        assert alone and all(_contains(glyphs, g) for g in alone), sym
    assert not _contains(glyphs, _glyphs(typeset_svg("<math><mi>Q</mi></math>"))[0])
    assert main(args) == 2  # never overwrites without --force
    assert "exists" in capsys.readouterr().err
    assert main([*args, "--force"]) == 0


def test_values_beside_the_symbols():
    f = formula("lstm", "jacobian", 1)
    vals = {"i_t": 0.5, "f_t": 0.25, "g_t": 0.1, "o_t": 0.8, "c_t": 0.3, "c_t-1": 0.2,
            "w_hi": 1.0, "w_hf": 2.0, "w_hg": -1.0, "w_ho": 0.5}  # fmt: skip
    text = f.with_values(vals).unicode
    assert "∂cₜ/∂cₜ₋₁ = fₜ\n\n  = 0.25" in text
    # dc/dh = W_f c_prev f(1-f) + W_g i (1-g^2) + W_i g i (1-i)
    want = 2.0 * 0.2 * 0.25 * 0.75 - 1.0 * 0.5 * (1 - 0.01) + 1.0 * 0.1 * 0.5 * 0.5
    assert f"= {want:.4g}".replace("-", "−") in text
    with pytest.raises(Exception, match="n = 1"):
        formula("lstm", "jacobian", 2).with_values(vals)
