"""Work limits of the logic core: flattening, the compiled loop, deep chains, truth tables."""

import resource
import subprocess
import sys

import numpy as np
import pytest

from logicsim.errors import LogicsimError
from logicsim.lesson import read_lesson
from logicsim.logic import OscillationError, load_circuit
from logicsim.logic import netlist as netlist_module
from logicsim.logic.circuit import CircuitError


def not_chain(path, n, clocked=False):
    """A file with a chain of ``n`` NOT gates from input A (into a DFF when ``clocked``)."""
    lines = ['inputs = ["A"]', 'clocks = ["CLK"]' if clocked else "", 'outputs = ["Y"]', "[gates]"]
    prev = "A"
    for i in range(n):
        lines.append(f'n{i} = {{ op = "NOT", in = ["{prev}"] }}')
        prev = f"n{i}"
    ins = f'"{prev}", "CLK"' if clocked else f'"{prev}"'
    lines.append(f'Y = {{ op = "{"DFF" if clocked else "BUF"}", in = [{ins}] }}')
    path.write_text("\n".join(lines) + "\n")
    return path


def doubling_files(folder, levels):
    """``c{levels}.toml`` instantiates ``c{levels-1}`` twice, ...: 2**levels NOT gates."""
    (folder / "c0.toml").write_text(
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "NOT", in = ["A"] }\n'
    )
    for i in range(1, levels + 1):
        (folder / f"c{i}.toml").write_text(
            'inputs = ["A"]\noutputs = ["Y"]\n[gates]\n'
            f'a = {{ use = "c{i - 1}.toml", ports = {{ A = "A", Y = "m" }} }}\n'
            f'b = {{ use = "c{i - 1}.toml", ports = {{ A = "m", Y = "Y" }} }}\n'
        )
    return folder / f"c{levels}.toml"


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1500 << 20, 1500 << 20))


def cli(*args, timeout=60):
    """The CLI in a subprocess with a timeout and a 1.5 GB address-space cap."""
    return subprocess.run(
        [sys.executable, "-m", "logicsim", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
    )


# -- flattening ------------------------------------------------------------------------------
def test_exponential_subcircuits_are_refused_at_load_naming_file_and_count(tmp_path):
    top = doubling_files(tmp_path, 30)
    with pytest.raises(CircuitError, match=r"c18\.toml: expands to 262144 primitive gates"):
        load_circuit(top)
    run = cli("circuit", "show", top)
    assert run.returncode == 2 and "more than the limit of 250000" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_flatten_itself_checks_the_size(tmp_path, monkeypatch):
    c = load_circuit(doubling_files(tmp_path, 6))  # 64 gates: loads
    monkeypatch.setattr(netlist_module, "MAX_GATES", 50)
    c._netlist = None
    with pytest.raises(CircuitError, match="expands to 64 primitive gates"):
        c.flatten()


def test_a_deep_use_chain_is_refused_without_recursion_error(tmp_path):
    (tmp_path / "d0.toml").write_text(
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "NOT", in = ["A"] }\n'
    )
    for i in range(1, 400):
        (tmp_path / f"d{i}.toml").write_text(
            'inputs = ["A"]\noutputs = ["Y"]\n[gates]\n'
            f'a = {{ use = "d{i - 1}.toml", ports = {{ A = "A", Y = "Y" }} }}\n'
        )
    with pytest.raises(CircuitError, match="nested more than 32 deep"):
        load_circuit(tmp_path / "d399.toml")


def test_lesson_check_refuses_a_lesson_naming_an_exploding_circuit(tmp_path):
    top = doubling_files(tmp_path, 30)
    lesson = tmp_path / "big.toml"
    lesson.write_text(
        f'format = 1\ntitle = "t"\nsummary = "s"\nneeds.circuit = "{top}"\n'
        '[[step]]\nsay = "x"\nset = { "input.A" = 1 }\n'
    )
    with pytest.raises(LogicsimError, match="262144 primitive gates"):
        read_lesson(lesson)
    run = cli("lesson", "check", lesson)
    assert run.returncode != 0 and "262144 primitive gates" in run.stderr


# -- the compiled loop -------------------------------------------------------------------------
def test_fast_path_compiles_3000_nets_and_a_3000_input_gate(tmp_path):
    c = load_circuit(not_chain(tmp_path / "chain.toml", 3000, clocked=True))
    fast, slow = c.simulator(), c.simulator()  # from X the change ripples once: quick steps
    a = fast.run(3, inputs={"A": 1}, fast=True)
    assert fast._program not in (None, False), "the fast path was not used"
    b = slow.run(3, inputs={"A": 1}, fast=False)
    assert np.array_equal(a.values, b.values) and a.net("Y")[-1] == 1

    n = 3000
    names = ", ".join(f'"i{j}"' for j in range(n))
    wide = tmp_path / "wide.toml"
    wide.write_text(
        f'inputs = [{names}]\nclocks = ["CLK"]\noutputs = ["Q"]\n[gates]\n'
        f'Y = {{ op = "NAND", in = [{names}] }}\nQ = {{ op = "DFF", in = ["Y", "CLK"] }}\n'
    )
    sim = load_circuit(wide).simulator(init="0")
    sim.run(2, inputs={f"i{j}": 1 for j in range(n)})
    assert sim._program not in (None, False) and sim.get("Q")[0] == 0


def test_a_loop_too_big_to_compile_falls_back_to_micro_steps(tmp_path, monkeypatch):
    from logicsim.logic import compiled

    def refuse(*args):
        raise compiled.NotCompilable("too big")

    monkeypatch.setattr(compiled, "_build_loop", refuse)
    sim = load_circuit("counter2").simulator(init="0")
    wave = sim.run(3)
    assert sim._program is False and wave.net("Q0").tolist() == [1, 1, 0, 0, 1, 1]


# -- depth is not oscillation ------------------------------------------------------------------
def test_a_chain_deeper_than_the_step_bound_settles(tmp_path):
    c = load_circuit(not_chain(tmp_path / "deep.toml", 1100))
    assert c.flatten().depth == 1101
    sim = c.simulator()  # default bound 1000 < depth: raised to the depth
    sim.set_input("A", 1)
    assert sim.settle() >= 1100 and sim.get("Y")[0] == 1  # an even number of NOTs
    ring = load_circuit("ring_oscillator").simulator(init="0")
    ring.set_input("EN", 1)
    with pytest.raises(OscillationError, match="toggle in lockstep"):
        ring.settle()


# -- truth tables ------------------------------------------------------------------------------
def xor_chain(path, n_inputs, n_gates):
    ins = [f"i{j}" for j in range(n_inputs)]
    lines = [f"inputs = [{', '.join(repr(x).replace(chr(39), chr(34)) for x in ins)}]"]
    lines += ['outputs = ["Y"]', "[gates]"]
    prev = "i0"
    for k in range(n_gates - 1):
        lines.append(f'g{k} = {{ op = "XOR", in = ["{prev}", "{ins[(k + 1) % n_inputs]}"] }}')
        prev = f"g{k}"
    lines.append(f'Y = {{ op = "BUF", in = ["{prev}"] }}')
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_truth_table_beyond_the_work_budget_is_refused_at_once(tmp_path):
    path = xor_chain(tmp_path / "big.toml", 20, 5000)
    with pytest.raises(LogicsimError, match="1048576 rows x 5020 nets is too much work"):
        load_circuit(path).truth_table()
    run = cli("circuit", "truth-table", path, timeout=60)
    assert run.returncode == 2 and "too much work" in run.stderr and not run.stdout


def test_a_20_input_table_streams_the_same_text_as_format(tmp_path):
    table = load_circuit(xor_chain(tmp_path / "t.toml", 20, 20)).truth_table()
    assert len(table) == 2**20
    pieces = list(table.iter_text("csv", block=100_000))
    assert len(pieces) == 12  # a header, then blocks: never the whole text at once
    assert pieces[1].splitlines()[3] == "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,0"
    small = load_circuit("full_adder").truth_table()
    for fmt in ("text", "csv", "markdown", "latex"):
        assert "".join(small.iter_text(fmt, block=3)) == small.format(fmt)
