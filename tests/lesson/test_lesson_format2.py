"""Format 2: questions, do-it-yourself tasks, exercises, recap, checks in plain words, and the
per-step context, through the parser and the player (headless and interactive)."""

from pathlib import Path

import pytest

from logicsim.lesson import LessonError, LessonPlayer, parse_lesson, read_lesson
from logicsim.workbench import Workbench

DEMO = Path(__file__).parent / "data" / "format2_demo.toml"
HEAD = """format = 2
title = "t"
summary = "s"
minutes = 5
objectives = ["one"]
recap = ["a", "b", "c"]
"""


@pytest.fixture(scope="module")
def demo():
    return read_lesson(DEMO)


def test_the_demo_uses_every_new_key(demo):
    assert demo.format == 2 and demo.minutes == 8
    assert demo.objectives["bn"][0].startswith("S উঠলে")
    assert len(demo.recap["en"]) == 3 and demo.recap["bn"][2] == "আগে অনুমান, পরে দেখা।"
    assert "vote" in demo.teacher_notes["en"] and demo.lecture["en"].startswith("Combinational")
    assert demo.heading("bn") == "ফরম্যাট ২ নমুনা"
    kinds = [s.kind for s in demo.steps]
    assert kinds == ["ask", "ask", "task", "exercise", "plain"]
    ask = demo.steps[0].ask
    assert ask.answer == 2 and ask.choice_text(3) == "toggle without settling"
    assert ask.question["bn"] == "Q কী করবে?"
    number = demo.steps[1].ask
    assert number.number and number.tolerance == 0.1 and number.wrong_answer() == 2 + 1 + 1
    assert demo.steps[0].reveal["en"].startswith("Q went to 1")
    task = demo.steps[2].task
    assert task.hint_after == 5 and task.show.sets == (("neuron.w", 2.0),)
    assert task.until.sentence() == "the neuron latches"
    exercise = demo.steps[3].exercise
    assert [c.text for c in exercise.grade] == ["neuron.latch_passes", "neuron.w <= 1.5"]
    assert exercise.solution.sets == (("neuron.w", 1.2),)
    first, second = demo.steps[0].checks
    assert first.sentence("bn") == "Q হল 1" and first.sentence() == "Q is 1"
    assert demo.n_questions == 2 and demo.n_tasks == 1 and demo.n_exercises == 1


def test_bare_checks_get_plain_words_from_the_observables(demo):
    oscillating = demo.steps[0].checks[1]
    assert oscillating.says == {}
    assert (
        oscillating.sentence() == "Not so: the last settle hit the oscillation limit (oscillating)"
    )
    slope = demo.steps[1].checks[0]
    assert slope.sentence().endswith("(neuron.slope) is 2")


def test_a_check_may_say_bengali_only_and_keep_the_generated_english():
    step = '[[step]]\nsay = "x"\ncheck = [{ that = "not oscillating", says.bn = "দোলন নেই" }]\n'
    text = HEAD + step
    check = parse_lesson(text, "t.toml").steps[0].checks[0]
    assert check.says == {"bn": "দোলন নেই"}
    assert check.sentence("bn") == "দোলন নেই"
    assert check.sentence("en") == check.words and "oscillat" in check.words
    empty = HEAD + '[[step]]\nsay = "x"\ncheck = [{ that = "true", says = {} }]\n'
    with pytest.raises(LessonError, match="says is an empty table"):
        parse_lesson(empty, "t.toml")
    with pytest.raises(LessonError, match=r"say needs an English text \(say.en\)"):
        parse_lesson(HEAD + '[[step]]\nsay.bn = "x"\n', "t.toml")


@pytest.mark.parametrize("answers", ["right", "wrong"])
def test_headless_play_answers_and_passes(demo, answers):
    player = LessonPlayer(demo, answers=answers)
    report = player.run_to_end()
    assert report.passed, report.first_failure and report.first_failure.describe()
    records = report.questions
    assert [r.step for r in records] == [0, 1]
    if answers == "right":
        assert all(r.right for r in records)
        assert records[0].feedback().startswith("Right: S = 1")
    else:
        assert not any(r.right for r in records)
        assert records[0].given == 1 and records[0].feedback().startswith("Tempting")
        assert records[1].given == pytest.approx(4.0)
        assert records[1].feedback().startswith("Too high")
    data = report.to_dict()
    assert data["answers"] == answers and len(data["questions"]) == 2
    assert data["questions"][0]["question"] == "What will Q do?"
    # the task and the exercise were open before Show me / the solution, and done after
    texts = [c["check"] for c in data["checks"]]
    assert any(t.startswith("the task is not done before Show me") for t in texts)
    assert any(t.startswith("the exercise is not solved before the solution") for t in texts)
    assert data["checks"][0]["says"] == "Q is 1"


def _lesson(steps, head=HEAD):
    return parse_lesson(head + steps, "inline.toml")


def test_headless_task_already_done_fails():
    lesson = _lesson(
        """[[step]]
say = "x"
set = { "neuron.w" = 2.0 }
task.goal = "g"
task.until = "neuron.latch_passes"
task.show = { set = { "neuron.w" = 2.0 } }
"""
    )
    report = LessonPlayer(lesson).run_to_end()
    assert not report.passed
    assert "already true before Show me" in report.first_failure.describe()


def test_headless_exercise_already_solved_or_unsolvable_fails():
    solved = _lesson(
        """[[step]]
say = "x"
set = { "neuron.w" = 2.0 }
exercise.task = "t"
exercise.grade = "neuron.latch_passes"
exercise.answer = "a"
exercise.solution = { set = { "neuron.w" = 2.0 } }
"""
    )
    report = LessonPlayer(solved).run_to_end()
    assert report.first_failure.text.startswith("the exercise is not solved before")
    wrong = _lesson(
        """[[step]]
say = "x"
set = { "neuron.w" = 0.5 }
exercise.task = "t"
exercise.grade = "neuron.latch_passes"
exercise.answer = "a"
exercise.solution = { set = { "neuron.w" = 0.9 } }
"""
    )
    report = LessonPlayer(wrong).run_to_end()
    assert report.first_failure.text == "after the solution: neuron.latch_passes"


def test_interactive_question_waits_before_the_step_changes_anything(demo):
    wb = Workbench()
    player = LessonPlayer(demo, wb, interactive=True)
    player.forward()
    assert player.phase == "asking" and not player.at_end
    assert wb.observe("net.Q") == 0 and wb.get("input.S") == 0  # nothing happened yet
    record = player.answer(3)
    assert not record.right and "same instant" in record.feedback()
    assert wb.observe("net.Q") == 1 and player.phase == "done"
    assert player.results[-1].passed and player.answer_log == [record]
    player.back()
    assert wb.observe("net.Q") == 0 and player.position == 0
    player.forward()
    player.forward()  # Next on an open question reveals without an answer, on the same step
    assert player.position == 1 and player.phase == "done"
    assert player.results[-1].answer.given is None and wb.observe("net.Q") == 1
    assert len(player.answer_log) == 2  # the first answer is kept in the log after Back


def _to_step(player, k):
    while player.position < k:
        player.forward()
        if player.phase == "asking":
            player.answer(player.current.ask.answer)


def test_interactive_task_completes_on_the_students_change(demo):
    wb = Workbench()
    player = LessonPlayer(demo, wb, interactive=True)
    _to_step(player, 3)
    assert player.phase == "task" and wb.get("neuron.w") == 0.5
    assert not player.poll_task()
    wb.set("neuron.w", 1.4)  # the student's own change
    assert player.poll_task() and player.phase == "done"
    result = player.results[-1]
    assert result.done_by_student and not result.shown and result.passed
    assert player.context["neuron.w"] == 1.4  # the student's value is kept as context
    player.back()
    _to_step(player, 3)
    assert player.show_me() and player.results[-1].shown and wb.get("neuron.w") == 2.0


def test_interactive_exercise_grades_and_shows_the_answer(demo):
    wb = Workbench()
    player = LessonPlayer(demo, wb, interactive=True)
    _to_step(player, 4)
    assert player.phase == "exercise"
    grades = player.grade()
    assert [g.passed for g in grades] == [False, True] and player.phase == "exercise"
    assert grades[0].words.startswith("Whether the neuron latches") or grades[0].words
    wb.set("neuron.w", 3.0)  # latches, but too large
    assert [g.passed for g in player.grade()] == [True, False]
    player.show_answer()
    assert player.phase == "done" and wb.get("neuron.w") == 1.2 and player.results[-1].passed
    player.forward()
    assert player.at_end and player.results[-1].passed


def test_next_does_an_open_task_for_the_student(demo):
    player = LessonPlayer(demo, Workbench(), interactive=True)
    _to_step(player, 3)
    player.forward()
    assert player.results[2].shown and player.results[2].passed and player.position == 4


def test_context_is_restored_when_the_student_loads_another_circuit_or_cell():
    lesson = _lesson(
        """[needs]
circuit = "half_adder"
cell = "lstm"
hidden_size = 3
"input.A" = 1
[[step]]
say = "one"
check = ['cell == "lstm"', "net.S == 1"]
[[step]]
say = "two"
check = ['cell == "lstm"', "hidden_size == 3", "net.S == 1", 'circuit == "half_adder"']
"""
    )
    wb = Workbench()
    player = LessonPlayer(lesson, wb, interactive=True)
    player.forward()
    wb.set("circuit", "sr_latch_nor")  # the student explores
    wb.set("cell", "rnn")
    wb.set("hidden_size", 7)
    result = player.forward()
    assert result.restored == ("circuit", "cell", "hidden_size")
    assert result.passed, [c.describe() for c in result.checks]
    # Back returns to the state before Next (the student's); nothing changed: nothing restored
    player.back()
    assert wb.get("cell") == "rnn"
    player.restart()
    player.forward()
    assert player.forward().restored == ()


@pytest.mark.parametrize(
    "text, fragment, where",
    [
        ('format = 1\ntitle = "t"\nsummary = "s"\nminutes = 3\n[[step]]\nsay = "x"\n',
         "key 'minutes' needs format = 2", "minutes"),
        ('title = "t"\nsummary = "s"\n[[step]]\nsay = "x"\nask.question = "q"\n',
         "step key 'ask' needs format = 2", "ask"),
        (HEAD + '[[step]]\nsay = "x"\nask.qestion = "q"\n',
         "unknown key ask.qestion (did you mean 'question'?)", "qestion"),
        (HEAD + '[[step]]\nsay = "x"\nask.question = "q"\nask.choices = ["a", "b"]\n'
         'ask.answer = 3\nask.feedback = ["x", "y"]\nreveal = "r"\n',
         "ask.answer 3 is not a choice (1..2)", "answer"),
        (HEAD + '[[step]]\nsay = "x"\nask.question = "q"\nask.choices = ["a", "b"]\n'
         'ask.answer = 1\nask.feedback = ["x"]\nreveal = "r"\n',
         "ask.feedback has 1 line(s) for 2 choices", "feedback"),
        (HEAD + '[[step]]\nsay = "x"\nask.question = "q"\nask.choices = ["a", "b"]\n'
         'ask.answer = 1\nask.feedback = ["x", "y"]\n',
         "needs reveal", "ask"),
        (HEAD + '[[step]]\nsay = "x"\nask.question = "q"\nask.number = true\nask.answer = 1\n'
         'ask.feedback = { low = "l", high = "h" }\nreveal = "r"\nask.tolerance = 0.1\n',
         'ask.feedback needs right = "..."', "feedback"),
        (HEAD + '[[step]]\nsay = "x"\ntask.goal = "g"\ntask.until = "neuron.latch_pases"\n'
         'task.show = { set = { "neuron.w" = 2.0 } }\n',
         "unknown observable 'neuron.latch_pases' (did you mean 'neuron.latch_passes'?)",
         "neuron.latch_pases"),
        (HEAD + '[[step]]\nsay = "x"\ntask.goal = "g"\ntask.until = "neuron.latch_passes"\n'
         'task.show = { set = { "neuron.w" = 9.0 } }\n',
         "set neuron.w: 9.0 is above the maximum", "neuron.w"),
        (HEAD + '[[step]]\nsay = "x"\nexercise.task = "t"\nexercise.grade = ["true"]\n'
         'exercise.answer = "a"\nexercise.solution = { sett = {} }\n',
         "unknown key exercise.solution.sett (did you mean 'set'?)", "sett"),
        (HEAD + '[[step]]\nsay = "x"\ncheck = [{ that = "true", sayz = "y" }]\n',
         "unknown key a check table.sayz (did you mean 'says'?)", "sayz"),
        (HEAD.replace("minutes = 5", "minutes = 500") + '[[step]]\nsay = "x"\n',
         "minutes must be a whole number of minutes in 1..120", "minutes"),
        (HEAD.replace('recap = ["a", "b", "c"]', 'recap = ["a"]') + '[[step]]\nsay = "x"\n',
         "recap.en has 1 line(s); write 3 to 5", "recap"),
        (HEAD + '[[step]]\nsay = "x"\nwait = "next"\ntask.goal = "g"\ntask.until = "true"\n'
         'task.show = { act = "settle" }\n',
         "cannot also wait", "wait"),
    ],
)  # fmt: skip
def test_format2_errors_are_located(text, fragment, where):
    with pytest.raises(LessonError) as exc:
        parse_lesson(text, "bad.toml")
    err = exc.value
    assert fragment in err.message, err.message
    lines = text.splitlines()
    want = next(n for n, row in enumerate(lines, 1) if where in row)
    assert err.line == want, (str(err), want)
    assert err.column is not None and str(err).startswith(f"bad.toml:{err.line}:{err.column}: ")
