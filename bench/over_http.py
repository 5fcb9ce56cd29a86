"""The bench over HTTP: gunicorn with production settings, keep-alive clients with a role's
cookies, and the timing of a scenario at 1 and 8 clients and of a mix under load."""

import http.client
import os
import re
import secrets
import socket
import string
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_HEADER = (
    "X-Bench-Queries"  # wardcase.core.bench.QUERIES_HEADER (not imported: no Django yet)
)


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
