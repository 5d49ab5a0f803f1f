"""One training configuration: the trainer, the CLI and the training bench share its rules."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from logicsim.errors import LogicsimError
from logicsim.training.config import DEFAULTS, DOCS, RULES, TrainConfig, check_setting
from logicsim.training.trainer import Trainer
from logicsim.workbench.registry import CONTROLS
from logicsim.workbench.training_bench import LABELS, SHARED, TrainingBench


def test_every_field_has_a_default_a_meaning_and_a_rule_and_the_defaults_are_valid():
    names = [f.name for f in dataclasses.fields(TrainConfig)]
    assert names == list(RULES) == list(DOCS) == list(DEFAULTS)
    assert all(DOCS[n].strip() for n in names)
    TrainConfig().validate()


@pytest.mark.parametrize("name", [n for n, r in RULES.items() if r.low is not None])
def test_below_the_minimum_is_refused_in_one_form(name):
    rule = RULES[name]
    value = rule.low - 1 if rule.kind == "int" else rule.low / 2 if rule.low > 0 else rule.low - 1
    with pytest.raises(LogicsimError, match=rf"^{name}: .* is below the minimum "):
        check_setting(name, value)
    with pytest.raises(LogicsimError, match=r"^--flag: .* is below the minimum "):
        TrainConfig(**{name: value}).validate({name: "--flag"})


@pytest.mark.parametrize("name", [n for n, r in RULES.items() if r.choices])
def test_choices_are_enforced(name):
    with pytest.raises(LogicsimError, match=rf"^{name}: 'nope' is not one of "):
        check_setting(name, "nope")


def test_whole_floats_become_ints_and_none_only_where_allowed():
    config = TrainConfig(hidden_size=8.0, batch_size=None)  # type: ignore[arg-type]
    config.validate()
    assert config.hidden_size == 8 and isinstance(config.hidden_size, int)
    with pytest.raises(LogicsimError, match="hidden_size: a value is required"):
        TrainConfig(hidden_size=None).validate()  # type: ignore[arg-type]


def test_training_controls_take_their_ranges_from_the_rules():
    for key in SHARED:
        control, rule = CONTROLS[f"train.{key}"], RULES[key]
        if rule.kind == "int":  # narrowed to what the app's spin boxes hold (a 32-bit int)
            from logicsim.workbench.tables import MAX_CONTROL_INT

            assert (control.low, control.high) == (rule.low, min(rule.high, MAX_CONTROL_INT))
            continue
        assert (control.low, control.high, control.choices) == (rule.low, rule.high, rule.choices)
    assert CONTROLS["train.models"].choices == RULES["model"].choices
    batches = CONTROLS["train.batches"]
    assert (batches.low, batches.high) == (
        RULES["batches_per_epoch"].low,
        RULES["batches_per_epoch"].high,
    )
    assert set(LABELS) <= set(RULES)


def test_trainer_bench_and_cli_report_the_same_rule_naming_their_own_name():
    tail = "0 is below the minimum 1"
    with pytest.raises(LogicsimError, match=f"^hidden_size: {tail}$"):
        Trainer(TrainConfig(hidden_size=0))
    with pytest.raises(LogicsimError, match=rf"^train\.hidden_size: {tail}$"):
        TrainingBench().update(hidden_size=0)
    proc = subprocess.run(
        [sys.executable, "-m", "logicsim", "train", "--hidden", "0", "--epochs", "1"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(f"--hidden: {tail}")


def test_bench_settings_round_trip_and_reach_the_trainer_config():
    bench = TrainingBench()
    bench.update(hidden_size=7, batches=3, models=["lstm"], task="echo")
    assert bench.settings()["hidden_size"] == 7 and bench.batches == 3
    config = bench._trainer_config("lstm", 2, 1, 5)
    assert (config.hidden_size, config.batches_per_epoch, config.series_length) == (7, 3, 60)
    other = TrainingBench()
    other.set_state(bench.get_state())
    assert other.settings() == bench.settings()
    with pytest.raises(LogicsimError, match=r"train\.models: 'gru' is not one of rnn, lstm"):
        bench.update(models=["gru"])
    assert bench.models == ["lstm"]  # a refused update changes nothing
