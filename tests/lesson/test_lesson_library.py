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


# ---------------------------------------------------------------- teaching shape (format 2)
#: Lessons 01-07 are written in format 2; any lesson written in format 2 later (08 and 09 are
#: being converted elsewhere) is held to the same rules automatically.
FORMAT2_AT_LEAST = [n for n in NAMES if n[:2] <= "07"]


def test_lessons_one_to_seven_are_format_two():
    assert len(FORMAT2_AT_LEAST) == 7
    assert all(load_lesson(name).format == 2 for name in FORMAT2_AT_LEAST)


@pytest.mark.parametrize("name", NAMES)
def test_every_format_two_lesson_teaches(name):
    lesson = load_lesson(name)
    if lesson.format != 2:
        assert name not in FORMAT2_AT_LEAST
        return
    asks = [s for s in lesson.steps if s.ask is not None]
    assert len(asks) >= 2, f"{name}: {len(asks)} predictions"
    assert any(s.exercise is not None for s in lesson.steps), f"{name}: no exercise"
    assert 3 <= len(lesson.recap["en"]) <= 5
    assert 1 <= len(lesson.objectives["en"]) <= 5
    assert lesson.minutes is not None and 1 <= lesson.minutes <= 120
    assert lesson.teacher_notes.get("en") and lesson.lecture.get("en")
    for step in asks:  # feedback for every choice (or low / high / right), and a reveal
        expected = 3 if step.ask.number else len(step.ask.choices)
        assert len(step.ask.feedback) == expected >= 2
        assert all(len(f["en"]) > 20 for f in step.ask.feedback)
        assert step.reveal.get("en"), step.index


def test_no_gradient_before_lesson_four_explains_it():
    # What lessons 1-3 show the student avoids the word; lesson 4 introduces it.
    for name in NAMES[:3]:
        lesson = load_lesson(name)
        texts = [lesson.title, lesson.summary, lesson.recap, lesson.objectives]
        for step in lesson.steps:
            texts += [step.title, step.say, step.reveal]
            if step.ask:
                texts += [step.ask.question, *step.ask.choices, *step.ask.feedback]
            if step.task:
                texts += [step.task.goal, step.task.hint]
            if step.exercise:
                texts += [step.exercise.task, step.exercise.answer]
        assert "gradient" not in repr(texts).lower(), name


def test_the_course_fits_ninety_minutes():
    import tomllib

    with open(lesson_dir() / "course.toml", "rb") as fh:
        course = tomllib.load(fh)
    parts = course["part"]
    assert [p["lesson"] for p in parts] == NAMES  # every lesson, in teaching order
    assert {p["mode"] for p in parts} <= {"show", "skim", "homework"}
    assert sum(p["minutes"] for p in parts if p["mode"] != "homework") <= course["minutes"] == 90
    assert all(p["note"] for p in parts)


#: Lessons the course ships complete in Bengali (issue 12 §4); docs/glossary.md has their terms.
BENGALI_LESSONS = ["01", "05", "06", "07"]


def _student_texts(lesson):
    """Every text a student sees in ``lesson``, as (where, language table) pairs."""
    texts = [("title", lesson.title), ("summary", lesson.summary)]
    if lesson.lecture:
        texts.append(("lecture", lesson.lecture))
    for step in lesson.steps:
        where = f"step {step.index + 1}"
        texts += [(where + " title", step.title), (where + " say", step.say)]
        if step.reveal:
            texts.append((where + " reveal", step.reveal))
        if step.ask:
            texts.append((where + " question", step.ask.question))
            texts += [(where + " choice", c) for c in step.ask.choices]
            texts += [(where + " feedback", f) for f in step.ask.feedback]
        if step.task:
            texts += [(where + " goal", step.task.goal), (where + " hint", step.task.hint)]
        if step.wait and step.wait.hint:
            texts.append((where + " wait hint", step.wait.hint))
        if step.exercise:
            texts += [(where + " exercise", step.exercise.task)]
            texts += [(where + " answer", step.exercise.answer)]
        # every check's plain words: the dock lists them (a bare check would show English)
        texts += [(where + " check", {"en": c.text} | c.says) for c in step.all_checks()]
    return texts


@pytest.mark.parametrize("prefix", BENGALI_LESSONS)
def test_lessons_are_complete_in_bengali(prefix):
    bengali = re.compile(r"[\u0980-\u09FF]")
    lesson = load_lesson(prefix)
    assert "bn" in lesson.languages  # the dock offers Bengali only when every step has it
    missing = [
        f"{where}: {text['en'][:40]}"
        for where, text in _student_texts(lesson)
        if not bengali.search(text.get("bn", "")) or text.get("bn") == text["en"]
    ]
    assert not missing, "\n".join(missing)
    for lines in (lesson.objectives, lesson.recap):
        assert len(lines["bn"]) == len(lines["en"])
        assert all(bengali.search(line) for line in lines["bn"])
    for step in lesson.steps:
        if step.ask and step.ask.choices:
            assert len(step.ask.choices) == len(step.ask.feedback)


def test_bengali_titles_in_the_lesson_list(capsys):
    from logicsim.cli import main

    assert main(["lesson", "list", "--lang", "bn"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("RNN ও LSTM আর্কিটেকচার")  # the course's title
    for prefix in BENGALI_LESSONS:
        row = next(r for r in rows if r.startswith(prefix + "_"))
        title = load_lesson(prefix).title
        assert title["bn"] in row and title["en"] not in row, row
