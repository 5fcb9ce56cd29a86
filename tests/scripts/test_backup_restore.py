"""scripts/backup.sh and scripts/restore.sh: a backup restored into an empty database
opens the same case, timeline and attachment."""

import json
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tests.processes import ROOT, clean_environment, on_postgresql, postgres_database
from wardcase.cases import services
from wardcase.cases.selectors import case_timeline

needs_postgresql = pytest.mark.skipif(
    not on_postgresql(),
    reason="pg_dump/pg_restore back up PostgreSQL only (SQLite: sqlite3 .backup, see backup.sh)",
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

# Run in the restored database: the case as its councillor sees it, through the selectors.
OPEN_CASE = """
import json
from wardcase.accounts.models import User
from wardcase.cases.selectors import case_get, case_timeline
user = User.objects.get(username="cllr.one")
case = case_get(user=user, reference="{reference}")
attachment = case.attachments.get()
print(json.dumps({{
    "subject": case.subject,
    "constituent": case.constituent.name,
    "timeline": [event.kind for event in case_timeline(user=user, case=case)],
    "attachment": attachment.file.read().decode("latin-1"),
}}))
"""


def run(command, **env):
    environment = clean_environment()
    environment.update(env)
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def database_url():
    """The URL of the database this test writes to (the test database)."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@needs_postgresql
def test_backup_restores_into_an_empty_database_and_opens_the_case(
    transactional_db, world, settings, tmp_path
):
    services.case_attach(
        case=world.case,
        by=world.councillor,
        files=[SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")],
    )
    case = world.case
    timeline = [event.kind for event in case_timeline(user=world.councillor, case=case)]
    backups = tmp_path / "backups"
    made = run(
        ["bash", "scripts/backup.sh", str(backups)],
        DATABASE_URL=database_url(),
        WARDCASE_MEDIA_ROOT=settings.MEDIA_ROOT,
    )
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]

    restored_media = tmp_path / "restored-media"
    with postgres_database("wardcase_restore") as restored_url:
        restored = run(
            ["bash", "scripts/restore.sh", str(backup)],
            DATABASE_URL=restored_url,
            WARDCASE_MEDIA_ROOT=str(restored_media),
        )
        assert restored.returncode == 0, restored.stderr
        opened = run(
            [
                ".venv/bin/python",
                "manage.py",
                "shell",
                "-c",
                OPEN_CASE.format(reference=case.reference),
            ],
            DATABASE_URL=restored_url,
            WARDCASE_MEDIA_ROOT=str(restored_media),
        )
        assert opened.returncode == 0, opened.stderr
        seen = json.loads(opened.stdout.strip().splitlines()[-1])
        assert seen["subject"] == "Pothole on Mill Lane"
        assert seen["constituent"] == "Ada Resident"
        assert seen["attachment"] == PDF.decode("latin-1")
        assert seen["timeline"] == timeline
        assert "attachment" in timeline

        # A second restore into the now full database is refused, and changes nothing.
        again = run(
            ["bash", "scripts/restore.sh", str(backup)],
            DATABASE_URL=restored_url,
            WARDCASE_MEDIA_ROOT=str(tmp_path / "other-media"),
        )
        assert again.returncode == 2
        assert "restore only into an empty database" in again.stderr


def test_a_damaged_backup_is_refused(tmp_path):
    backup = tmp_path / "wardcase-20260101-000000"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"dump")
    (backup / "media.tar.gz").write_bytes(b"media")
    subprocess.run(
        ["sha256sum", "database.dump", "media.tar.gz"],
        cwd=backup,
        check=True,
        stdout=(backup / "SHA256SUMS").open("w"),
    )
    (backup / "database.dump").write_bytes(b"changed")
    result = run(["bash", "scripts/restore.sh", str(backup)])
    assert result.returncode == 2
    assert "damaged" in result.stderr
