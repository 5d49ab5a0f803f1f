"""logicsim: recurrent neural networks told through digital logic.

The core package holds only NumPy and sympy code (sympy is imported lazily where it is
needed).  It never imports Qt: the desktop app in :mod:`gui` is a thin view over it.

Subpackages
-----------
logic     gate-level simulator, circuit files, the library of named circuits
nn        RNN and LSTM cells with exact backpropagation through time, heads, losses, optimizers
tasks     the lecture's tasks (temporal order, signal echo, batchify)
training  the trainer (K seeds at once), its events and state pictures, the architecture demos
dynamics  recurrent matrices with chosen eigenvalues, Jacobian products, gradient norms
symbolic  sympy derivations of the step equations and their exports
lesson    lesson files and the headless lesson player
"""

__version__ = "0.1.0"
