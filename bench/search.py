"""How fast the search service answers, as a coordinator and as a councillor.

    .venv/bin/python bench/search.py [CASES ...]      (default: 100000 1000000)

Builds a throwaway database (SQLite, or PostgreSQL when DATABASE_URL is set) holding CASES
cases copied in SQL from one real case, owned by 50 councillors, with subjects and
descriptions drawn from a vocabulary of 240 words, a timeline update on every case and an
internal note on every tenth. Each case has its own constituent, with a surname from
27,000 and an address on one of 2,400 streets (also the case's location), and one case in
a thousand mentions one of 20 rare words. Then indexes them with `search_reindex` and
times two sets of 48 searches for each user (first page of 20 with its count and
highlights, as the search page does), printing p50 and p95 in milliseconds:

- common words: one or two words of the vocabulary, each in about one case in eight: the
  worst case, where ranking and counting tens of thousands of matches is the cost;
- typed: what people type: a case reference, a constituent's surname, a street name and a
  rare word, in turn (each matches a handful of cases, or a few hundred at a million).

BENCH_KEEP=1 keeps the last database (test_<name>) for EXPLAIN; drop it yourself.
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
SYLLABLES = str.split(
    "ash brom cal dun elm farn gar hol ing kel lang mar nor oak pen quin rad sel thorn "
    "up ven wal yar zel bran cor dal fen har"
)
# Surnames of three syllables (27,000) and street names of two (2,400 with a kind), none
# ending like an English inflection, so the stemmer leaves each one word of its own.
SURNAMES = [f"{a}{b}{c}ton".capitalize() for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
STREETS = [
    f"{a}{b}field".capitalize() + f" {kind}"
    for kind in ("Road", "Street", "Lane", "Close")
    for a in SYLLABLES[:30]
    for b in SYLLABLES[:20]
]
RARE = str.split(
    "asbestos knotweed subsidence rats wasps pigeons badger scaffolding skip caravan "
    "bonfire fireworks drone hoarding squatters japanese ragwort cladding sinkhole moth"
)
RARE_EVERY = 1000  # one case in RARE_EVERY mentions a rare word


def surname_of(n):
    return SURNAMES[(n * 7 + 3) % len(SURNAMES)]


def street_of(n):
    return STREETS[(n * 11 + 5) % len(STREETS)]


def reference_of(n):
    return f"WC-2026-{n:07d}"


def _vocabulary_word(expression):
    return f"(SELECT word FROM bench_vocabulary v WHERE v.id = ({expression}) % {len(VOCABULARY)})"


def _word(table, words, expression):
    return f"(SELECT word FROM {table} v WHERE v.id = ({expression}) % {len(words)})"


def _fill(cursor, table, words):
    cursor.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, word text)")
    cursor.executemany(f"INSERT INTO {table} VALUES (%s, %s)", list(enumerate(words)))


def build(total):
    """One real case through the services, then `total` copies, their timelines, in SQL."""
    from tests import factories
    from wardcase.cases import services
    from wardcase.cases.models import Case, CaseEvent
    from wardcase.constituents.models import Constituent

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
    person_table = quote(Constituent._meta.db_table)
    # Each case's own constituent has id person_base + n (explicit ids, so cases can point
    # at them without a lookup).
    person_base = Constituent.objects.order_by("-pk").values_list("pk", flat=True).first()
    street = _word("bench_street", STREETS, "g.n * 11 + 5")
    rare = _word("bench_rare", RARE, f"g.n / {RARE_EVERY}")
    person_varied = {
        "id": f"{person_base} + g.n",
        "name": "'Sam ' || " + _word("bench_surname", SURNAMES, "g.n * 7 + 3"),
        "address": f"CAST(g.n % 97 + 1 AS VARCHAR(4)) || ' ' || {street} || ', Testtown'",
    }
    varied = {
        "reference": f"'WC-2026-' || substr(CAST({10**7} + g.n AS VARCHAR(12)), 2)",
        "owner_id": f"(SELECT user_id FROM bench_owner WHERE idx = g.n % {COUNCILLORS})",
        "constituent_id": f"{person_base} + g.n",
        "subject": " || ' ' || ".join(_vocabulary_word(f"g.n * {k} + {k}") for k in (1, 7, 13)),
        "description": " || ' ' || ".join(
            _vocabulary_word(f"g.n * {k} + {k * 3}") for k in (3, 5, 11, 17, 19, 23)
        )
        + f" || CASE WHEN g.n % {RARE_EVERY} = 0 THEN ' ' || {rare} ELSE '' END",
        "location": f"CAST(g.n % 97 + 1 AS VARCHAR(4)) || ' ' || {street}",
    }
    columns = [f.column for f in Case._meta.concrete_fields if f.column != "id"]
    select = [varied.get(c, f"t.{quote(c)}") for c in columns]
    person_columns = [f.column for f in Constituent._meta.concrete_fields]
    person_select = [person_varied.get(c, f"t.{quote(c)}") for c in person_columns]
    series = f"WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {total})"
    event_table = quote(CaseEvent._meta.db_table)
    with connection.cursor() as cursor:
        _fill(cursor, "bench_vocabulary", VOCABULARY)
        _fill(cursor, "bench_surname", SURNAMES)
        _fill(cursor, "bench_street", STREETS)
        _fill(cursor, "bench_rare", RARE)
        cursor.execute("CREATE TABLE bench_owner (idx integer PRIMARY KEY, user_id integer)")
        cursor.executemany(
            "INSERT INTO bench_owner VALUES (%s, %s)",
            [(n, user.pk) for n, user in enumerate(councillors)],
        )
        cursor.execute(
            f"INSERT INTO {person_table} ({', '.join(quote(c) for c in person_columns)}) "  # noqa: S608
            f"{series} SELECT {', '.join(person_select)} FROM {person_table} t, g "
            f"WHERE t.id = {person_base}"
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
    """p50 and p95 in ms of the first page of each query, with its count and highlights,
    and the median count shown."""
    from wardcase.search.selectors import with_snippets

    spent, found = [], []
    for query in queries:
        started = time.perf_counter()
        page = first_page(user, query)
        with_snippets(cases=page.object_list, user=user, query=query)
        found.append(page.paginator.count)  # the page links need the (capped) count
        spent.append((time.perf_counter() - started) * 1000)
    spent.sort()
    return statistics.median(spent), spent[int(len(spent) * 0.95) - 1], statistics.median(found)


def first_page(user, query):
    """The first page of 20 as the search page gets it."""
    from wardcase.search.selectors import search_results

    return Paginator(search_results(user=user, query=query), 20).page(1)


def query_sets(total):
    """The two sets of 48 searches, the same every run for a size."""
    chooser = random.Random(6)  # noqa: S311  (the same queries every run)
    common = [" ".join(chooser.sample(VOCABULARY, chooser.choice((1, 2)))) for _n in range(48)]
    typed = []
    for turn in range(12):
        n = chooser.randint(1, total)
        typed += [
            reference_of(n),
            surname_of(chooser.randint(1, total)),
            street_of(chooser.randint(1, total)),
            RARE[turn % len(RARE)],
        ]
    return {"common words": common, "typed": typed}


def main(sizes):
    setup_test_environment()
    original = connection.settings_dict["NAME"]
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
                for name, queries in query_sets(total).items():
                    p50, p95, found = timings(user, queries)
                    print(
                        f"  {label:<12} {name:<13} {len(queries)} searches  "
                        f"p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   median count {found:,.0f}",
                        flush=True,
                    )
        finally:
            if not os.environ.get("BENCH_KEEP"):
                connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
