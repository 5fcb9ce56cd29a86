"""Python's cycle collector held off while a batch builds many short-lived objects.

The collector runs whenever allocations outnumber deallocations by a threshold, and
each full pass walks every object the process holds (a Django process holds hundreds of
thousands). A sweep batch makes tens of thousands of tuples, dicts and message objects
that all live until the batch is written, so the collector ran again and again over a
heap it could not shrink: a third of a week's sweep's Python time. The batch's objects
are freed by reference counting when it ends; any cycle among them is collected later,
when the collector runs again.
"""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold off the cycle collector inside the block; afterwards it is as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
