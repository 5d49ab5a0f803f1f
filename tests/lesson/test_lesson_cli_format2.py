"""The CLI for format 2: ``play --answers``, ``list`` with questions and the course, ``show``,
``--lang``, and ``check`` of a course file."""

import json
from pathlib import Path

import pytest

from logicsim.cli import main
from logicsim.lesson import LessonError, lesson_names
from logicsim.lesson.course import parse_course

DEMO = str(Path(__file__).parent / "data" / "format2_demo.toml")


def test_play_right_answers(capsys):
    assert main(["lesson", "play", DEMO, "--headless"]) == 0
    out = capsys.readouterr().out
    assert "A: go to 1 and stay (right)" in out
    assert "Feedback: Right: S = 1 forces Qn to 0" in out
    assert "2/2 questions answered right" in out and "Recap:" in out


def test_play_wrong_answers_prints_the_feedback(capsys):
    assert main(["lesson", "play", DEMO, "--headless", "--answers", "wrong"]) == 0
    out = capsys.readouterr().out
    assert "A: stay at 0 (wrong)" in out and "right answer: go to 1 and stay" in out
    assert "Feedback: Tempting, since Q was 0" in out
    assert "Feedback: Too high: tanh has slope 1 at 0" in out  # the number question: 2 + 1 + 1
    assert "0/2 questions answered right" in out


@pytest.mark.parametrize("answers", ["right", "wrong"])
def test_play_json_reports_questions_answers_feedback_and_checks(capsys, answers):
    assert main(["lesson", "play", DEMO, "--headless", "--json", "--answers", answers]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] and report["answers"] == answers
    q = report["questions"][0]
    assert q["question"] == "What will Q do?" and q["right_answer"] == 2
    assert q["correct"] is (answers == "right")
    assert q["answer_given"] == (2 if answers == "right" else 1)
    assert q["feedback"].startswith("Right" if answers == "right" else "Tempting")
    assert report["checks"][0]["says"] == "Q is 1"


def test_play_in_bengali_prints_bengali_titles(capsys):
    assert main(["lesson", "play", DEMO, "--headless", "--lang", "bn"]) == 0
    out = capsys.readouterr().out
    assert "ফরম্যাট ২ নমুনা" in out and "অনুমান: S তুলুন" in out and "Q কী করবে?" in out
    assert "Format 2 demo" not in out and "Predict: raise S" not in out


def test_show_lists_objectives_minutes_notes_lecture_and_steps(capsys):
    assert main(["lesson", "show", DEMO]) == 0
    out = capsys.readouterr().out
    assert "Time: 8 minutes" in out
    assert "Lecture: Combinational vs sequential logic" in out
    assert "  - Predict what a latch does when S rises" in out
    assert "Let the class vote" in out
    assert " 1. Predict: raise S [ask]" in out and " 3. Do it yourself: make it latch [task]" in out
    assert " 4. Exercise: the smallest gain [exercise]" in out


def test_show_in_bengali(capsys):
    assert main(["lesson", "show", DEMO, "--lang", "bn"]) == 0
    out = capsys.readouterr().out
    assert "ফরম্যাট ২ নমুনা" in out and "অনুমান: S তুলুন" in out
    assert "Format 2 demo" not in out and "Predict: raise S" not in out
    assert "S উঠলে ল্যাচ কী করে" in out


def test_list_json_fields(capsys):
    assert main(["lesson", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["name"] for r in rows) == lesson_names()
    for row in rows:
        for key in ("name", "title", "steps", "questions", "exercises", "minutes", "languages"):
            assert key in row
        assert "course" in row


def test_list_bengali_titles(capsys):
    assert main(["lesson", "list", "--lang", "bn"]) == 0
    row = next(r for r in capsys.readouterr().out.splitlines() if r.startswith("01_"))
    assert "কম্বিনেশনাল" in row and "Combinational" not in row


def test_check_validates_the_demo(capsys):
    assert main(["lesson", "check", DEMO]) == 0
    assert "2 questions, 1 tasks, 1 exercises, format 2" in capsys.readouterr().out


COURSE = """title = "A class"
minutes = 90
[[part]]
lesson = "01_combinational_vs_sequential"
mode = "show"
minutes = 50
note = "Show it all."
[[part]]
lesson = "02_latches_need_gain"
mode = "homework"
minutes = 60
"""


def test_course_file_is_parsed_and_checked(tmp_path, capsys):
    course = parse_course(COURSE, "course.toml")
    assert [p.lesson for p in course.parts] == lesson_names()[:2]
    assert course.class_minutes == 50 and course.after(lesson_names()[0]) == lesson_names()[1]
    assert course.parts[0].note_text() == "Show it all."
    path = tmp_path / "course.toml"
    path.write_text(COURSE, encoding="utf-8")
    assert main(["lesson", "check", str(path)]) == 0
    assert "2 lessons, 50 of 90 minutes in class" in capsys.readouterr().out
    path.write_text(COURSE.replace('"homework"', '"skim"'), encoding="utf-8")
    assert main(["lesson", "check", str(path)]) == 2
    assert "take 110 minutes, more than the course's 90" in capsys.readouterr().err


@pytest.mark.parametrize(
    "old, new, fragment, line",
    [
        ('lesson = "02_latches_need_gain"', 'lesson = "02_latches"', "unknown lesson", 9),
        ('mode = "show"', 'mode = "demo"', "mode must be one of show, skim, homework", 5),
        ("minutes = 50", "minutes = 0", "minutes must be a whole number in 1..120", 6),
        ('note = "Show it all."', 'nope = "x"', "unknown key 'nope' (did you mean 'note'?)", 7),
    ],
)
def test_course_errors_name_the_line(old, new, fragment, line):
    with pytest.raises(LessonError) as exc:
        parse_course(COURSE.replace(old, new), "course.toml")
    assert fragment in exc.value.message and exc.value.line == line


def test_list_follows_the_course(monkeypatch, capsys):
    import logicsim.lesson as lesson_pkg

    course = parse_course(COURSE.replace(lesson_names()[0], lesson_names()[2]), "course.toml")
    monkeypatch.setattr(lesson_pkg, "read_course", lambda *a, **k: course)
    assert main(["lesson", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in rows]
    assert names[:2] == [lesson_names()[2], lesson_names()[1]]
    assert sorted(names) == lesson_names()
    assert rows[0]["course"] == {"order": 1, "mode": "show", "minutes": 50, "note": "Show it all."}
    assert rows[1]["course"]["mode"] == "homework" and rows[2]["course"] is None
    assert main(["lesson", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "A class: 50 of 90 minutes in class"
    assert out[1].startswith(lesson_names()[2]) and " show " in out[1]
