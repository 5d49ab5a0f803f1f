"""Sequence -> sequence: next-character prediction and auto-completion on a small corpus.

Architecture: a synchronised many-to-many LSTM.  At every step it reads one character and
predicts the next one, like T9 text suggestion; the corpus is batch-ified into columns and
trained in BPTT windows with the state carried across windows (see
:mod:`logicsim.tasks.batchify`):

.. math::

    h[t] = \\mathrm{LSTM}(e(s[t]), h[t-1]), \\qquad p(s[t+1]) = \\mathrm{softmax}(W_y h[t] + b_y)

Completing a prompt feeds the prompt in, then keeps feeding back the most likely character.
The corpus below was written for this project.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from logicsim.training.config import TrainConfig
from logicsim.training.trainer import Trainer
from logicsim.training.trainer_tasks import LanguageModelTask

ARCHITECTURE = "sequence -> sequence"
SHOWS = (
    "One output per input step: the net predicts the next character while you type, then "
    "completes a prompt by feeding its own guesses back (auto-completion, T9)."
)

#: A small corpus written for logicsim (lower case, so the vocabulary stays small).
CORPUS = (
    "a latch keeps one bit. a flip flop keeps one bit until the clock ticks. "
    "a shift register passes each bit along, one step per tick. "
    "a recurrent net keeps its state in h, and h changes at every step. "
    "the lstm keeps its memory in c, and its gates decide what to keep. "
    "the forget gate keeps the cell, the input gate writes the cell, "
    "and the output gate lets the cell be read. "
    "when the gates are open the net writes, when the gates are shut the net keeps. "
    "the clock ticks, the state changes, the net reads the next symbol. "
    "a latch with feedback keeps its bit; a net with feedback keeps its state. "
    "gradients flow back through time, one step per tick, and they shrink or grow. "
    "the gates of the lstm let the gradient flow along the cell without shrinking. "
)


class AutoComplete:
    """Character-level language model of :data:`CORPUS`.

    Parameters
    ----------
    hidden : int
        LSTM size.
    batch_size, bptt : int
        Columns and BPTT window of the batch-ified corpus.
    seed : int
        Seed of the weights.
    text : str
        Corpus (default :data:`CORPUS`).
    """

    architecture = ARCHITECTURE
    shows = SHOWS

    def __init__(
        self,
        hidden: int = 48,
        batch_size: int = 8,
        bptt: int = 20,
        seed: int = 0,
        text: str = CORPUS,
    ) -> None:
        self.task = LanguageModelTask(text, batch_size=batch_size, bptt=bptt)
        config = TrainConfig(model="lstm", hidden_size=hidden, seeds=1, seed=seed, lr=0.01)
        self.trainer = Trainer(config, task=self.task)

    @property
    def vocab(self) -> str:
        """Characters the model knows."""
        return self.task.vocab

    def train(self, epochs: int = 40, should_stop: Callable[[], bool] | None = None) -> list[float]:
        """Train with the shared trainer (RMSprop, lr 0.01); returns mean training loss per epoch.

        ``should_stop()`` true stops after the current batch (a cancel request).
        """
        if should_stop is None:
            self.trainer.run(epochs=epochs)
        else:

            def check(_record: object) -> None:
                if should_stop():
                    self.trainer.cancel()

            self.trainer.batch_end.connect(check)
            try:
                self.trainer.run(epochs=epochs)
            finally:
                self.trainer.batch_end.disconnect(check)
        return [row[0] for row in self.trainer.history.train_loss]

    def accuracy(self) -> float:
        """Next-character accuracy over the corpus after the last epoch."""
        return (
            float(self.trainer.history.test_accuracy[-1][0]) if self.trainer.history.epoch else 0.0
        )

    def complete(self, prompt: str, n: int = 30) -> str:
        """Feed ``prompt`` and greedily generate ``n`` more characters (stops after a period)."""
        model = self.trainer.model
        logits, cache = model.forward(self.task.encode_one(prompt), None, "steps")  # (1, T, 1, V)
        state = cache.trace.final_state
        out = ""
        for _ in range(n):
            ch = self.vocab[int(np.argmax(logits[0, -1, 0]))]
            out += ch
            if ch == ".":
                break
            logits, cache = model.forward(self.task.encode_one(ch), state, "steps")
            state = cache.trace.final_state
        return out
