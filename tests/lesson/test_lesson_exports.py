"""A lesson's exports land in the player's output folder and never replace a user's file."""

from __future__ import annotations

from pathlib import Path

import pytest

from logicsim.lesson import LessonError, LessonPlayer, parse_lesson

LESSON = """
title = "Export"
summary = "Write a formula."

[[step]]
say = "Choose the BPTT recursion."
set = { "formula.what" = "bptt", "formula.n" = 1 }
check = 'formula.what == "bptt"'

[[step]]
say = "Export it."
act = { do = "export_formula", format = "latex", path = "%s" }
check = ["export.written", 'export.name == "%s"', "export.bytes > 10"]
"""


def _lesson(name: str = "rec.tex"):
    return parse_lesson(LESSON % (name, name), "export.toml")


def test_export_goes_into_the_output_folder(tmp_path):
    player = LessonPlayer(_lesson(), output_dir=tmp_path)
    report = player.run_to_end()
    assert report.passed, [c.describe() for c in report.checks]
    written = tmp_path / "rec.tex"
    assert written.read_text(encoding="utf-8").strip()
    assert player.exports.written == {written}


def test_back_and_forward_may_rewrite_the_players_own_file(tmp_path):
    player = LessonPlayer(_lesson(), output_dir=tmp_path)
    player.run_to_end()
    player.back()
    player.forward()  # writes rec.tex again: it is the player's own file
    assert player.results[-1].passed


def test_a_users_file_is_never_replaced(tmp_path):
    mine = tmp_path / "rec.tex"
    mine.write_text("my notes\n", encoding="utf-8")
    player = LessonPlayer(_lesson(), output_dir=tmp_path)
    player.forward()
    with pytest.raises(LessonError, match="already exists and was not written by this lesson"):
        player.forward()
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert player.position == 1  # the failed step was undone


def test_headless_default_is_a_fresh_temporary_folder():
    player = LessonPlayer(_lesson())
    player.run_to_end()
    (path,) = player.exports.written
    assert path.parent.name.startswith("logicsim-lesson-") and path.exists()
    path.unlink()
    path.parent.rmdir()


@pytest.mark.parametrize("bad", ["/tmp/x.tex", "../x.tex", "sub/x.tex", "..", ".hidden", ""])
def test_a_path_that_is_not_a_plain_file_name_is_a_located_lesson_error(bad):
    with pytest.raises(LessonError) as err:
        _lesson(bad)
    message = str(err.value)
    assert "export.toml:12:" in message and "plain file name" in message


def test_a_missing_output_folder_is_reported(tmp_path):
    player = LessonPlayer(_lesson(), output_dir=tmp_path / "nope")
    player.forward()
    with pytest.raises(LessonError, match="does not exist"):
        player.forward()
    assert not Path(tmp_path / "nope").exists()
