"""The lesson validator knows the neuron, batch, demo and clipping names, with their value rules."""

from __future__ import annotations

import pytest

from logicsim.lesson import LessonError, parse_lesson

HEAD = 'title = "t"\nsummary = "s"\n\n[[step]]\nsay = "go"\n'


def _parse(step: str):
    return parse_lesson(HEAD + step, "new.toml")


def test_new_names_validate():
    lesson = _parse(
        'set = { "neuron.w" = 1.5, "batch.size" = 4, demo = "reverse", "demo.steps" = "off", '
        "clip_threshold = 2.0 }\n"
        'act = [{ do = "neuron_pulse", input = "set", steps = 3 }, { do = "neuron_run" }, '
        '{ do = "neuron_clear", h = 0.5 }, { do = "train_demo" }]\n'
        'focus = ["neuron", "batch", "demo", "gradient.clip"]\n'
        'check = ["neuron.fixed_points == 2", \'batch.x[k=1, t=1] == "agms"\', '
        '"clip.norm[t=0] <= clip_threshold", "demo.accuracy >= 0"]\n'
    )
    step = lesson.steps[0]
    assert [a.name for a in step.acts] == [
        "neuron_pulse",
        "neuron_run",
        "neuron_clear",
        "train_demo",
    ]
    assert len(step.checks) == 4


@pytest.mark.parametrize(
    "step, words",
    [
        ('set = { "neuron.w" = 9.0 }\n', "above the maximum"),
        ('set = { demo = "chess" }\n', "chess"),
        ('act = { do = "neuron_pulse", input = "up" }\n', "input"),
        ('act = { do = "neuron_pulse" }\n', "needs argument"),
        ('act = { do = "neuron_clear", h = 3 }\n', "above the maximum"),
        ('check = "batch.x[z=1] == 1"\n', "z"),
        ('check = "neuron.hh == 1"\n', "neuron.hh"),
    ],
)
def test_bad_uses_are_located_lesson_errors(step, words):
    with pytest.raises(LessonError) as err:
        _parse(step)
    text = str(err.value)
    assert text.startswith("new.toml:6:") and words in text
