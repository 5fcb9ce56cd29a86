"""The cluster side of the scale-out proof (bench/scale_out.py): the processes it starts on
127.0.0.1 (PostgreSQL primary + streaming replica, Redis, gunicorns, rq workers, HAProxy), each
in its own process group, and the Django snippets that seed the council and count the result."""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench.over_http import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


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


def start_cluster(work, procs, pg_env):
    """Start the PostgreSQL primary and replica, Redis, two web processes, two workers and
    HAProxy in front; migrate and seed. Returns (app env, primary URL, proxy port, setup)."""
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
    procs.start("haproxy", [binary("haproxy"), "-db", "-f", str(work / "haproxy.cfg")], os.environ)
    wait_for_port(proxy_port)
    return env, primary_url, proxy_port, setup


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
