"""The optional [layout] table: hand positions reach the circuit, mistakes are located."""

import textwrap

import pytest

from logicsim.logic import CircuitError, load_circuit
from logicsim.logic.layout import Placement

HEAD = """\
name = "latch"
inputs = ["S", "R"]
outputs = ["Q", "Qn"]
[gates]
Q = { op = "NOR", in = ["Qn", "R"] }
Qn = { op = "NOR", in = ["S", "Q"] }
"""


def load(tmp_path, text):
    path = tmp_path / "c.toml"
    path.write_text(textwrap.dedent(text))
    return load_circuit(path)


def test_positions_and_facing_reach_the_circuit(tmp_path):
    c = load(
        tmp_path,
        HEAD + '[layout]\nS = [0, 0]\nQn = { at = [1, 0], facing = "west" }\n'
        "[layout.outputs]\nQ = [2, 1]\n",
    )
    assert c.layout.parts["S"] == Placement(0, 0, "east", 8)
    assert c.layout.parts["Qn"].facing == "west"
    assert (c.layout.lamps["Q"].col, c.layout.lamps["Q"].row) == (2, 1)
    assert c.run_tests().passed  # drawing data never changes the logic


def test_inline_outputs_table_is_accepted(tmp_path):
    c = load(tmp_path, HEAD + "[layout]\noutputs = { Q = [3, 0] }\n")
    assert c.layout.lamps["Q"].col == 3 and not c.layout.parts


def test_a_file_without_layout_has_none():
    assert load_circuit("half_adder").layout is None
    assert load_circuit("sr_latch_nor").layout.parts["S"].row == 0  # S on top


# text after HEAD, line of the mistake, words of the message
ERRORS = {
    "unknown name": ("[layout]\nS = [0, 0]\nZ = [1, 0]\n", 9, "'Z' is not a gate, instance, input"),
    "not a pair": ("[layout]\nS = [0]\n", 8, "position must be [column, row]"),
    "negative": ("[layout]\nS = [0, -1]\n", 8, "two whole numbers"),
    "float": ("[layout]\nS = [0.5, 1]\n", 8, "two whole numbers"),
    "bad facing": ('[layout]\nS = { at = [0, 0], facing = "up" }\n', 8, "facing must be"),
    "unknown field": ("[layout]\nS = { at = [0, 0], turn = 1 }\n", 8, "unknown field 'turn'"),
    "same cell": ("[layout]\nS = [0, 0]\nR = [0, 0]\n", 9, "'R' and 'S' are both at [0, 0]"),
    "lamp on a gate": (
        "[layout]\nQ = [2, 0]\n[layout.outputs]\nQ = [2, 0]\n",
        10,
        "lamp 'Q' and 'Q' are both at [2, 0]",
    ),
    "unknown lamp": ("[layout]\n[layout.outputs]\nS = [2, 0]\n", 9, "'S' is not an output net"),
    "not a table": ("layout = 3\n", 7, "[layout] must be a table"),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_layout_mistakes_name_file_and_line(tmp_path, case):
    text, line, words = ERRORS[case]
    if case == "not a table":  # a top-level key must come before [gates]
        full = HEAD.replace("[gates]", text + "[gates]")
        line = 4
    else:
        full = HEAD + text
    with pytest.raises(CircuitError) as err:
        load(tmp_path, full)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 'c.toml'}:{line}:"), message
    assert words in message


def test_the_temporal_order_fsm_is_drawn_by_hand_one_row_per_state_bit():
    c = load_circuit("temporal_order_fsm")
    parts = c.layout.parts
    names = {g.output for g in c.gates} | set(c.inputs) | set(c.clocks)
    assert set(parts) == names  # every part placed by hand
    flip_flops = [parts[name] for name in ("s1", "f", "s2", "g")]
    assert len({p.col for p in flip_flops}) == 1  # the register: one column
    assert [p.row for p in flip_flops] == sorted(p.row for p in flip_flops)
    assert [c.layout.lamps[q].row for q in ("Q", "R", "S", "U")] == [1, 2, 3, 4]
