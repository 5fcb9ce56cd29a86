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
import re
import secrets
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROLES = ("councillor", "caseworker", "officer", "coordinator", "head of service")
TEMPLATE_MARK = "wardcase bench data, complete"
QUERIES_HEADER = (
    "X-Bench-Queries"  # wardcase.core.bench.QUERIES_HEADER (not imported: no Django yet)
)
CASE_EVENTS = 30
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


# --- Scenarios ---------------------------------------------------------------------------


@dataclass
class Request:
    """One HTTP request of a scenario, and the statuses that mean it worked."""

    method: str
    path: str
    data: dict | None = None
    ok: tuple = (200,)


@dataclass
class Scenario:
    """A named thing to time: `requests(i)` is the i-th go's requests, timed together."""

    name: str
    role: str | None  # whose session; None: anonymous
    requests: Callable[[int], list[Request]]
    floor: str = "signed-in"  # the floor it is shown beside
    load: bool = True  # part of the 32-client mix


@dataclass
class World:
    """What the scenarios need from the data: a user of each role, a case, search words."""

    users: dict  # role -> User
    case_reference: str
    common: list
    rare: list
    surnames: list
    references: list
    service_pk: int
    open_cases: int = 0
    total_cases: int = 0


def get(path):
    return lambda i: [Request("GET", path)]


def cycle(items, i):
    return items[i % len(items)]


def scenarios(world):
    """Every scenario, floors first. Built from the data alone, so a test can run them."""
    officer = world.users["officer"]
    found = [
        Scenario("floor: trivial view", None, get("/bench/trivial/"), floor="trivial"),
        Scenario("floor: signed-in user", "councillor", get("/bench/signed-in/"), floor="trivial"),
        Scenario("councillor home", "councillor", get("/")),
        Scenario("caseworker home", "caseworker", get("/")),
        Scenario("officer queue (home)", "officer", get("/")),
        Scenario("coordinator home", "coordinator", get("/")),
        Scenario("coordinator overdue list", "coordinator", get("/charter/overdue/")),
        Scenario(
            f"coordinator: {officer.username}'s queue",
            "coordinator",
            get(f"/charter/queues/{officer.username}/"),
        ),
        Scenario("head of service home", "head of service", get("/")),
        Scenario(
            f"case page ({CASE_EVENTS} events)",
            "councillor",
            get(f"/cases/{world.case_reference}/"),
        ),
        # Loaded by the case page after itself (htmx); without JavaScript, this page.
        Scenario(
            "case page's possible duplicates",
            "councillor",
            get(f"/cases/{world.case_reference}/similar/"),
        ),
        Scenario("API case list", "councillor", get("/api/v1/cases/")),
        Scenario("API case list, coordinator", "coordinator", get("/api/v1/cases/")),
    ]
    for role in ROLES:
        for kind, words in (
            ("common words", world.common),
            ("rare words", world.rare),
            ("a surname", world.surnames),
            ("a reference", world.references),
        ):
            found.append(
                Scenario(
                    f"search, {role}: {kind}",
                    role,
                    lambda i, words=words: [
                        Request("GET", "/search/?" + urllib.parse.urlencode({"q": cycle(words, i)}))
                    ],
                )
            )
    found.append(
        Scenario(
            "log a case (duplicate check + POST)",
            "councillor",
            lambda i: log_a_case(world, i),
            load=False,  # each one adds a case: the load reads only
        )
    )
    return found


def log_a_case(world, i):
    """The new-case page's duplicate check as the person and issue are typed, then the POST."""
    surname = cycle(world.surnames, i)
    person = {
        "constituent_name": f"Sam {surname}",
        "constituent_postcode": "",
        "constituent_email": f"sam.{surname.lower()}.{i}@example.org",
        "constituent_phone": "",
    }
    issue = {
        "service": world.service_pk,
        "subject": f"{cycle(world.common, i).capitalize()} again",
        "description": f"The {cycle(world.common, i + 1)} near number {i % 90 + 1} is back.",
        "location": "",
    }
    owner = world.users["councillor"].pk
    matches = "/cases/new/matches/?" + urllib.parse.urlencode({**person, **issue, "owner": owner})
    form = {
        **person,
        **issue,
        "owner": owner,
        "constituent_contact_preference": "email",
        "case_type": "enquiry",
        "channel": "email",
        "enquirer_type": "councillor",
        "priority": "normal",
        "consent_share_officers": "on",
    }
    return [Request("GET", matches), Request("POST", "/cases/new/", form, ok=(302,))]


# --- The data set --------------------------------------------------------------------------


def database_url_with(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def server_url():
    """DATABASE_URL (PostgreSQL), else this checkout's test cluster, started if need be."""
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            sys.exit("bench: DATABASE_URL must be a PostgreSQL URL (the bench measures PostgreSQL)")
        return url
    script = ["bash", str(ROOT / "scripts" / "pg-test.sh")]
    if subprocess.run([*script, "status"], check=False).returncode != 0:
        subprocess.run([*script, "start"], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(
        [*script, "url"], check=True, capture_output=True, text=True
    ).stdout.strip()


def data_set(url, *, cases, seed, fresh, env):
    """The run's database: a copy of the kept data set (built first if need be). Returns
    its URL and the seconds generate_data took (None when the data set was reused)."""
    import psycopg
    from psycopg import sql

    kept = f"wardcase_bench_{cases}_s{seed}"
    run = f"{kept}_run"
    built = None
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [kept],
        ).fetchone()
        if fresh or row is None or row[0] != TEMPLATE_MARK:
            print(f"bench: building {kept} ({cases:,} cases, seed {seed})", flush=True)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(kept)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(kept)))
            build_env = {**env, "DATABASE_URL": database_url_with(url, kept)}
            manage = [sys.executable, str(ROOT / "manage.py")]
            subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=build_env, check=True)
            started = time.monotonic()
            generate = ["generate_data", "--cases", str(cases), "--seed", str(seed)]
            subprocess.run([*manage, *generate], env=build_env, check=True)
            built = time.monotonic() - started
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(kept), sql.Literal(TEMPLATE_MARK)
                )
            )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(run)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(run), sql.Identifier(kept)
            )
        )
        # As README's deployment guide sets it on SSD storage.
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1").format(sql.Identifier(run))
        )
    return database_url_with(url, run), built


def production_env(database_url, port):
    """The environment gunicorn and this process run in: production settings, bench mode."""
    var = ROOT / "var" / "bench"
    (var / "staticfiles").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "WARDCASE_ALLOW_HTTP": "true",
        "WARDCASE_BIND": f"127.0.0.1:{port}",
        "WARDCASE_WEB_WORKERS": "2",
        "WARDCASE_BENCH": "true",
        "WARDCASE_VAR_DIR": str(var),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "WARDCASE_LOG_FORMAT": "text",
        # The tally is taken once before the scenarios (no run_periodic here): keep it
        # shown for the whole run, as a periodic refresh would.
        "WARDCASE_DASHBOARD_MAX_AGE_SECONDS": "86400",
        "WARDCASE_GUNICORN_LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- In-process: the world, sessions, the floors and work that is not a page ---------------


def world_prepare():
    """Pick a busy user of each role, give one case 30 events, and draw search words."""
    from django.db.models import Count

    from wardcase.accounts.models import Role, User
    from wardcase.cases.choices import OPEN_STATUSES
    from wardcase.cases.models import Case

    def busiest(role, through):
        users = User.objects.filter(role=role, is_active=True)
        return users.annotate(n=Count(through)).order_by("-n", "username").first()

    councillor = busiest(Role.COUNCILLOR, "owned_cases")
    users = {
        "councillor": councillor,
        "caseworker": User.objects.filter(role=Role.CASEWORKER, acts_for=councillor).first()
        or User.objects.filter(role=Role.CASEWORKER, is_active=True).order_by("username").first(),
        "officer": busiest(Role.OFFICER, "led_cases"),
        "coordinator": User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .order_by("username")
        .first(),
        "head of service": User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True)
        .order_by("username")
        .first(),
    }
    missing = [role for role, user in users.items() if user is None]
    if missing:
        raise SystemExit(f"bench: the data has no {', '.join(missing)}")
    mine = Case.objects.filter(owner=councillor)
    case = (
        mine.filter(status__in=OPEN_STATUSES, lead_officer__isnull=False)
        .annotate(n_events=Count("events"))
        .order_by("-n_events", "pk")
        .first()
    )
    if case is None:
        raise SystemExit("bench: the busiest councillor has no open, assigned case")
    events_fill(case, councillor)
    sample = list(Case.objects.order_by("pk").values_list("description", flat=True)[:3000])
    common, rare = words_drawn(sample)
    surnames = surnames_drawn()
    references = list(mine.order_by("-pk").values_list("reference", flat=True)[:3]) + [
        case.reference
    ]
    service_pk = case.service_id
    return World(
        users=users,
        case_reference=case.reference,
        common=common,
        rare=rare,
        surnames=surnames,
        references=references,
        service_pk=service_pk,
        open_cases=Case.objects.filter(status__in=OPEN_STATUSES).count(),
        total_cases=Case.objects.count(),
    )


def events_fill(case, councillor):
    """Entries through the service, by the owner and the lead officer, up to 30."""
    from wardcase.cases.models import CaseEvent
    from wardcase.cases.services import case_add_event
    from wardcase.core.errors import ServiceError

    have = CaseEvent.objects.filter(case=case).count()
    writers = [(councillor, "note"), (case.lead_officer, "update"), (councillor, "member_message")]
    n = 0
    while have < CASE_EVENTS:
        for by, kind in writers[n % len(writers) :] + writers[: n % len(writers)]:
            try:
                case_add_event(case=case, by=by, kind=kind, body=f"Bench entry {have + 1}.")
                break
            except ServiceError:
                continue
        else:
            raise SystemExit(f"bench: nobody may add an entry to {case.reference}")
        n += 1
        have = CaseEvent.objects.filter(case=case).count()


# Words too common to tell cases apart (words of 5 letters or more only are drawn).
STOP_WORDS = frozenset(
    {"about", "after", "again", "could", "near", "number", "outside", "should", "since"}
    | {"still", "their", "there", "these", "those", "which", "while", "would"}
)


def words_drawn(descriptions):
    """The most common words of a sample of descriptions, and some found in only one."""
    counts = {}
    for text in descriptions:
        for word in {w.strip(".,;:!?()'\"").lower() for w in text.split()}:
            if len(word) >= 5 and word.isalpha() and word not in STOP_WORDS:
                counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    once = [w for w in ranked if counts[w] == 1]
    if not ranked:
        raise SystemExit("bench: the cases have no words to search for")
    return ranked[:3], (once or ranked)[:3]


def surnames_drawn():
    from wardcase.constituents.models import Constituent

    names = Constituent.objects.order_by("pk").values_list("name", flat=True)[:500]
    surnames = sorted({n.split()[-1] for n in names if n and n.split()[-1].isalpha()})
    return random.Random(1).sample(surnames, min(3, len(surnames))) or ["Smith"]


def session_for(user):
    """A signed-in session with its second factor passed, as signing in writes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.signing_in import totp_device
    from wardcase.core.middleware import SEEN_AT, SIGNED_IN_AT

    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()
    session.create()
    return session.session_key


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


# --- Over HTTP ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    times: list  # seconds a go at 1 client
    rate: float = 0.0  # goes a second at 8 clients
    queries: int | None = None
    errors: int = 0
    floor: str = ""
    notes: list = field(default_factory=list)

    def p(self, q):
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Client:
    """One keep-alive-if-offered HTTP connection, with a role's cookies."""

    def __init__(self, port, session_key):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
        cookies = [f"csrftoken={self.csrf}"]
        if session_key:
            cookies.append(f"sessionid={session_key}")
        self.headers = {"Cookie": "; ".join(cookies), "Host": "127.0.0.1"}

    def send(self, request):
        """(status, queries) of one request; raises on a status not in request.ok."""
        headers = dict(self.headers)
        body = None
        if request.method == "POST":
            body = urllib.parse.urlencode(request.data or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        try:
            self.connection.request(request.method, request.path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        if response.status not in request.ok:
            raise BadStatus(
                f"{request.method} {request.path}: HTTP {response.status} "
                f"{' / '.join(ERROR_MESSAGE.findall(content.decode(errors='replace')))[:300]}"
            )
        queries = response.getheader(QUERIES_HEADER)
        return response.status, int(queries) if queries is not None else None

    def go(self, scenario, i):
        """One go of a scenario: its requests in turn; returns the total of their queries."""
        total = 0
        for request in scenario.requests(i):
            _status, queries = self.send(request)
            total += queries or 0
        return total

    def close(self):
        self.connection.close()


# A form's errors, as the GOV.UK error messages show them (to say why a POST was refused).
ERROR_MESSAGE = re.compile(r'govuk-error-message">\s*(?:<span[^>]*>[^<]*</span>)?\s*([^<]+)')


class BadStatus(Exception):
    pass


def measure(scenario, *, port, sessions, requests, seconds, counter, budget_seconds=30):
    """p50/p95 at 1 client over `requests` goes (fewer if they take over `budget_seconds`),
    then goes a second at 8 clients."""
    session = sessions.get(scenario.role)
    client = Client(port, session)
    result = Result(scenario.name, [], floor=scenario.floor)
    try:
        for _ in range(3):  # warm: the workers' caches, the database's buffers
            started = time.perf_counter()
            result.queries = client.go(scenario, next(counter))
            if time.perf_counter() - started > budget_seconds / 10:
                break  # slow enough to be warm after one
        budget = time.monotonic() + budget_seconds
        for _ in range(requests):
            i = next(counter)
            started = time.perf_counter()
            result.queries = client.go(scenario, i)
            result.times.append(time.perf_counter() - started)
            if time.monotonic() > budget:  # a page of seconds: fewer goes, said in the table
                result.notes.append(f"{len(result.times)} goes")
                break
    finally:
        client.close()
    if result.p(0.5) > seconds:
        result.notes.append("not at 8 clients: one go outlasts the window")
        return result
    done, errors, _times, took = concurrently(
        [scenario], clients=8, seconds=seconds, port=port, sessions=sessions, counter=counter
    )
    result.rate, result.errors = done / took, errors
    return result


def concurrently(mix, *, clients, seconds, port, sessions, counter):
    """`clients` threads, each going through `mix` in turn for `seconds`: (goes, errors,
    times, seconds taken: goes under way at the deadline finish)."""
    lock = threading.Lock()
    totals = {"done": 0, "errors": 0}
    times = []
    deadline = time.monotonic() + seconds

    def worker(offset):
        own = {}
        n = offset
        mine_done = mine_errors = 0
        mine_times = []
        while time.monotonic() < deadline:
            scenario = mix[n % len(mix)]
            n += 1
            client = own.get(scenario.role)
            if client is None:
                client = own[scenario.role] = Client(port, sessions.get(scenario.role))
            started = time.perf_counter()
            try:
                client.go(scenario, next(counter))
                mine_done += 1
                mine_times.append(time.perf_counter() - started)
            except (OSError, http.client.HTTPException, BadStatus):
                mine_errors += 1
        for client in own.values():
            client.close()
        with lock:
            totals["done"] += mine_done
            totals["errors"] += mine_errors
            times.extend(mine_times)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # Goes under way at the deadline finish: the rate is over the whole time taken.
    return totals["done"], totals["errors"], times, time.monotonic() - started


class Counter:
    """A thread-safe go number, so each go of a scenario differs (words, names)."""

    def __init__(self):
        self.n = 0
        self.lock = threading.Lock()

    def __next__(self):
        with self.lock:
            self.n += 1
            return self.n


def gunicorn_start(env, port, log_path):
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited ({process.returncode}); see {log_path}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench/trivial/", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"bench: gunicorn did not answer within 60 s; see {log_path}")


def gunicorn_stop(process):
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
