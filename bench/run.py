"""Every scenario against one data set, each beside floors measured in the same run.

    .venv/bin/python bench/run.py [--cases N] [--seed S] [--fresh] [--readme]
    make bench CASES=N

1. The data: a PostgreSQL database filled by `manage.py generate_data --cases N --seed S`,
   kept (named by size and seed) and reused by later runs; --fresh builds it again. Each
   run works on a copy of it (CREATE DATABASE ... TEMPLATE), so what a run writes (cases
   logged, the sweep's breaches) never reaches the next. The server is DATABASE_URL's, or
   this checkout's scripts/pg-test.sh cluster (started if it is not running).
2. The site: gunicorn with production settings (config/gunicorn.conf.py, 2 workers) on
   127.0.0.1, in bench mode (WARDCASE_BENCH: the floor views, and each response's query
   count in a header; see wardcase.core.bench). Each role has a signed-in session, second
   factor passed, written to the database as signing in would write it.
3. The figures: for each page, p50 and p95 at 1 client and requests/s at 8 clients over
   HTTP, with its queries; `sla_sweep` over every open case; the quarterly report for the
   last quarter and for a period holding every case; a sustained 32-client load. Each
   beside its floor as a ratio: pages beside the signed-in floor (a view that only loads
   the user), that floor beside the trivial one (a view that touches nothing), and work
   done in-process beside a primary-key SQL query.

--readme writes the table, and the machine it came from, into bench/README.md.
"""

import argparse
import http.client
import os
import platform
import random
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.data_set import data_set, server_url  # noqa: E402
from bench.over_http import (  # noqa: E402
    BadStatus,
    Counter,
    Result,
    concurrently,
    free_port,
    gunicorn_start,
    gunicorn_stop,
    measure,
    production_env,
)
from bench.scenarios import scenarios, session_for, world_prepare  # noqa: E402

README = ROOT / "bench" / "README.md"
README_START, README_END = "<!-- bench table: start -->", "<!-- bench table: end -->"


# --- Arguments ---------------------------------------------------------------------------


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Every scenario against one generated data set, beside floors measured "
        "in the same run (gunicorn with production settings, PostgreSQL).",
    )
    parser.add_argument("--cases", type=int, default=10_000, help="Cases generated (10000).")
    parser.add_argument("--seed", type=int, default=1, help="generate_data's seed (1).")
    parser.add_argument("--fresh", action="store_true", help="Build the data set again.")
    parser.add_argument(
        "--requests", type=int, default=40, help="Requests a scenario at 1 client (40)."
    )
    parser.add_argument(
        "--seconds", type=float, default=3.0, help="Seconds a scenario at 8 clients (3)."
    )
    parser.add_argument(
        "--load-seconds", type=float, default=30.0, help="Seconds of the 32-client load (30)."
    )
    parser.add_argument(
        "--only", default="", help="Only the scenarios whose names contain this (floors always)."
    )
    parser.add_argument(
        "--readme", action="store_true", help="Write the table into bench/README.md."
    )
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    if args.requests < 5:
        parser.error("--requests must be at least 5 (a p95 needs a few)")
    if args.seconds <= 0 or args.load_seconds <= 0:
        parser.error("--seconds and --load-seconds must be more than 0")
    return args


# --- In-process: the floors and work that is not a page ---------------


def pk_floor(requests, seconds):
    """A primary-key query: p50 and p95 alone, and queries/s from 8 threads."""
    from django.db import connection, connections

    from wardcase.cases.models import Case

    table = connection.ops.quote_name(Case._meta.db_table)
    sql = f"SELECT * FROM {table} WHERE id = %s"  # noqa: S608
    top = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    rng = random.Random(2)

    def one(cursor):
        cursor.execute(sql, [rng.randint(1, top)])
        cursor.fetchall()

    with connection.cursor() as cursor:
        for _ in range(20):
            one(cursor)
        times = []
        for _ in range(max(requests * 5, 200)):
            started = time.perf_counter()
            one(cursor)
            times.append(time.perf_counter() - started)
    done = []

    def worker(deadline):
        n = 0
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                one(cursor)
                n += 1
        done.append(n)
        connections.close_all()

    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=worker, args=(deadline,)) for _ in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result("floor: primary-key query", times, sum(done) / (time.monotonic() - started))


def sweep(open_cases):
    """sla_sweep over every open case: the day's first sweep, then again (nothing to do)."""
    from wardcase.cases.services.charter_sweep import sla_sweep

    found = []
    for label in ("first", "again"):
        started = time.perf_counter()
        result = sla_sweep()
        took = time.perf_counter() - started
        found.append((label, took, result))
    return found


def quarterly_reports():
    """The quarterly report for the last whole quarter (cases spread over 5 years), and for
    one period holding every case: seconds, the better of two after a first run."""
    from wardcase.cases.services import reports_rollup_refresh
    from wardcase.reports import documents
    from wardcase.reports.dimensions import WholeCouncil

    # The roll-up as `run_periodic` keeps it: the days changed since its last run (every
    # day, the first time after the migration that made it) recounted, untimed.
    reports_rollup_refresh()
    today = date.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_end = quarter_start - timedelta(days=1)
    last_start = date(last_end.year, 3 * ((last_end.month - 1) // 3) + 1, 1)
    periods = (
        (
            f"quarterly report, last quarter ({last_start:%b %Y}-{last_end:%b %Y})",
            last_start,
            last_end,
        ),
        (
            "quarterly report, every case in one period (6 years)",
            today - timedelta(days=6 * 366),
            today,
        ),
    )
    found = []
    for label, start, end in periods:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            documents.quarterly(user=WholeCouncil(), date_from=start, date_to=end)
            times.append(time.perf_counter() - started)
        found.append((label, times))
    return found


# --- The table --------------------------------------------------------------------------------


def ratio(value, floor):
    return f"{value / floor:.1f}x" if floor else "-"


def table(results, floors, extra_rows):
    """A Markdown table: each figure beside its floor as a ratio."""
    lines = [
        "| scenario | queries | p50 ms | p95 ms | x floor p95 | req/s at 8 | x floor req/s "
        "| errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        floor = floors.get(r.floor)
        p95_ratio = ratio(r.p(0.95), floor.p(0.95)) if floor else "-"
        rate_ratio = f"{floor.rate / r.rate:.1f}x" if floor and r.rate else "-"
        name = f"{r.name} ({', '.join(r.notes)})" if r.notes else r.name
        lines.append(
            f"| {name} | {'' if r.queries is None else r.queries} | {r.p(0.5) * 1000:.1f} | "
            f"{r.p(0.95) * 1000:.1f} | {p95_ratio} | {r.rate:.1f} | {rate_ratio} | {r.errors} |"
        )
    lines.append("")
    lines.extend(extra_rows)
    return "\n".join(lines)


def machine():
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{platform.machine()}: nproc {os.cpu_count()}, load average {load}"


def readme_write(text):
    current = README.read_text() if README.exists() else ""
    block = f"{README_START}\n{text}\n{README_END}"
    if README_START in current and README_END in current:
        head, rest = current.split(README_START, 1)
        tail = rest.split(README_END, 1)[1]
        README.write_text(head + block + tail)
    else:
        README.write_text(current.rstrip() + "\n\n" + block + "\n")


# --- The run ------------------------------------------------------------------------------------


def main(argv=None):
    args = arguments(argv)
    load_before = os.getloadavg()
    url = server_url()
    port = free_port()
    env = production_env("", port)
    run_url, built = data_set(url, cases=args.cases, seed=args.seed, fresh=args.fresh, env=env)
    env["DATABASE_URL"] = run_url
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)  # the code's indexes on older data
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        server_version += f", shared_buffers {cursor.fetchone()[0]}, random_page_cost 1.1"
    world = world_prepare()
    # As `run_periodic` keeps it in production: the home-page summaries' deadline tally.
    from wardcase.cases.tally import deadline_tally_refresh

    started = time.monotonic()
    deadline_tally_refresh()
    tally_took = time.monotonic() - started
    sessions = {None: None}
    sessions.update({role: session_for(user) for role, user in world.users.items()})
    connection.close()

    chosen = [
        s
        for s in scenarios(world)
        if s.name.startswith("floor:") or args.only.lower() in s.name.lower()
    ]
    print(
        f"bench: {world.total_cases:,} cases ({world.open_cases:,} open), PostgreSQL "
        f"{server_version}; {len(chosen)} scenarios; searching for {world.common} (common), "
        f"{world.rare} (rare), {world.surnames}, {world.references}",
        flush=True,
    )
    log_path = ROOT / "var" / "bench" / "gunicorn.log"
    process = gunicorn_start(env, port, log_path)
    counter = Counter()
    results = []
    try:
        for scenario in chosen:
            try:
                result = measure(
                    scenario,
                    port=port,
                    sessions=sessions,
                    requests=args.requests,
                    seconds=args.seconds,
                    counter=counter,
                )
            except (BadStatus, OSError, http.client.HTTPException) as exc:
                result = Result(scenario.name, [0.0], errors=1, floor=scenario.floor)
                result.notes.append(f"failed: {str(exc)[:120]}")
                print(f"bench: {scenario.name}: {exc}", flush=True)
            results.append(result)
            print(
                f"  {result.name:<48} {result.p(0.5) * 1000:8.1f} ms p50 "
                f"{result.p(0.95) * 1000:8.1f} ms p95 {result.rate:8.1f}/s at 8  "
                f"{result.queries} queries",
                flush=True,
            )
        # A page that failed alone (e.g. beyond gunicorn's timeout) is left out of the load,
        # so the load's errors are its own; the table shows the failure.
        failed = {r.name for r in results if r.errors and not r.rate}
        mix = [
            s for s in chosen if s.load and not s.name.startswith("floor:") and s.name not in failed
        ]
        done, errors, times, took = concurrently(
            mix,
            clients=32,
            seconds=args.load_seconds,
            port=port,
            sessions=sessions,
            counter=counter,
        )
    finally:
        gunicorn_stop(process)
    load = Result("sustained load, 32 clients", times or [0.0], rate=done / took)
    load.errors = errors

    pk = pk_floor(args.requests, args.seconds)
    floors = {
        "trivial": next(r for r in results if r.name == "floor: trivial view"),
        "signed-in": next(r for r in results if r.name == "floor: signed-in user"),
    }
    pk_p50 = pk.p(0.5)
    extra = [
        f"- **Sustained load:** 32 clients for {took:.0f} s over {len(mix)} "
        f"pages: {done:,} requests, **{errors} errors**, {load.rate:.1f} req/s, p95 "
        f"{load.p(0.95) * 1000:.0f} ms.",
        f"- **Floor, primary-key query (in-process):** p50 {pk_p50 * 1000:.3f} ms, p95 "
        f"{pk.p(0.95) * 1000:.3f} ms, {pk.rate:,.0f} queries/s at 8 threads.",
    ]
    extra.append(
        f"- **dashboard_refresh** (the coordinator's and head's deadline tally, every "
        f"5 minutes in production): {world.open_cases:,} open cases in {tally_took:.2f} s."
    )
    for label, took, result in sweep(world.open_cases):
        extra.append(
            f"- **sla_sweep ({label}):** {world.open_cases:,} open cases in {took:.2f} s: "
            f"**{world.open_cases / took:,.0f} open cases/s** ({took / pk_p50:,.0f}x a "
            f"primary-key query; reminded {result.reminded}, breached {result.breached}, "
            f"escalated {result.escalated})."
        )
    for label, times in quarterly_reports():
        extra.append(
            f"- **{label}:** first {times[0]:.2f} s, "
            f"best of the next two **{min(times[1:]):.2f} s** "
            f"({min(times[1:]) / pk_p50:,.0f}x a primary-key query)."
        )
    extra.append(
        f"- **Data:** {world.total_cases:,} cases ({world.open_cases:,} open), seed {args.seed}"
        + (f", generated in {built:.0f} s" if built else ", reused")
        + f"; PostgreSQL {server_version}; {machine()} (before the run: "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ")."
    )
    extra.append(
        f"- 1 client: {args.requests} goes after 3 warm-up goes; 8 clients: {args.seconds:.0f} s. "
        "Pages beside the signed-in floor, the floors beside the trivial one; x floor req/s "
        "is how many times fewer requests a second than the floor."
    )
    text = table([*results], floors, extra)
    print()
    print(text)
    if args.readme:
        readme_write(
            f"Measured {date.today():%d %B %Y}, `make bench CASES={args.cases}`:\n\n{text}"
        )


if __name__ == "__main__":
    main()
