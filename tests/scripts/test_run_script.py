"""`make run` (scripts/run.sh) started for real: the pids it reports are the services."""

import os
import re
import secrets
import signal
import subprocess

from tests.processes import (
    ROOT,
    children,
    free_port,
    fresh_database_url,
    kill_marked,
    marked_processes,
    script_environment,
    wait_until,
)


def test_killing_the_reported_worker_pid_leaves_no_orphan_worker(tmp_path):
    """The worker runs without the autoreloader, so the pid run.sh reports is the worker
    itself: SIGKILL on it ends the worker, and nothing is left running."""
    marker = secrets.token_hex(8)
    log = tmp_path / "run.log"
    with fresh_database_url(tmp_path) as database_url, log.open("wb") as out:
        env = script_environment(
            database_url=database_url,
            var_dir=tmp_path / "var",
            marker=marker,
            RUN_ADDR=f"127.0.0.1:{free_port()}",
        )
        run = subprocess.Popen(
            ["bash", "scripts/run.sh"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
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
            run.wait(timeout=60)
            wait_until(
                lambda: not marked_processes(marker),
                timeout=30,
                what=f"every process to end, left: {marked_processes(marker)}",
            )
        finally:
            if run.poll() is None:
                run.send_signal(signal.SIGINT)
                run.wait(timeout=60)
            kill_marked(marker)
