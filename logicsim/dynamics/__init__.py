"""Gradient dynamics: recurrent matrices with chosen eigenvalues and Jacobian products through time.

>>> from logicsim.dynamics import norm_curve, recurrent_matrix, spectral_report
>>> W = recurrent_matrix([0.9, 0.95 + 0.3j], 9)  # 0.9, pair, 0.9, pair, 0.9, pair
>>> spectral_report(W).regime
'vanishing guaranteed'
>>> curve = norm_curve([0.9], hidden_size=4, steps=10, nonlinearity="linear")
>>> round(float(curve[0]), 6), float(curve[-1])  # 10 * log10(0.9), and log10 ||I|| = 0
(-0.457575, 0.0)
"""

from logicsim.dynamics.curves import (
    GradientDynamics,
    gradient_dynamics,
    lstm_cc_curve,
    lstm_cc_path,
    max_steps,
    norm_curve,
)
from logicsim.dynamics.jacobians import (
    activation_derivative,
    lstm_step_jacobians,
    rnn_step_jacobians,
)
from logicsim.dynamics.matrices import (
    expand_eigenvalues,
    identity_matrix,
    orthogonal_matrix,
    parse_eigenvalue,
    random_matrix,
    recurrent_matrix,
)
from logicsim.dynamics.products import ProductStack, backward_products, log10_norms
from logicsim.dynamics.spectrum import GAMMA, SpectralReport, gamma_of, spectral_report

__all__ = [
    "GAMMA",
    "GradientDynamics",
    "ProductStack",
    "SpectralReport",
    "activation_derivative",
    "backward_products",
    "expand_eigenvalues",
    "gamma_of",
    "gradient_dynamics",
    "identity_matrix",
    "log10_norms",
    "lstm_cc_curve",
    "lstm_cc_path",
    "max_steps",
    "lstm_step_jacobians",
    "norm_curve",
    "orthogonal_matrix",
    "parse_eigenvalue",
    "random_matrix",
    "recurrent_matrix",
    "rnn_step_jacobians",
    "spectral_report",
]
