"""Training the lecture's recurrent nets: the trainer, its events, task adapters and state records.

This package sits above :mod:`logicsim.nn` (the cells, heads, losses and optimizers) and
:mod:`logicsim.tasks` (the data), and below the workbench and the commands that run it.

trainer          :class:`~logicsim.training.trainer.Trainer` and its configuration
trainer_events   the payloads the trainer emits and the training history
trainer_tasks    adapters that present each task (read-out, loss, batches) to the trainer
trainer_record   hidden and cell states over one sequence, coloured as in the lecture
architectures    the four architecture demos (vector->sequence, sequence->vector, ...)
"""
