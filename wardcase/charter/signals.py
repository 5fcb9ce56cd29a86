"""What the charter engine tells the apps above it, which it must not import.

`charter_changed` is sent once a transaction that changed the council's charter terms or
closure days has committed: every open case's deadlines follow the new terms. Cases
receives it (`wardcase.cases.receivers`) and queues the rebuild of open cases' clocks; the
receiver only queues a task, so the house rule of no logic in signals holds.
"""

from django.dispatch import Signal

charter_changed = Signal()
