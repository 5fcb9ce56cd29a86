"""The duplicate check of "log a case", in-process, on a generated data set.

    DATABASE_URL=postgres://.../COPY .venv/bin/python bench/dup_check.py [--plans DIR]

For what "log a case" asks while a person is typed (bench/run.py's scenario): the
new-case page's "people matching" (`people_matching`), "seen before"
(`earlier_cases_of_person`) and "the same issue in the ward" (`same_issue_cases`), with
the most common surname in the data, a rare one, and an existing person's email, phone
and name with postcode. Prints, for each, the median time of the whole function (of 7
after a warm-up), its queries, and each query's shared buffers (hit + read) and time
under EXPLAIN (ANALYZE, BUFFERS); --plans writes the text plans there.

--log N then logs N cases as bench/run.py's "log a case" does (the duplicate-check panel
for "Sam <surname>" and a new email, then the POST), in-process through Django's test
client as the busiest councillor, cycling the common and the rare surname, and prints
p50 and p95 of the pair. It writes N cases: use a copy of the data set.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")  # no query log kept in memory

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

REPEATS = 7


def surnames():
    """(the most common surname, a rare one) among constituents, by SQL."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substring(name from '(\\S+)$') AS s, count(*) FROM constituents_constituent "
            "WHERE anonymised_at IS NULL GROUP BY s ORDER BY 2 DESC"
        )
        rows = cursor.fetchall()
    total = sum(n for _, n in rows)
    common = rows[0]
    rare = next(((s, n) for s, n in reversed(rows) if n >= 5 and s.isalpha()), rows[-1])
    return total, common, rare


def councillor_and_person():
    """The busiest councillor (as bench/run.py picks), and a person on one of their
    cases with an email, a phone and a postcode."""
    from wardcase.accounts.models import Role, User
    from wardcase.cases.models import Case

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT owner_id FROM cases_case GROUP BY owner_id ORDER BY count(*) DESC LIMIT 1"
        )
        (owner_id,) = cursor.fetchone()
    councillor = User.objects.get(pk=owner_id, role=Role.COUNCILLOR)
    case = (
        Case.objects.filter(owner=councillor, constituent__isnull=False)
        .exclude(constituent__email="")
        .exclude(constituent__phone="")
        .exclude(constituent__postcode="")
        .select_related("constituent")
        .order_by("-pk")
        .first()
    )
    return councillor, case


def scenarios(councillor, case, common, rare):
    from wardcase.cases.new_case_selectors import people_matching
    from wardcase.cases.similar import earlier_cases_of_person, same_issue_cases

    person = case.constituent
    first = person.name.split()[0]
    typed = {
        f"common surname ({common})": {"name": f"Sam {common}"},
        f"common surname alone ({common})": {"name": common},
        f"rare surname ({rare})": {"name": f"Sam {rare}"},
        "email": {"name": f"Sam {common}", "email": person.email},
        "phone": {"name": "", "phone": person.phone},
        "name + postcode": {"name": person.name, "postcode": person.postcode},
        "first name + postcode": {"name": first, "postcode": person.postcode},
    }
    for label, details in typed.items():
        full = {"name": "", "email": "", "phone": "", "postcode": "", **details}
        yield (
            f"seen before, {label}",
            lambda full=full: earlier_cases_of_person(user=councillor, details=full),
        )
        yield (
            f"people matching, {label}",
            lambda full=full: people_matching(user=councillor, **full),
        )
    yield (
        "same issue in the ward",
        lambda: same_issue_cases(
            user=councillor,
            service=case.service,
            ward=councillor.ward,
            postcode=person.postcode,
            text=f"{case.subject} {case.description}",
        ),
    )


class Recorder:
    """Keeps the SQL and parameters Django sends (not the interpolated text)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
        plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    top = plan["Plan"]
    buffers = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
    return buffers, plan["Execution Time"], text


def measure(name, run, plans):
    run()  # warm-up
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        found = run()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    explained = [explain(sql, params) for sql, params in recorder.queries]
    total = sum(b for b, _, _ in explained)
    each = ", ".join(f"{b} buf/{ms:.1f} ms" for b, ms, _ in explained)
    print(
        f"{name:<58} {statistics.median(timings) * 1000:7.1f} ms  {len(found):>3} found  "
        f"{len(recorder.queries)} queries, {total} buffers ({each})",
        flush=True,
    )
    if plans:
        slug = "".join(c if c.isalnum() else "_" for c in name)[:80]
        text = "\n\n".join(
            f"-- {sql}\n-- {params}\n{plan}"
            for (sql, params), (_, _, plan) in zip(recorder.queries, explained, strict=True)
        )
        (Path(plans) / f"{slug}.txt").write_text(text)


def log_cases(councillor, case, names, count):
    """p50 and p95 (ms) of the duplicate-check panel then the POST, as bench/run.py."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.signing_in import pass_second_factor

    setup_test_environment()  # the test client's host, as bench/similar.py
    client = Client()
    client.force_login(councillor)
    pass_second_factor(client, councillor)
    timings = []
    for i in range(count + 1):
        surname = names[i % len(names)]
        person = {
            "constituent_name": f"Sam {surname}",
            "constituent_postcode": "",
            "constituent_email": f"sam.{surname.lower()}.{i}.{time.time_ns()}@example.org",
            "constituent_phone": "",
        }
        issue = {
            "service": case.service_id,
            "subject": "Pothole again",
            "description": f"The pothole near number {i % 90 + 1} is back.",
            "location": "",
            "owner": councillor.pk,
        }
        form = {
            **person,
            **issue,
            "constituent_contact_preference": "email",
            "case_type": "enquiry",
            "channel": "email",
            "enquirer_type": "councillor",
            "priority": "normal",
            "consent_share_officers": "on",
        }
        started = time.perf_counter()
        panel = client.get("/cases/new/matches/", {**person, **issue})
        logged = client.post("/cases/new/", form)
        took = time.perf_counter() - started
        assert panel.status_code == 200 and logged.status_code == 302, (
            panel.status_code,
            logged.status_code,
        )
        if i:  # the first is a warm-up
            timings.append(took)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"log a case (panel + POST), {count} cases: p50 {statistics.median(timings) * 1000:.1f} "
        f"ms, p95 {p95 * 1000:.1f} ms; load average {os.getloadavg()[0]:.2f}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/dup_check.py")
    parser.add_argument("--plans", default="", help="Write each function's plans here.")
    parser.add_argument("--only", default="", help="Only the checks whose names contain this.")
    parser.add_argument("--log", type=int, default=0, help="Then log this many cases.")
    args = parser.parse_args(argv)
    if args.plans:
        Path(args.plans).mkdir(parents=True, exist_ok=True)
    total, common, rare = surnames()
    councillor, case = councillor_and_person()
    print(
        f"{connection.settings_dict['NAME']}: {total} constituents; most common surname "
        f"{common[0]} ({common[1]}, {common[1] / total:.1%}), rare {rare[0]} ({rare[1]}); "
        f"councillor {councillor.username}, person {case.constituent.pk}; "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    for name, run in scenarios(councillor, case, common[0], rare[0]):
        if args.only.lower() in name.lower():
            measure(name, run, args.plans)
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.log:
        log_cases(councillor, case, [common[0], rare[0]], args.log)


if __name__ == "__main__":
    main()
