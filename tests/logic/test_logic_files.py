"""Circuit files: every kind of mistake names the file, the line and the problem."""

import textwrap

import pytest

from logicsim.logic import CircuitError, load_circuit

GOOD_HEAD = """\
name = "t"
inputs = ["A", "B"]
outputs = ["Y"]
[gates]
"""


def write(tmp_path, text, name="c.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def error_of(path):
    with pytest.raises(CircuitError) as err:
        load_circuit(path)
    return err.value


# each case: file text, line of the mistake, words the message must contain
ERROR_CASES = {
    "unknown op": (GOOD_HEAD + 'Y = { op = "NADN", in = ["A", "B"] }\n', 5, "unknown op 'NADN'"),
    "undefined net": (
        GOOD_HEAD + 'm = { op = "NOT", in = ["A"] }\nY = { op = "AND", in = ["A", "C"] }\n',
        6,
        "undefined net 'C'",
    ),
    "two drivers": (
        GOOD_HEAD + 'Y = { op = "NOT", in = ["A"] }\nB = { op = "NOT", in = ["A"] }\n',
        6,
        "net 'B' has two drivers",
    ),
    "wrong arity": (
        GOOD_HEAD + 'Y = { op = "NOT", in = ["A", "B"] }\n',
        5,
        "wrong arity, NOT takes exactly 1",
    ),
    "one-input AND": (GOOD_HEAD + 'Y = { op = "AND", in = ["A"] }\n', 5, "AND takes 2 or more"),
    "undefined output": (
        'inputs = ["A"]\noutputs = ["Z"]\n[gates]\nY = { op = "NOT", in = ["A"] }\n',
        2,
        "output 'Z' is an undefined net",
    ),
    "unknown top key": ('inputs = ["A"]\noutput = ["Y"]\n', 2, "unknown key 'output'"),
    "malformed row count": (
        GOOD_HEAD
        + 'Y = { op = "AND", in = ["A", "B"] }\n[[test]]\ntable = """\nA B | Y\n0 0 | 0\n0 1 0 | '
        '0\n"""\n',
        10,
        "malformed row, expected 2 | 1 values, got 3 | 1",
    ),
    "malformed row symbol": (
        GOOD_HEAD
        + 'Y = { op = "AND", in = ["A", "B"] }\n[[test]]\ntable = """\nA B | Y\n0 2 | 0\n"""\n',
        9,
        "malformed row, B='2'",
    ),
    "row without bar": (
        GOOD_HEAD
        + 'Y = { op = "AND", in = ["A", "B"] }\n[[test]]\nname = "x"\ntable = """\nA B | Y\n0 0 '
        '0\n"""\n',
        10,
        "needs exactly one '|'",
    ),
    "unknown column": (
        GOOD_HEAD + 'Y = { op = "AND", in = ["A", "B"] }\n[[test]]\ntable = """\nA C | Y\n"""\n',
        8,
        "column 'C' is not an input",
    ),
    "clock symbol in data column": (
        GOOD_HEAD
        + 'Y = { op = "AND", in = ["A", "B"] }\n[[test]]\ntable = """\nA B | Y\nC 0 | 0\n"""\n',
        9,
        "A='C'",
    ),
    "init of unknown net": (
        GOOD_HEAD + 'Y = { op = "AND", in = ["A", "B"] }\n[init]\nQ = 1\n',
        7,
        "[init]: undefined net 'Q'",
    ),
    "unknown port": (
        GOOD_HEAD + 'h = { use = "half_adder", ports = { A = "A", B = "B", Z = "Y" } }\n',
        5,
        "half_adder has no port 'Z'",
    ),
    "unconnected port": (
        GOOD_HEAD + 'h = { use = "half_adder", ports = { A = "A", S = "Y" } }\n',
        5,
        "input port 'B'",
    ),
    "unknown subcircuit": (
        GOOD_HEAD + 'h = { use = "quarter_adder", ports = {} }\n',
        5,
        "unknown circuit 'quarter_adder'",
    ),
}


@pytest.mark.parametrize("case", list(ERROR_CASES))
def test_each_error_names_file_line_and_problem(tmp_path, case):
    text, line, words = ERROR_CASES[case]
    path = write(tmp_path, text)
    err = error_of(path)
    assert err.path == str(path)
    assert err.line == line, str(err)
    assert words in err.message
    assert str(err).startswith(f"{path}:{line}: ")
    assert "\n" not in str(err)


def test_toml_syntax_error_has_line_and_column(tmp_path):
    path = write(tmp_path, 'inputs = ["A"]\noutputs = ["Y"\n[gates]\n')
    err = error_of(path)
    assert err.line == 3 and err.column is not None
    assert "TOML syntax" in err.message


def test_duplicate_gate_key_is_caught_by_toml(tmp_path):
    path = write(
        tmp_path, GOOD_HEAD + 'Y = { op = "NOT", in = ["A"] }\nY = { op = "NOT", in = ["B"] }\n'
    )
    err = error_of(path)
    assert err.line == 6


def test_subcircuit_that_includes_itself(tmp_path):
    write(
        tmp_path,
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nx = { use = "b.toml", ports = { A = "A", Y = '
        '"Y" } }\n',
        "a.toml",
    )
    write(
        tmp_path,
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\n\ny = { use = "a.toml", ports = { A = "A", Y = '
        '"Y" } }\n',
        "b.toml",
    )
    err = error_of(tmp_path / "a.toml")
    assert err.path.endswith("b.toml") and err.line == 5
    assert "includes itself (a -> b -> a)" in err.message


def test_direct_self_inclusion(tmp_path):
    path = write(
        tmp_path,
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nme = { use = "c.toml", ports = { A = "A", Y = '
        '"Y" } }\n',
    )
    err = error_of(path)
    assert err.line == 4 and "includes itself" in err.message


def test_user_file_with_a_sibling_subcircuit_and_tests(tmp_path):
    write(
        tmp_path,
        'inputs = ["A"]\noutputs = ["Y"]\n[gates]\nY = { op = "NOT", in = ["A"] }\n',
        "inv.toml",
    )
    path = write(
        tmp_path,
        """\
        name = "buffer from two inverters"
        inputs = ["A"]
        outputs = ["Y"]
        [gates]
        i1 = { use = "inv", ports = { A = "A", Y = "m" } }
        i2 = { use = "inv.toml", ports = { A = "m", Y = "Y" } }
        [[test]]
        table = '''
        A | Y m
        0 | 0 1
        1 | 1 0
        '''
        """,
        "buf.toml",
    )
    c = load_circuit(path)
    assert c.name == "buffer from two inverters"
    assert c.run_tests().passed
    assert c.truth_table().outputs[:, 0].tolist() == [0, 1]


def test_failing_row_reports_line_expected_and_got(tmp_path):
    path = write(
        tmp_path,
        GOOD_HEAD
        + 'Y = { op = "OR", in = ["A", "B"] }\n[[test]]\nname = "and"\ntable = """\nA B | Y\n0 0 '
        '| 0\n1 1 | 1\n0 1 | 0\n1 0 | 0\n"""\n',
    )
    report = load_circuit(path).run_tests()
    assert not report.passed and report.rows == 4
    assert [f.row for f in report.failures] == [3, 4]  # each failure is reported
    first = report.failures[0]
    assert first.line == 12 and first.expected == {"Y": "0"} and first.got == {"Y": "1"}
    assert str(first).startswith(f"{path}:12: test 'and' row 3 (A=0 B=1): expected Y=0, got Y=1")


def test_library_circuits_load_by_name_and_unknown_names_fail():
    assert load_circuit("half_adder").inputs == ("A", "B")
    with pytest.raises(ValueError, match="unknown circuit 'half_adderr'"):
        load_circuit("half_adderr")
