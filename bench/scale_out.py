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
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds}s")


class Processes:
    """What this script started, each in its own process group, to stop by pid."""

    def __init__(self, logs):
        self.logs = logs
        self.started = {}

    def start(self, name, argv, env):
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - lives as long as the process
        proc = subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started[name] = proc
        return proc

    def kill(self, name, sig=signal.SIGKILL):
        proc = self.started[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_all(self):
        for proc in self.started.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in self.started.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


def run(argv, env=None, **kwargs):
    return subprocess.run(argv, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def django_shell(snippet, env, given=None):
    """Run a snippet in `manage.py shell` (given as JSON on its input); its last line of
    output, JSON, is the answer."""
    done = subprocess.run(  # noqa: S603
        [PY, "manage.py", "shell", "-c", snippet],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        input=json.dumps(given),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_debian_packages():
    missing = [
        pkg
        for pkg, binary in [("haproxy", "haproxy"), ("redis-server", "redis-server")]
        if shutil.which(binary) is None and not Path(f"/usr/sbin/{binary}").exists()
    ]
    if missing:
        run(["bash", "scripts/apt-install.sh", *missing], stdout=subprocess.DEVNULL)


def binary(name):
    return shutil.which(name) or f"/usr/sbin/{name}"


HAPROXY_CFG = """
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
    retry-on conn-failure empty-response response-timeout
frontend wardcase
    bind 127.0.0.1:{port}
    default_backend web
backend web
    balance roundrobin
    # A connection check: a busy server (sync workers, every one serving) is slow, not
    # down, so an HTTP check queued behind its requests would wrongly take it out; a dead
    # one refuses connections, and the requests sent to it meanwhile go to the other.
{servers}
"""


@dataclass
class Figures:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    errors: int = 0  # every failed attempt, before any retry
    errors_by_kind: dict = field(default_factory=dict)
    writes_acknowledged: list = field(default_factory=list)
    writes_given_up: int = 0
    reads_given_up: int = 0
    readback_missed: int = 0
    assigned: int = 0
    search_missed: int = 0
    replayed: int = 0

    def count(self, status=None, kind=None):
        with self.lock:
            self.requests += 1
            if kind is not None:
                self.errors += 1
                self.errors_by_kind[kind] = self.errors_by_kind.get(kind, 0) + 1


class Client:
    """One API client: token auth, keeps the pin cookie as a browser would."""

    def __init__(self, port, token, figures):
        self.port = port
        self.token = token
        self.figures = figures
        self.pinned_until = 0.0

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        if body is not None:
            sent["Content-Type"] = "application/json"
        if time.monotonic() < self.pinned_until:
            sent["Cookie"] = "wardcase_primary=1"
        sent.update(headers or {})
        try:
            conn.request(method, path, body=json.dumps(body) if body else None, headers=sent)
            response = conn.getresponse()
            data = response.read()
        except OSError as exc:
            self.figures.count(kind=type(exc).__name__)
            return None, None
        finally:
            conn.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("wardcase_primary="):
                max_age = next(
                    (p.split("=")[1] for p in value.split("; ") if p.lower().startswith("max-age")),
                    "0",
                )
                self.pinned_until = time.monotonic() + int(max_age)
        if response.status >= 500:
            self.figures.count(kind=f"HTTP {response.status}")
        else:
            self.figures.count()
        if response.getheader("Idempotent-Replayed") == "true":
            with self.figures.lock:
                self.figures.replayed += 1
        return response.status, data


def client_loop(client, assigner, *, setup, deadline, figures, number):  # noqa: PLR0912
    seq = 0
    while time.monotonic() < deadline:
        seq += 1
        word = f"zq{number}x{seq}x{secrets.token_hex(3)}"
        body = {
            "owner": setup["owner"],
            "subject": f"Streetlight out {word}",
            "description": f"The light outside number {seq} is out ({word}).",
            "service": setup["service"],
            "constituent": {"name": f"Load Resident {number}"},
        }
        key = secrets.token_hex(16)
        reference = None
        for _attempt in range(4):
            status, data = client.request(
                "POST", "/api/v1/cases/", body, headers={"Idempotency-Key": key}
            )
            if status == 201:
                reference = json.loads(data)["reference"]
                break
            time.sleep(0.2)
        if reference is None:
            with figures.lock:
                figures.writes_given_up += 1
            continue
        with figures.lock:
            figures.writes_acknowledged.append(reference)
        status, _ = retried(client, f"/api/v1/cases/{reference}/")
        if status is not None and status != 200:
            with figures.lock:
                figures.readback_missed += 1
        status, data = retried(client, f"/api/v1/search/?q={word}")
        if status == 200 and reference.encode() not in data:
            with figures.lock:
                figures.search_missed += 1
        if seq % 3 == 0:  # a coordinator routes every third: the officer is emailed
            assigned = False
            for _attempt in range(4):
                status, _ = assigner.request(
                    "POST",
                    f"/api/v1/cases/{reference}/assign/",
                    {"department": setup["department"], "lead_officer": setup["officer"]},
                    headers={"Idempotency-Key": f"assign-{reference}"},
                )
                if status == 200:
                    assigned = True
                    break
                time.sleep(0.2)
            with figures.lock:
                figures.assigned += assigned


def retried(client, path):
    """A GET, tried up to 4 times on a server error or a broken connection."""
    for _attempt in range(4):
        status, data = client.request("GET", path)
        if status is not None and status < 500:
            return status, data
        time.sleep(0.2)
    with client.figures.lock:
        client.figures.reads_given_up += 1
    return None, None


def lag_sampler(primary_url, stop, samples):
    import psycopg

    with psycopg.connect(primary_url.replace("wardcase@", "postgres@"), autocommit=True) as conn:
        while not stop.is_set():
            row = conn.execute(
                "SELECT extract(epoch FROM replay_lag), "
                "pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication"
            ).fetchone()
            if row is not None:
                samples.append((float(row[0] or 0.0), int(row[1] or 0)))
            stop.wait(0.2)


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
        print("scale-out: PostgreSQL primary + streaming replica", flush=True)
        run(
            ["bash", "scripts/pg-test.sh", "start", str(work / "primary-url")],
            env=pg_env,
            stdout=subprocess.DEVNULL,
        )
        run(
            ["bash", "scripts/pg-test.sh", "replica", str(work / "replica-url")],
            env=pg_env,
            stdout=subprocess.DEVNULL,
        )
        primary_url = (work / "primary-url").read_text().strip()
        replica_url = (work / "replica-url").read_text().strip()

        redis_port = free_port()
        procs.start(
            "redis",
            [
                binary("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(redis_port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            os.environ,
        )
        wait_for_port(redis_port)

        web_ports = [free_port(), free_port()]
        proxy_port = free_port()
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            WARDCASE_ALLOW_HTTP="true",
            DATABASE_URL=primary_url,
            DATABASE_REPLICA_URL=replica_url,
            WARDCASE_TASK_BROKER="rq",
            WARDCASE_REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            WARDCASE_VAR_DIR=str(work / "var"),
            WARDCASE_MAIL_DIR=str(work / "mail"),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            WARDCASE_LOG_FORMAT="text",
            WARDCASE_WEB_WORKERS="2",
            PYTHONUNBUFFERED="1",
        )
        print("scale-out: migrate, seed a small council", flush=True)
        run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env=env)
        run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env)
        setup = django_shell(SETUP_SNIPPET, env)

        for number, port in enumerate(web_ports, start=1):
            procs.start(
                f"web{number}",
                [GUNICORN, "--config", "config/gunicorn.conf.py"],
                dict(env, WARDCASE_BIND=f"127.0.0.1:{port}"),
            )
        for number in (1, 2):
            procs.start(
                f"worker{number}",
                [PY, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                env,
            )
        for port in web_ports:
            wait_for_port(port)
        servers = "\n".join(
            f"    server web{n} 127.0.0.1:{p} check inter 500ms fall 2 rise 2"
            for n, p in enumerate(web_ports, start=1)
        )
        (work / "haproxy.cfg").write_text(HAPROXY_CFG.format(port=proxy_port, servers=servers))
        procs.start(
            "haproxy", [binary("haproxy"), "-db", "-f", str(work / "haproxy.cfg")], os.environ
        )
        wait_for_port(proxy_port)

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


# Small data, through the services: a council with one of each role the load needs, and
# 50 cases logged the way the API logs them.
SETUP_SNIPPET = """
import json
from rest_framework.authtoken.models import Token
from tests import factories
from wardcase.cases import services
council = factories.CouncilFactory()
ward = factories.WardFactory(council=council, name="North Ward")
department = factories.DepartmentFactory(council=council, name="Highways")
service = factories.ServiceFactory(department=department, name="Street lighting")
owner = factories.CouncillorFactory(username="cllr.load", name="Cllr Load", ward=ward)
caseworker = factories.CaseworkerFactory(username="caseworker.load", name="Case Worker")
caseworker.acts_for.add(owner)
coordinator = factories.CoordinatorFactory(username="coordinator.load", name="Coordinator")
officer = factories.OfficerFactory(username="officer.load", department=department)
for n in range(50):
    services.case_create(
        by=caseworker, owner=owner, subject=f"Seeded case {n}",
        description="A light is out.", service=service, constituent={"name": f"Seed {n}"},
    )
token, _ = Token.objects.get_or_create(user=caseworker)
assigner, _ = Token.objects.get_or_create(user=coordinator)
print(json.dumps({
    "token": token.key, "owner": owner.username, "service": service.pk,
    "coordinator_token": assigner.key, "department": department.pk, "officer": officer.username,
}))
"""

COUNT_SNIPPET = """
import json, sys
from django.db.models import Count
from wardcase.cases.models import Case
from wardcase.mail.models import OutboxMessage
refs = json.loads(sys.stdin.read())
primary = Case.objects.using("default")
dupes = (primary.filter(subject__startswith="Streetlight out zq").values("subject")
         .annotate(n=Count("pk")).filter(n__gt=1).count())
print(json.dumps({
    "found_primary": primary.filter(reference__in=refs).count(),
    "found_replica": Case.objects.using("replica").filter(reference__in=refs).count(),
    "duplicates": dupes,
    "emails_total": OutboxMessage.objects.count(),
    "emails_sent": OutboxMessage.objects.filter(sent_at__isnull=False).count(),
    "assigned": primary.filter(reference__in=refs, lead_officer__isnull=False).count(),
}))
"""

if __name__ == "__main__":
    sys.exit(main())
