"""The bench's scenarios and the world they run in: a busy user of each role, a case with
30 events, search words drawn from the data, and signed-in sessions (bench/run.py times
them over HTTP; tests/test_bench_run.py runs each against a small council)."""

import random
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

ROLES = ("councillor", "caseworker", "officer", "coordinator", "head of service")
CASE_EVENTS = 30

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
