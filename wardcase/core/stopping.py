"""Holding a process's stop signals over a step that must finish once it has begun."""

import signal
import threading
from contextlib import contextmanager

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGQUIT}


@contextmanager
def stop_signals_deferred():
    """Hold SIGTERM, SIGINT and SIGQUIT until the block ends, then let them act.

    For a step whose effect outside cannot be undone and must be recorded before the
    process stops: a stop asked for meanwhile (systemd stopping a service, Ctrl-C, a
    worker's own shutdown) takes effect just after the record. Only SIGKILL, which
    nothing can hold, still cuts the step. Applies to the calling thread, the one
    Python runs signal handlers in; elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
