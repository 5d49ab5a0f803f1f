"""The work budget of a lesson: a product of allowed numbers that would hang play is refused
at check time, naming the file and line (logicsim.lesson.budget)."""

import glob
import os

import pytest
from hostile_cli import cli, one_line_error

from logicsim.lesson import LessonError, parse_lesson, read_lesson
from logicsim.lesson.budget import MAX_LESSON_SECONDS, MAX_STEP_SECONDS, check_budget

HEAD = 'format = 1\ntitle = "t"\nsummary = "s"\n'
LESSONS = os.path.join(os.path.dirname(__file__), "..", "..", "lessons")


def _lesson(*acts: str) -> str:
    steps = "".join(f'[[step]]\nsay = "s{k}"\nact = [{a}]\n' for k, a in enumerate(acts))
    return HEAD + steps


def test_run_cycles_times_repeat_is_budgeted():
    text = _lesson('{ do = "run_cycles", n = 100000, repeat = 1000 }')
    with pytest.raises(LessonError) as err:
        parse_lesson(text, "big.toml")
    msg = str(err.value)
    assert msg.startswith("big.toml:6:")  # the line of the action
    assert "too much work" in msg and "run_cycles" in msg


def test_each_number_alone_is_still_fine():
    parse_lesson(_lesson('{ do = "run_cycles", n = 100000 }'), "ok.toml")
    parse_lesson(_lesson('{ do = "run_cycles", n = 10, repeat = 1000 }'), "ok.toml")


def test_training_is_budgeted_by_epochs_seeds_and_size():
    text = HEAD + (
        '[[step]]\nsay = "s"\nset = { train.hidden_size = 256 }\n'
        'act = [{ do = "train", epochs = 1000, seeds = 64 }]\n'
    )
    with pytest.raises(LessonError, match="step 1: action train.*too much work"):
        parse_lesson(text, "train.toml")
    small = text.replace("epochs = 1000, seeds = 64", "epochs = 1, seeds = 1")
    small = small.replace("hidden_size = 256", "hidden_size = 4")
    parse_lesson(small, "train.toml")


def test_the_whole_lesson_is_budgeted():
    # each step stays under the step budget, together they are far over the lesson's
    act = '{ do = "run_cycles", n = 100000, repeat = 10 }'
    per_step = check_budget((), parse_lesson(_lesson(act), "one.toml").steps, None)
    assert per_step < MAX_STEP_SECONDS
    n = int(MAX_LESSON_SECONDS // per_step) + 2
    with pytest.raises(LessonError, match="the lesson is too much work"):
        parse_lesson(_lesson(*[act] * n), "long.toml")


def test_wait_task_and_exercise_actions_count_too():
    text = HEAD + (
        '[[step]]\nsay = "s"\nwait = { do = "run_cycles", n = 100000, repeat = 1000, '
        'hint = "go" }\n'
    )
    with pytest.raises(LessonError, match="too much work"):
        parse_lesson(text, "wait.toml")


def test_lesson_check_refuses_it_quickly_through_the_cli(tmp_path):
    path = tmp_path / "hang.toml"
    path.write_text(_lesson('{ do = "run_cycles", n = 100000, repeat = 1000 }'))
    err = one_line_error(cli("lesson", "check", path, timeout=60))
    assert "hang.toml:6:" in err and "too much work" in err


def test_the_shipped_lessons_are_within_budget():
    files = sorted(glob.glob(os.path.join(LESSONS, "[0-9]*.toml")))
    assert files
    for f in files:
        lesson = read_lesson(f)
        assert check_budget(lesson.needs, lesson.steps, None) < MAX_LESSON_SECONDS / 2, f
