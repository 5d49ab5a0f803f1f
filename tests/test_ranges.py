"""The one range and choice check: what it accepts, converts and how it words a refusal."""

from __future__ import annotations

import pytest

from logicsim.errors import LogicsimError
from logicsim.ranges import check_choice, check_number


def test_numbers_are_converted_and_bounded():
    assert check_number("n", 3.0, "int", 1, 4) == 3 and isinstance(
        check_number("n", 3.0, "int"), int
    )
    assert check_number("x", 1, "float") == 1.0
    for value, message in [
        (0, "n: 0 is below the minimum 1"),
        (5, "n: 5 is above the maximum 4"),
        (2.5, "n: expected a whole number, got 2.5"),
        (True, "n: expected a number, got True"),
        ("3", "n: expected a number, got '3'"),
    ]:
        with pytest.raises(LogicsimError) as err:
            check_number("n", value, "int", 1, 4)
        assert str(err.value) == message
    with pytest.raises(LogicsimError, match="x: expected a finite number, got nan"):
        check_number("x", float("nan"), "float")


def test_choices_match_value_and_type():
    assert check_choice("cell", "lstm", ("rnn", "lstm")) == "lstm"
    with pytest.raises(LogicsimError, match="^cell: 'gru' is not one of rnn, lstm$"):
        check_choice("cell", "gru", ("rnn", "lstm"))
    with pytest.raises(LogicsimError, match="is not one of 2, 3"):
        check_choice("n_symbols", True, (2, 3))
    with pytest.raises(LogicsimError, match="is not one of 1, 2"):
        check_choice("k", 1.0, (1, 2))
