"""deploy/ stays true to the code: every setting in the example environment file, and the
systemd units running the same commands as `make serve`."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def variables_read():
    names = set()
    for settings_file in (ROOT / "config" / "settings").glob("*.py"):
        if settings_file.name in {"local.py", "test.py"}:
            continue
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z0-9_]+)"', settings_file.read_text()))
    gunicorn_conf = (ROOT / "config" / "gunicorn.conf.py").read_text()
    names |= set(re.findall(r'os\.environ\.get\("([A-Z0-9_]+)"', gunicorn_conf))
    names |= set(re.findall(r"setting ([A-Z0-9_]+) ", (ROOT / "scripts" / "serve.sh").read_text()))
    return names


def test_the_example_environment_lists_every_production_variable():
    example = (DEPLOY / "wardcase.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    read = variables_read()
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "WARDCASE_BIND"} <= read
    assert read - listed == set()


def test_systemd_units_run_the_commands_make_serve_runs():
    serve = (ROOT / "scripts" / "serve.sh").read_text()
    serve_commands = {
        re.sub(r'"\$(py|bin/gunicorn)"', lambda m: "python" if m[1] == "py" else "gunicorn", c)
        for c in re.findall(r"^\s*start_service (?:\"[^\"]+\"|\S+) (.+)$", serve, re.MULTILINE)
    }
    unit_commands = set()
    for unit in DEPLOY.glob("*.service"):
        (exec_start,) = re.findall(r"^ExecStart=(.+)$", unit.read_text(), re.MULTILINE)
        unit_commands.add(exec_start.replace("/opt/wardcase/.venv/bin/", ""))
        # An alternative a setting chooses (the Redis queue's workers), given as a comment.
        for other in re.findall(r"^# ExecStart=(.+)$", unit.read_text(), re.MULTILINE):
            unit_commands.add(other.replace("/opt/wardcase/.venv/bin/", ""))
        assert "EnvironmentFile=/etc/wardcase/wardcase.env" in unit.read_text()
        assert "DJANGO_SETTINGS_MODULE=config.settings.production" in unit.read_text()
    assert unit_commands == serve_commands
    assert len(unit_commands) == 4
