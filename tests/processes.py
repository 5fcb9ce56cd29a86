"""Helpers for tests that start Wardcase's own scripts as real processes.

Each run gets its own database (a fresh PostgreSQL database beside the test database when
DATABASE_URL names PostgreSQL, else a SQLite file) and a marker in its environment, so a
test can find every process the script started, however deep, by reading /proc.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
MARKER_VARIABLE = "WARDCASE_TEST_PROCESS_MARKER"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def postgres_database(prefix="wardcase_proc"):
    """A new, empty database in the cluster DATABASE_URL names; dropped afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin_url = _with_database(os.environ["DATABASE_URL"], "postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(os.environ["DATABASE_URL"], name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database_url(tmp_path):
    """An empty database for a script to migrate: PostgreSQL if the tests run on it."""
    if on_postgresql():
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'wardcase.sqlite3'}"


def clean_environment():
    """This test run's environment minus its Django and Wardcase variables: the settings
    module, DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests, the test mailbox (a script's
    fetch_mail would take the IMAP tests' messages)... DATABASE_URL stays."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WARDCASE_"))}


def script_environment(*, database_url, var_dir, marker, **extra):
    """The environment a script runs with (see clean_environment)."""
    env = clean_environment()
    env.update(
        {
            "DATABASE_URL": database_url,
            "WARDCASE_VAR_DIR": str(var_dir),
            MARKER_VARIABLE: marker,
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def _read(path):
    try:
        return Path(path).read_bytes()
    except OSError:  # the process ended, or is not ours to read
        return b""


def marked_processes(marker):
    """{pid: command line} of every live process whose environment carries `marker`."""
    needle = f"{MARKER_VARIABLE}={marker}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        if needle in _read(entry / "environ").split(b"\0"):
            stat = _read(entry / "stat").decode(errors="replace")
            if ") Z" in stat:  # a zombie has ended; its parent just has not reaped it yet
                continue
            found[int(entry.name)] = _read(entry / "cmdline").replace(b"\0", b" ").decode()
    return found


def children(pid):
    """The pids whose parent is `pid`."""
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _read(entry / "stat").decode(errors="replace")
            fields = stat.rpartition(")")[2].split()
            if len(fields) > 1 and fields[1] == str(pid):
                kids.append(int(entry.name))
    return kids


def wait_until(condition, *, timeout, interval=0.2, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


# Straight to 127.0.0.1, whatever proxy the environment names.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url, *, timeout=5):
    """(status, headers, body) of a GET, whatever the status; status None if nothing
    answers (yet)."""
    try:
        with _opener.open(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, None, b""


def kill_marked(marker):
    """SIGKILL whatever a failed test left running."""
    for pid in marked_processes(marker):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def running_script(script, *, env, log):
    """Run scripts/`script` with its output in `log`; stopped (Ctrl-C, then SIGKILL for
    anything left) when the block ends, however it ends."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", f"scripts/{script}"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                process.wait(timeout=60)
            kill_marked(env[MARKER_VARIABLE])


def wait_all_gone(process, marker):
    """The script ends, and so does every process it started."""
    process.wait(timeout=60)
    wait_until(
        lambda: not marked_processes(marker),
        timeout=30,
        what=f"every process to end, left: {marked_processes(marker)}",
    )


@contextmanager
def script_setup(tmp_path, **extra):
    """(environment, marker) for one run of a script on its own fresh database."""
    marker = secrets.token_hex(8)
    with fresh_database_url(tmp_path) as database_url:
        yield (
            script_environment(
                database_url=database_url, var_dir=tmp_path / "var", marker=marker, **extra
            ),
            marker,
        )
