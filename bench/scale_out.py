"""Scale-out proof, all on 127.0.0.1: `.venv/bin/python bench/scale_out.py` (or `make scale-proof`).

Starts, each on a free loopback port:
  - a PostgreSQL primary and a streaming replica of it (scripts/pg-test.sh start, replica);
  - Redis, and two task workers on it (WARDCASE_TASK_BROKER=rq, `manage.py rqworker`);
  - two gunicorn web processes (production settings, plain HTTP on the loopback) behind
    HAProxy, round-robin;
then migrates, seeds a small council (50 cases), and runs a bounded write+read load through the
proxy with the API: many clients each log a case (POST, with an Idempotency-Key, retried
on a failure as a client would), read it back (GET, from the primary), and search for it
(GET, reads from the replica unless the client is pinned to the primary by its write's
cookie). Partway through it kills one web process (SIGKILL, its whole process group).

Prints: requests, errors, writes acknowledged against rows found on the primary (lost
writes), read-backs that missed, replica lag seen, and the emails the workers sent.
Installs haproxy and redis-server from Debian's packages when missing. Not part of
`make test`: it takes about two minutes. Stops everything it started, whatever happens.
The processes and cluster are in bench/scale_cluster.py, the load clients and their figures in
bench/scale_load.py.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.over_http import free_port  # noqa: E402
from bench.scale_cluster import (  # noqa: E402
    COUNT_SNIPPET,
    Processes,
    django_shell,
    ensure_debian_packages,
    lag_sampler,
    start_cluster,
)
from bench.scale_load import Client, Figures, client_loop  # noqa: E402


def main():  # noqa: PLR0915 - one straight story, start to finish
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--kill-after", type=float, default=15.0)
    args = parser.parse_args()

    ensure_debian_packages()
    work = Path(tempfile.mkdtemp(prefix="wardcase-scale-"))
    os.chmod(work, 0o755)
    logs = work / "logs"
    logs.mkdir()
    procs = Processes(logs)
    pg_env = dict(
        os.environ,
        PGTEST_DATA_DIR=str(work / "pg"),
        PGTEST_STATE_DIR=str(work / "pgstate"),
        PGTEST_PORT=str(free_port()),
    )
    try:
        env, primary_url, proxy_port, setup = start_cluster(work, procs, pg_env)

        figures = Figures()
        stop_lag = threading.Event()
        lag = []
        sampler = threading.Thread(target=lag_sampler, args=(primary_url, stop_lag, lag))
        sampler.start()
        print(
            f"scale-out: {args.clients} clients for {args.seconds:.0f}s through HAProxy; "
            f"web1 killed after {args.kill_after:.0f}s",
            flush=True,
        )
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(
                    Client(proxy_port, setup["token"], figures),
                    Client(proxy_port, setup["coordinator_token"], figures),
                ),
                kwargs={
                    "setup": setup,
                    "deadline": deadline,
                    "figures": figures,
                    "number": n,
                },
            )
            for n in range(args.clients)
        ]
        for thread in threads:
            thread.start()
            time.sleep(random.uniform(0, 0.05))  # noqa: S311 - spread, not security
        time.sleep(max(0.0, started + args.kill_after - time.monotonic()))
        procs.kill("web1")
        killed_at = time.monotonic() - started
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
        stop_lag.set()
        sampler.join()

        time.sleep(3)  # let the workers drain the queue
        counts = django_shell(COUNT_SNIPPET, env, given=figures.writes_acknowledged)
        acked = len(figures.writes_acknowledged)
        max_lag_s = max((s for s, _ in lag), default=0.0)
        max_lag_bytes = max((b for _, b in lag), default=0)
        print()
        print("scale-out figures")
        print(f"  web processes 2 (1 killed at {killed_at:.1f}s), task workers 2 (rq on Redis),")
        print("  PostgreSQL primary + 1 streaming replica, HAProxy round-robin")
        print(f"  clients {args.clients}, run {elapsed:.1f}s")
        print(f"  requests {figures.requests} ({figures.requests / elapsed:.1f}/s)")
        print(f"  errors {figures.errors} {figures.errors_by_kind or ''}".rstrip())
        print(
            f"  writes acknowledged {acked}, found on primary {counts['found_primary']}, "
            f"lost {acked - counts['found_primary']}"
        )
        print(
            f"  writes given up after 4 tries {figures.writes_given_up}, "
            f"idempotent replays {figures.replayed}, duplicate cases {counts['duplicates']}"
        )
        print(f"  found on replica after the run {counts['found_replica']}")
        print(
            f"  reads given up after 4 tries {figures.reads_given_up}; of those answered, "
            f"read-back misses (GET after POST) {figures.readback_missed}, "
            f"search misses {figures.search_missed}"
        )
        print(
            f"  replica lag seen: max {max_lag_s * 1000:.1f} ms replay, "
            f"max {max_lag_bytes} bytes behind ({len(lag)} samples)"
        )
        print(f"  cases routed {figures.assigned} acknowledged, {counts['assigned']} on primary")
        print(
            f"  emails sent by the workers {counts['emails_sent']} of "
            f"{counts['emails_total']} queued"
        )
        return 0 if acked == counts["found_primary"] else 1
    finally:
        procs.stop_all()
        subprocess.run(
            ["bash", "scripts/pg-test.sh", "stop"],
            cwd=ROOT,
            env=pg_env,  # noqa: S603
            stderr=subprocess.DEVNULL,
            check=False,
        )
        print(f"scale-out: logs in {logs}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
