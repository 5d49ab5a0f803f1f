"""Every shipped lesson validates and plays headless with all its checks passing."""

import re

import pytest

from logicsim.lesson import (
    DEFAULT_LESSON,
    LessonError,
    LessonPlayer,
    lesson_dir,
    lesson_names,
    lesson_path,
    load_lesson,
)

#: The number of shipped lessons: update it when you add one (a dropped file must fail here).
N_LESSONS = 9
NAMES = lesson_names()


def test_the_lesson_count_is_fixed():
    assert len(NAMES) == N_LESSONS, NAMES
    assert [n[:2] for n in NAMES] == [f"{k:02d}" for k in range(1, N_LESSONS + 1)]


def test_default_lesson_exists():
    assert DEFAULT_LESSON in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_lesson_shape(name):
    lesson = load_lesson(name)
    assert 6 <= len(lesson.steps) <= 20
    assert lesson.n_checks >= len(lesson.steps)  # checks throughout, not one at the end
    assert all(len(s.text("en")) > 20 for s in lesson.steps)


def test_one_lesson_speaks_bengali():
    bengali = re.compile(r"[\u0980-\u09FF]")
    lesson = load_lesson(DEFAULT_LESSON)
    assert "bn" in lesson.languages
    for step in lesson.steps:
        assert bengali.search(step.text("bn")), step.index
        assert step.text("bn") != step.text("en")
    assert bengali.search(lesson.heading("bn")) and bengali.search(lesson.blurb("bn"))


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_lesson_plays_headless_with_all_checks_passing(name, tmp_path):
    player = LessonPlayer(load_lesson(name), output_dir=tmp_path)
    report = player.run_to_end()
    failures = [c.describe() for c in report.checks if not c.passed]
    assert not failures, "\n".join(failures)
    assert len(report.steps) == len(load_lesson(name).steps)
    assert {p.parent for p in player.exports.written} <= {tmp_path}  # exports stay in the folder


def test_back_and_forward_replay_the_same_numbers():
    # Back restores the exact earlier state: replaying a step gives bit-identical observations.
    player = LessonPlayer(load_lesson("07"))
    wb = player.workbench
    for _ in range(4):
        player.forward()
    c_before = wb.observe("c")
    h_before = wb.observe("h")
    snapshot_q = wb.observe("net.Q")
    player.back()
    player.back()
    assert player.position == 2
    player.forward()
    player.forward()
    assert wb.observe("c") == c_before and wb.observe("h") == h_before
    assert wb.observe("net.Q") == snapshot_q
    assert all(r.passed for r in player.results)


def test_library_names_resolve_by_prefix_and_path():
    assert lesson_path("02") == lesson_dir() / f"{NAMES[1]}.toml"
    assert lesson_path(NAMES[2]).name == f"{NAMES[2]}.toml"
    assert load_lesson(str(lesson_dir() / f"{NAMES[0]}.toml")).name == NAMES[0]
    with pytest.raises(LessonError, match="no such lesson"):
        lesson_path("nonexistent_lesson")
    with pytest.raises(LessonError, match="ambiguous"):
        lesson_path("0")


@pytest.mark.slow
def test_back_over_a_training_step_restores_the_history():
    player = LessonPlayer(load_lesson("09"))
    wb = player.workbench
    for _ in range(3):
        player.forward()
    before = wb.observe("epochs_done")
    player.forward()  # trains the echo RNN for three epochs
    trained = wb.observe("accuracy.rnn")
    assert wb.observe("epochs_done") == 3 and trained >= 0.95
    player.back()
    assert wb.observe("epochs_done") == before
    player.forward()  # the same seed trains to the same numbers
    assert wb.observe("accuracy.rnn") == trained


def test_a_fresh_player_starts_from_the_same_state_every_time():
    from logicsim.workbench import Workbench

    lesson = load_lesson("06")
    used = Workbench()
    LessonPlayer(lesson, used).run_to_end()  # leaves gates, circuit and time changed
    again = LessonPlayer(lesson, used)  # opening the lesson again resets to defaults + needs
    fresh = LessonPlayer(lesson, Workbench())
    for name in ("c", "h", "net.Y", "time", "gate.o", "rho", "circuit"):
        assert again.workbench.observe(name) == fresh.workbench.observe(name), name
    assert again.run_to_end().passed
