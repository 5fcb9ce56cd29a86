"""How fast the search service answers, as a coordinator and as a councillor.

    .venv/bin/python bench/search.py [CASES ...]      (default: 100000 1000000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) holding CASES
cases copied in SQL from one real case, owned by 50 councillors, with subjects and
descriptions drawn from a vocabulary of 240 words, a timeline update on every case and an
internal note on every tenth. Then indexes them with `search_reindex` and times 50
searches of one or two words (first page of 20 with its count and highlights, as the
search page does) for each user, printing p50 and p95 in milliseconds.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("django_tasks").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

COUNCILLORS = 50
ROOTS = str.split(
    "pothole road light street lamp bin rubbish fly tipping graffiti hedge tree drain flood "
    "noise parking permit school bus housing repair damp mould heating boiler roof window "
    "fence wall path pavement crossing speed traffic signal sign park bench playground dog "
    "litter recycling garden waste collection missed council tax benefit planning licence "
    "rent arrears anti social behaviour neighbour complaint smell sewer water leak gas "
    "allotment library leisure pool cemetery market toilet"
)
VOCABULARY = [f"{root}{suffix}" for suffix in ("", "s", "ed", "ing") for root in ROOTS][:240]


def _vocabulary_word(expression):
    return f"(SELECT word FROM bench_vocabulary v WHERE v.id = ({expression}) % {len(VOCABULARY)})"


def build(total):
    """One real case through the services, then `total` copies, their timelines, in SQL."""
    from tests import factories
    from wardcase.cases import services
    from wardcase.cases.models import Case, CaseEvent

    council = factories.CouncilFactory()
    department = factories.DepartmentFactory(council=council)
    service = factories.ServiceFactory(department=department)
    ward = factories.WardFactory(council=council)
    councillors = [factories.CouncillorFactory(ward=ward) for _n in range(COUNCILLORS)]
    coordinator = factories.CoordinatorFactory()
    template = services.case_create(
        by=councillors[0],
        owner=councillors[0],
        subject="Street light out",
        description="Details",
        service=service,
        constituent={"name": "Resident", "postcode": "TE1 1ST"},
    )
    quote = connection.ops.quote_name
    case_table = quote(Case._meta.db_table)
    varied = {
        "reference": "'B-' || CAST(g.n AS VARCHAR(12))",
        "owner_id": f"(SELECT user_id FROM bench_owner WHERE idx = g.n % {COUNCILLORS})",
        "subject": " || ' ' || ".join(_vocabulary_word(f"g.n * {k} + {k}") for k in (1, 7, 13)),
        "description": " || ' ' || ".join(
            _vocabulary_word(f"g.n * {k} + {k * 3}") for k in (3, 5, 11, 17, 19, 23)
        ),
    }
    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    select = [varied.get(c, f"t.{quote(c)}") for c in columns]
    series = f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {total})"
    event_table = quote(CaseEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_vocabulary (id integer PRIMARY KEY, word text)")
        cursor.executemany(
            "INSERT INTO bench_vocabulary VALUES (%s, %s)", list(enumerate(VOCABULARY))
        )
        cursor.execute("CREATE TABLE bench_owner (idx integer PRIMARY KEY, user_id integer)")
        cursor.executemany(
            "INSERT INTO bench_owner VALUES (%s, %s)",
            [(n, user.pk) for n, user in enumerate(councillors)],
        )
        cursor.execute(
            f"INSERT INTO {case_table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
            f"{series} SELECT {', '.join(select)} FROM {case_table} t, g WHERE t.id = {template.pk}"
        )
        for visibility, every, offset in (("everyone", 1, 29), ("internal", 10, 31)):
            body = " || ' ' || ".join(_vocabulary_word(f"c.id * {k} + {offset}") for k in (2, 9))
            cursor.execute(
                f"INSERT INTO {event_table} (case_id, kind, author_id, created_at, "  # noqa: S608
                "visibility, body, data) "
                f"SELECT c.id, 'note', NULL, c.created_at, '{visibility}', {body}, '{{}}' "
                f"FROM {case_table} c WHERE c.id % {every} = 0",
            )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    call_command("search_reindex", stdout=open(os.devnull, "w"))  # noqa: SIM115
    indexed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return coordinator, councillors[1], indexed


def timings(user, queries):
    from wardcase.search.services import search_cases, with_snippets

    spent = []
    for query in queries:
        started = time.perf_counter()
        page = Paginator(search_cases(user=user, query=query), 20).page(1)
        with_snippets(page.object_list, user=user, query=query)
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1]


def main(sizes):
    setup_test_environment()
    original = connection.settings_dict["NAME"]
    chooser = random.Random(6)  # noqa: S311  (the same queries every run)
    queries = [" ".join(chooser.sample(VOCABULARY, chooser.choice((1, 2)))) for _n in range(50)]
    for total in sizes:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            coordinator, councillor, indexed = build(total)
            print(
                f"{connection.vendor}, {total:,} cases (built in "
                f"{time.perf_counter() - started:.0f} s, of which search_reindex {indexed:.0f} s):"
            )
            for label, user in (("coordinator", coordinator), ("councillor", councillor)):
                p50, p95 = timings(user, queries)
                print(f"  {label:<12} 50 searches  p50 {p50:8.1f} ms   p95 {p95:8.1f} ms")
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
