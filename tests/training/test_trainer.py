"""The trainer: PyTorch parity, ensembles = separate runs, determinism, events, cancel, learning."""

import numpy as np
import pytest

from logicsim.tasks import Echo, TemporalOrder
from logicsim.training.config import TrainConfig
from logicsim.training.trainer import Trainer, score
from logicsim.training.trainer_tasks import LanguageModelTask, TaskSpec


def small(**kw):
    base = dict(epochs=1, batches_per_epoch=4, test_batches=2, seeds=1)
    base.update(kw)
    return TrainConfig(**base)


@pytest.fixture
def torch64():
    """PyTorch in float64 on one thread; the previous defaults are restored afterwards."""
    import torch

    dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    yield torch
    torch.set_default_dtype(dtype)
    torch.set_num_threads(threads)


def _torch_models(torch, trainer, kind, nonlinearity="relu"):
    sd = trainer.model.state_dict()
    D, H, C = trainer.model.cell.input_size, trainer.model.hidden_size, trainer.model.output_size
    cell = torch.nn.LSTM(D, H) if kind == "lstm" else torch.nn.RNN(D, H, nonlinearity=nonlinearity)
    head = torch.nn.Linear(H, C)
    cell.load_state_dict(
        {k[5:]: torch.tensor(v[0]) for k, v in sd.items() if k.startswith("cell.")}
    )
    head.load_state_dict(
        {k[5:]: torch.tensor(v[0]) for k, v in sd.items() if k.startswith("head.")}
    )
    return cell, head


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["lstm", "rnn"])
@pytest.mark.torch
def test_temporal_order_training_matches_pytorch(kind, torch64):
    torch = torch64
    trainer = Trainer(small(model=kind, batches_per_epoch=15))
    cell, head = _torch_models(torch, trainer, kind)
    opt = torch.optim.RMSprop([*cell.parameters(), *head.parameters()], lr=1e-3)
    gen = TemporalOrder("easy", 32, seed=0)  # the trainer's data stream (data seed = seed = 0)
    expected = []
    for _ in range(15):
        x, y = gen.batch()
        logits = head(cell(torch.tensor(x))[0][-1])  # read out at the last step
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        expected.append(loss.item())
    got = []
    trainer.batch_end.connect(lambda b: got.append(float(b.loss[0])))
    trainer.run()
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)
    np.testing.assert_allclose(
        trainer.model.params["cell.weight_hh_l0"][0], cell.weight_hh_l0.detach().numpy(), atol=1e-10
    )


@pytest.mark.torch
def test_echo_truncated_bptt_matches_pytorch_detach(torch64):
    torch = torch64
    cfg = small(task="echo", model="rnn", series_length=200, chunk_length=20)
    trainer = Trainer(cfg)
    cell, head = _torch_models(torch, trainer, "rnn")
    opt = torch.optim.RMSprop([*cell.parameters(), *head.parameters()], lr=1e-3)
    data = Echo(3, 200, 5, 20, seed=0)
    data.new_series()  # the trainer draws fresh streams at the start of the epoch
    h = torch.zeros(1, 5, 4)
    expected = []
    for x, y in data.chunks():
        out, h = cell(torch.tensor(x), h)
        h = h.detach()  # carry the state, cut the gradient
        loss = torch.nn.functional.binary_cross_entropy_with_logits(head(out), torch.tensor(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        expected.append(loss.item())
    got = []
    trainer.batch_end.connect(lambda b: got.append(float(b.loss[0])))
    trainer.run()
    assert len(got) == 10
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-10)


@pytest.mark.parametrize("task", ["temporal-order", "echo"])
def test_ensemble_member_equals_a_separate_run(task):
    extra = {"series_length": 400} if task == "echo" else {}
    ens = Trainer(small(task=task, model="lstm", seeds=3, seed=5, epochs=2, **extra))
    ens.run()
    one = Trainer(small(task=task, model="lstm", seeds=1, seed=6, data_seed=5, epochs=2, **extra))
    one.run()
    a, b = np.asarray(ens.history.test_loss)[:, 1], np.asarray(one.history.test_loss)[:, 0]
    np.testing.assert_allclose(a, b, rtol=1e-10)
    np.testing.assert_allclose(
        ens.model.params["cell.weight_ih_l0"][1],
        one.model.params["cell.weight_ih_l0"][0],
        atol=1e-12,
    )


def test_same_config_same_history_and_summary_shape():
    r1 = Trainer(small(seeds=2, epochs=2)).run()
    r2 = Trainer(small(seeds=2, epochs=2)).run()
    r1["history"].pop("seconds"), r2["history"].pop("seconds")  # wall times differ
    assert r1["history"] == r2["history"]
    assert len(r1["final_test_accuracy"]) == 2
    assert all(0 <= a <= 1 for a in r1["final_test_accuracy"])
    assert r1["epochs_done"] == 2 and r1["parameters_per_model"] == 244
    assert r1["history"]["epoch"] == [1, 2]


def test_parameter_counts_match_the_notebook():
    assert Trainer(small(model="rnn")).model.num_parameters() == 76
    assert Trainer(small(model="lstm")).model.num_parameters() == 244


def test_events_fire_and_cancel_keeps_finished_epochs():
    trainer = Trainer(small(epochs=5))
    seen = {"batch": 0, "epoch": [], "done": []}

    def on_batch(info):
        seen["batch"] += 1
        assert info.loss.shape == (1,) and info.n_batches == 4
        if info.epoch == 3 and info.batch == 2:
            trainer.cancel()

    trainer.batch_end.connect(on_batch)
    trainer.epoch_end.connect(lambda r: seen["epoch"].append(r.epoch))
    trainer.done.connect(seen["done"].append)
    result = trainer.run()
    assert seen["epoch"] == [1, 2] and seen["batch"] == 4 + 4 + 2
    assert result["cancelled"] and result["epochs_done"] == 2 and len(seen["done"]) == 1
    # running again continues where it stopped
    trainer.batch_end.disconnect(on_batch)
    trainer.run(epochs=1)
    assert trainer.history.epoch == [1, 2, 3] and not trainer.cancelled


def test_epoch_end_reports_time_left():
    trainer = Trainer(small(epochs=3))
    etas = []
    trainer.epoch_end.connect(lambda r: etas.append(r.eta))
    trainer.run()
    assert etas[-1] == 0 and etas[0] > 0


@pytest.mark.slow
def test_lecture_part1_fast_version_lstm_beats_chance_on_easy():
    """Loose version of the lecture's EASY experiment: 8 seeds, 10 epochs, hidden 4."""
    lstm = Trainer(TrainConfig(model="lstm", seeds=8, epochs=10)).run()
    rnn = Trainer(TrainConfig(model="rnn", nonlinearity="relu", seeds=8, epochs=10)).run()
    assert lstm["test_accuracy_mean"] > 0.45  # chance is 0.25
    assert lstm["test_accuracy_max"] > 0.75
    assert lstm["test_accuracy_mean"] > rnn["test_accuracy_mean"]
    first = np.mean(lstm["history"]["test_accuracy"][0])
    assert lstm["test_accuracy_mean"] > first + 0.15  # it learned during the run


def test_echo_rnn_learns_to_echo():
    result = Trainer(TrainConfig(task="echo", model="rnn", seeds=4, epochs=2)).run()
    assert result["test_accuracy_max"] > 0.97  # chance is 0.5


def test_stop_when_solved_stops_early():
    cfg = TrainConfig(
        task="echo",
        model="rnn",
        seeds=1,
        seed=1,
        epochs=20,
        series_length=4000,
        success_threshold=0.6,
    )
    trainer = Trainer(cfg)
    result = trainer.run(stop_when_solved=True)
    assert result["epochs_done"] < 20 and result["success_rate"] == 1.0
    assert result["epochs_to_success"][0] == result["epochs_done"]


def test_diverged_member_is_scored_as_lost_without_stopping_the_others():
    spec = TaskSpec(8, 4, "last", "ce", False)
    logits = np.zeros((2, 3, 4))
    logits[1, 0, 0] = np.inf
    loss, dlogits, acc = score(spec, logits, np.array([0, 1, 2]))
    assert np.isnan(loss[1]) and np.isfinite(loss[0]) and np.all(dlogits[1] == 0)
    np.testing.assert_allclose(loss[0], np.log(4))


def test_language_model_task_learns_a_repeating_text():
    text = "the cat sat on the mat. " * 40
    task = LanguageModelTask(text, batch_size=4, bptt=12)
    trainer = Trainer(
        TrainConfig(model="lstm", hidden_size=16, seeds=2, epochs=6, lr=1e-2), task=task
    )
    result = trainer.run()
    loss = np.asarray(result["history"]["train_loss"])
    assert loss[-1].mean() < 0.6 * loss[0].mean()
    assert result["test_accuracy_max"] > 0.5


def test_bad_config_is_one_line_error():
    from logicsim.errors import LogicsimError

    for kw in [
        {"task": "sort"},
        {"model": "gru"},
        {"hidden_size": 0},
        {"nonlinearity": "sigmoid"},
        {"lr": 0.0},
        {"dtype": "float16"},
    ]:
        with pytest.raises(LogicsimError):
            Trainer(TrainConfig(**kw))
    with pytest.raises(LogicsimError):
        Trainer(TrainConfig(difficulty="impossible"))


def test_a_member_with_broken_weights_does_not_stop_the_ensemble():
    trainer = Trainer(small(task="echo", model="rnn", seeds=2, series_length=200))
    trainer.model.params["cell.weight_hh_l0"][1] = np.nan  # member 1 is broken
    result = trainer.run()
    assert np.isnan(result["final_test_loss"][1]) and np.isfinite(result["final_test_loss"][0])
    assert result["final_test_accuracy"][0] > 0.4


def test_cancel_before_run_stops_at_once():
    trainer = Trainer(small(epochs=3))
    trainer.cancel()  # e.g. the GUI's Cancel pressed while the worker thread starts
    assert trainer.run()["epochs_done"] == 0 and trainer.cancelled
    assert trainer.run()["epochs_done"] == 3 and not trainer.cancelled


def test_forget_bias_raises_only_the_forget_gate_rows():
    plain = Trainer(small(model="lstm", hidden_size=3, seeds=2))
    raised = Trainer(small(model="lstm", hidden_size=3, seeds=2, forget_bias=2.5))
    diff = raised.model.params["cell.bias_hh_l0"] - plain.model.params["cell.bias_hh_l0"]  # (2, 12)
    np.testing.assert_allclose(diff[:, 3:6], 2.5)  # gate order i, f, g, o: rows H..2H are f
    np.testing.assert_allclose(np.delete(diff, np.s_[3:6], axis=1), 0.0)


@pytest.mark.parametrize("task", ["temporal-order", "echo"])
def test_float32_runs_end_to_end(task):
    trainer = Trainer(small(task=task, dtype="float32", seeds=2, series_length=200))
    result = trainer.run()
    assert trainer.model.params["cell.weight_hh_l0"].dtype == np.float32
    assert all(0 <= a <= 1 for a in result["final_test_accuracy"])
