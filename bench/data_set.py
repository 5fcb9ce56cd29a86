"""The bench's data set: a PostgreSQL database filled by `generate_data`, kept (named by size
and seed, marked complete) and copied for each run, so what a run writes never reaches the
next."""

import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_MARK = "wardcase bench data, complete"


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
