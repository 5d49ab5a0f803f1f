"""The headless workbench: the app's whole state, shared by the GUI, the CLI and the lesson player.

``Workbench`` owns one bench of each kind (logic, recurrent, gradient, formula, training, neuron,
batch, demo); each
bench is plain Python with a ``changed`` event.  The static registry (``CONTROLS``, ``ACTIONS``,
``OBSERVABLES``, ``FOCUS_TARGETS``) describes everything that can be set, done, read or pointed
at, without building anything.  See ``docs/workbench.md``.
"""

from logicsim.workbench.batch_bench import BatchBench
from logicsim.workbench.demo_bench import DemoBench
from logicsim.workbench.formula_bench import FormulaBench
from logicsim.workbench.gradient_bench import GradientBench
from logicsim.workbench.logic_bench import LogicBench
from logicsim.workbench.neuron_bench import NeuronBench
from logicsim.workbench.recurrent_bench import RecurrentBench
from logicsim.workbench.registry import (
    ACTIONS,
    CONTROLS,
    FOCUS_TARGETS,
    OBSERVABLES,
    Action,
    Arg,
    Control,
    Observable,
    index_axes,
    lookup_action,
    lookup_control,
    lookup_observable,
    normalize_index,
    validate_action,
    validate_control,
)
from logicsim.workbench.training_bench import TrainingBench
from logicsim.workbench.workbench import Workbench

__all__ = [
    "ACTIONS",
    "CONTROLS",
    "FOCUS_TARGETS",
    "OBSERVABLES",
    "Action",
    "Arg",
    "BatchBench",
    "Control",
    "DemoBench",
    "FormulaBench",
    "GradientBench",
    "LogicBench",
    "NeuronBench",
    "Observable",
    "RecurrentBench",
    "TrainingBench",
    "Workbench",
    "index_axes",
    "lookup_action",
    "lookup_control",
    "lookup_observable",
    "normalize_index",
    "validate_action",
    "validate_control",
]
