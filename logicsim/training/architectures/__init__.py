"""The lecture's four recurrent architectures, each as a toy task that trains in seconds.

========================  =====================  =============================================
demo                      architecture           task
========================  =====================  =============================================
``spell-digits``          vector -> sequence     one-hot digit -> its spelling, autoregressive
``expression-value``      sequence -> vector     ``"7-3+5"`` -> 9 (execute a tiny program)
``reverse``               seq -> vector -> seq   encoder-decoder reversing a word via a code
``autocomplete``          sequence -> sequence   next-character prediction, prompt completion
========================  =====================  =============================================

Every demo class has ``architecture`` and ``shows`` (one sentence on what it demonstrates),
``train(...)`` returning its loss curve and ``accuracy()``.
"""

from __future__ import annotations

from logicsim.training.architectures.encoder_decoder import ReverseSequence
from logicsim.training.architectures.sequence_to_sequence import AutoComplete
from logicsim.training.architectures.sequence_to_vector import ExpressionValue
from logicsim.training.architectures.vector_to_sequence import SpellDigits

#: Demo name -> class, in the lecture's order.
DEMOS: dict[str, type[SpellDigits | ExpressionValue | ReverseSequence | AutoComplete]] = {
    "spell-digits": SpellDigits,
    "expression-value": ExpressionValue,
    "reverse": ReverseSequence,
    "autocomplete": AutoComplete,
}

__all__ = ["DEMOS", "AutoComplete", "ExpressionValue", "ReverseSequence", "SpellDigits"]
