"""One module per ``logicsim`` verb; see :mod:`logicsim.cli` for the contract."""
