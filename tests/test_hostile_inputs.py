"""Hostile input to the CLI and the file layer: one clear line, bounded time and memory.

Every CLI case runs ``python -m logicsim`` in a subprocess with a timeout and an address-space
limit (``RLIMIT_AS``), so a regression shows up as a failure, not as a hung or swapping machine.
"""

import os
import stat

import pytest
from hostile_cli import MEMORY_LIMIT, _limit_memory, cli, one_line_error  # noqa: F401

from logicsim.errors import LogicsimError, shorten
from logicsim.files import read_data_text, write_atomic
from logicsim.lesson import read_lesson
from logicsim.logic import load_circuit

HALF_ADDER = (
    'name = "half adder"\ninputs = ["A", "B"]\noutputs = ["S", "C"]\n[gates]\n'
    'S = { op = "XOR", in = ["A", "B"] }\nC = { op = "AND", in = ["A", "B"] }\n'
)
LESSON = 'format = 1\ntitle = "t"\nsummary = "s"\n[[step]]\nsay = "hello"\n'


# -- seeds and exception types ----------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["circuit", "run", "shift_register4", "--cycles", "2", "--seed", "-1"],
        ["gradients", "--seed", "-1"],
        ["train", "--epochs", "1", "--seed", "-1"],
        ["gradients", "--seed", str(2**32)],
        ["train", "--epochs", "1", "--seeds", "2", "--seed", str(2**32 - 1)],
    ],
)
def test_out_of_range_seeds_are_one_line(args):
    assert "--seed must be between 0 and" in one_line_error(cli(*args))


def test_a_5000_digit_argument_is_refused_and_not_echoed_in_full():
    err = one_line_error(cli("circuit", "run", "shift_register4", "--cycles", "9" * 5000))
    assert len(err) < 600 and "more characters" in err


def test_a_huge_net_name_is_echoed_short():
    err = one_line_error(
        cli("circuit", "run", "shift_register4", "--cycles", "1", "--set", "A" * 100_000 + "=1")
    )
    assert len(err) < 600


def test_deeply_nested_toml_is_one_line(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    one_line_error(cli("circuit", "show", path))


def test_the_cli_catches_what_user_input_raises(monkeypatch, capsys):
    from logicsim import cli as cli_module
    from logicsim.commands import circuit

    for exc in (RecursionError("deep"), ValueError("bad"), OverflowError("big"), MemoryError()):

        def boom(args, exc=exc):
            raise exc

        monkeypatch.setattr(circuit, "_list", boom)
        assert cli_module.main(["circuit", "list"]) == 2
        assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_shorten_keeps_short_texts_and_cuts_long_ones():
    assert shorten("abc") == "abc"
    cut = shorten("x" * 100_000)
    assert cut.startswith("x" * 80) and cut.endswith("(99920 more characters)")


# -- byte-order marks --------------------------------------------------------------------------
def test_a_utf8_bom_is_accepted_in_circuit_and_lesson_files(tmp_path):
    bom = "\ufeff"
    (tmp_path / "ha.toml").write_text(bom + HALF_ADDER, encoding="utf-8")
    assert load_circuit(tmp_path / "ha.toml").outputs == ("S", "C")
    (tmp_path / "l.toml").write_text(bom + LESSON, encoding="utf-8")
    assert read_lesson(tmp_path / "l.toml").title == {"en": "t"}


def test_a_session_file_with_a_bom_loads(tmp_path):
    from logicsim.workbench import Workbench

    wb = Workbench()
    wb.save_session(tmp_path / "s.json")
    raw = (tmp_path / "s.json").read_text(encoding="utf-8")
    (tmp_path / "bom.json").write_text("\ufeff" + raw, encoding="utf-8")
    Workbench().load_session(tmp_path / "bom.json")


def test_a_bom_circuit_through_the_cli(tmp_path):
    (tmp_path / "ha.toml").write_text("\ufeff" + HALF_ADDER, encoding="utf-8")
    run = cli("circuit", "truth-table", tmp_path / "ha.toml")
    assert run.returncode == 0 and "Invalid statement" not in run.stderr


# -- bounded reads of data files ---------------------------------------------------------------
def test_lesson_check_refuses_dev_zero_without_reading_it():
    err = one_line_error(cli("lesson", "check", "/dev/zero", timeout=30))
    assert "not a regular file" in err


def test_lesson_check_refuses_a_fifo_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(cli("lesson", "check", fifo, timeout=30))
    assert "not a regular file" in one_line_error(cli("circuit", "show", fifo, timeout=30))


def test_an_oversized_data_file_is_refused_after_reading_only_the_limit(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as fh:
        fh.truncate(3 << 30)  # a sparse 3 GB file: reading it whole would break RLIMIT_AS
    err = one_line_error(cli("lesson", "check", big, timeout=30))
    assert "larger than" in err
    assert "larger than" in one_line_error(cli("circuit", "show", big, timeout=30))
    with pytest.raises(LogicsimError, match="larger than 10 bytes"):
        read_data_text(big, 10)


# -- --force replaces regular files only -------------------------------------------------------
def test_force_refuses_symlinks_fifos_and_devices(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("precious")
    link = tmp_path / "link.vcd"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.vcd"
    dangling.symlink_to(tmp_path / "nowhere.vcd")
    fifo = tmp_path / "fifo.vcd"
    os.mkfifo(fifo)
    for target, word in ((link, "symbolic link"), (dangling, "symbolic link"), (fifo, "FIFO")):
        for overwrite in (False, True):
            with pytest.raises(LogicsimError, match=word):
                write_atomic(target, "x", overwrite=overwrite)
    assert real.read_text() == "precious" and dangling.is_symlink() and not dangling.exists()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    with pytest.raises(LogicsimError, match="device"):
        write_atomic("/dev/null", "x", overwrite=True)
    with pytest.raises(LogicsimError, match="empty"):
        write_atomic("", "x")


def test_vcd_force_on_a_device_is_refused_through_the_cli():
    before = os.stat("/dev/null")
    err = one_line_error(
        cli("circuit", "run", "shift_register4", "--cycles", "2", "--vcd", "/dev/null", "--force")
    )
    assert "device" in err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.parametrize(
    "args",
    [
        ["train", "--epochs", "1", "--out", ""],
        ["derive", "rnn", "--out", ""],
        ["circuit", "run", "counter2", "--cycles", "2", "--vcd", ""],
    ],
)
def test_an_empty_output_name_is_refused_not_ignored(args):
    assert "the file name is empty" in one_line_error(cli(*args))
