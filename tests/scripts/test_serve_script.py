"""`make serve` (scripts/serve.sh) started for real on the production settings: it
answers, is healthy, and Ctrl-C stops every process it started."""

import json
import re
import secrets
import signal

import gunicorn  # noqa: F401 - in the runtime lock: missing, this fails rather than skips

from tests.processes import (
    free_port,
    http_get,
    marked_processes,
    running_script,
    script_setup,
    wait_all_gone,
    wait_until,
)


def test_serve_runs_production_and_stops_every_process_on_ctrl_c(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with (
        script_setup(
            tmp_path,
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            WARDCASE_BIND=f"127.0.0.1:{port}",
            WARDCASE_ALLOW_HTTP="true",
            WARDCASE_WEB_WORKERS=2,
            WARDCASE_TASK_WORKERS=2,
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        ) as (env, marker),
        running_script("serve.sh", env=env, log=log) as serve,
    ):
        wait_until(
            lambda: (
                http_get(f"{base}/healthz/", timeout=2)[0] == 200
                if re.search(r"serve: gunicorn on", log.read_text())
                else False
            ),
            timeout=180,
            interval=0.5,
            what="/healthz/ to answer 200",
        )
        status, headers, body = http_get(f"{base}/healthz/")
        assert json.loads(body)["status"] == "ok"
        assert headers["X-Request-ID"]

        status, headers, body = http_get(f"{base}/accounts/sign-in/")
        assert status == 200
        # Collected static files are served (whitenoise), with the page's own paths.
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()
        assert http_get(f"{base}{stylesheet}")[0] == 200
        # Production settings: JSON log lines, one per request, no query strings.
        records = [
            json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")
        ]
        request_paths = {r["path"] for r in records if r["logger"] == "wardcase.request"}
        assert {"/healthz/", "/accounts/sign-in/"} <= request_paths
        # gunicorn's own messages too.
        assert any(r["message"].startswith("Listening at") for r in records)

        commands = " ".join(marked_processes(marker).values())
        assert commands.count("gunicorn") >= 3, commands  # the master and 2 workers
        assert commands.count("db_worker") == 2, commands
        assert commands.count("run_periodic") == 1, commands

        serve.send_signal(signal.SIGINT)
        wait_all_gone(serve, marker)
