"""Recurrent networks in NumPy with exact backpropagation through time.

Time-major arrays ``(T, B, D)``; float64 by default, float32 on request; PyTorch parameter names
and initialisation so weights copy both ways with ``state_dict`` / ``load_state_dict``.  Every
layer takes ``ensemble=K`` to run K independent models in one vectorized pass (a leading axis K
on every parameter and result).

>>> import numpy as np
>>> from logicsim.nn import LSTM
>>> cell = LSTM(input_size=8, hidden_size=4, seed=0)
>>> trace = cell.forward(np.zeros((9, 32, 8)))
>>> trace.h.shape, trace.c.shape
((9, 32, 4), (9, 32, 4))
>>> grads = cell.backward(trace, np.ones_like(trace.h))
>>> grads.params["weight_hh_l0"].shape
(16, 4)
"""

from logicsim.nn._common import NNInputError
from logicsim.nn.clip import clip_grad_norm
from logicsim.nn.linear import Linear
from logicsim.nn.losses import bce_with_logits, cross_entropy
from logicsim.nn.lstm import LSTM, LSTMGrads, LSTMTrace
from logicsim.nn.optim import SGD, Adam, Optimizer, RMSprop
from logicsim.nn.rnn import RNN, RNNGrads, RNNTrace

__all__ = [
    "Adam",
    "LSTM",
    "LSTMGrads",
    "LSTMTrace",
    "NNInputError",
    "RNN",
    "RNNGrads",
    "RNNTrace",
    "SGD",
    "Linear",
    "Optimizer",
    "RMSprop",
    "bce_with_logits",
    "clip_grad_norm",
    "cross_entropy",
]
