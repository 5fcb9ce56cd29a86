"""`make run` (scripts/run.sh) started for real: the pids it reports are the services."""

import os
import re
import signal

from tests.processes import (
    children,
    free_port,
    marked_processes,
    running_script,
    script_setup,
    wait_all_gone,
    wait_until,
)


def test_killing_the_reported_worker_pid_leaves_no_orphan_worker(tmp_path):
    """The worker runs without the autoreloader, so the pid run.sh reports is the worker
    itself: SIGKILL on it ends the worker, and nothing is left running."""
    log = tmp_path / "run.log"
    with (
        script_setup(
            tmp_path,
            RUN_ADDR=f"127.0.0.1:{free_port()}",
        ) as (env, marker),
        running_script("run.sh", env=env, log=log) as run,
    ):
        started = wait_until(
            lambda: re.search(r"task worker \(pid (\d+)\)", log.read_text()),
            timeout=180,
            what="run.sh to report its pids",
        )
        worker = int(started.group(1))
        wait_until(lambda: "Starting worker" in log.read_text(), timeout=60, what="the worker")
        assert "db_worker" in marked_processes(marker)[worker]
        assert children(worker) == [], "the worker runs under a reloader"

        os.kill(worker, signal.SIGKILL)
        wait_all_gone(run, marker)
