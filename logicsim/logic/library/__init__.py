"""The named circuits shipped with logicsim, one TOML file each (see ``docs/circuits.md``).

Load one with ``logicsim.logic.load_circuit("half_adder")``; list them with
``logicsim.logic.library_names()``.
"""
