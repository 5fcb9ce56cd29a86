"""The reports keep no tables of their own: every figure is aggregate SQL over cases and
their charter clocks (see `queries.py`)."""
