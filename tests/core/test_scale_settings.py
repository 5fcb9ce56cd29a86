"""Scaling out by settings alone (docs/scaling.md): the task broker, object storage and the
read replica, each switched on by environment variables, each refused clearly when wrong.

Each case runs the production settings in a fresh process, as a server would start."""

import json
import re
import secrets
import subprocess
import sys

from tests.core.test_production_settings import manage
from tests.processes import ROOT, clean_environment

SHOW = """
import json
import re
from django.conf import settings as s
from django.core.files.storage import storages
default_storage = storages["default"]
from django_tasks import task_backends
default_task_backend = task_backends["default"]
from django.core.checks import run_checks
from django.db import router
print(json.dumps({
    "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "querystring_auth": getattr(default_storage, "querystring_auth", None),
    "acl": getattr(default_storage, "default_acl", "n/a"),
    "tasks": type(default_task_backend).__name__,
    "rq_url": getattr(s, "RQ_QUEUES", {}).get("default", {}).get("URL"),
    "databases": sorted(s.DATABASES),
    "replica_port": s.DATABASES.get("replica", {}).get("PORT"),
    "migrate_on_replica": router.allow_migrate("replica", "cases"),
    "check_errors": [str(e) for e in run_checks() if e.is_serious()],
}))
"""


def settings_import(**env):
    """Only import the production settings: where a wrong value is refused."""
    environment = clean_environment()
    environment.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="example.org", **env
    )
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def shown(**env):
    result = manage("shell", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_by_default_one_machine_local_files_database_queue_no_replica():
    """Without the settings nothing changes: files on disk, tasks in the database."""
    assert shown() == {
        "storage": "django.core.files.storage.filesystem.FileSystemStorage",
        "bucket": None,
        "endpoint": None,
        "querystring_auth": None,
        "acl": "n/a",
        "tasks": "DatabaseBackend",
        "rq_url": None,
        "databases": ["default"],
        "replica_port": None,
        "migrate_on_replica": False,
        "check_errors": [],
    }


def test_s3_storage_private_bucket_at_an_s3_compatible_endpoint():
    """WARDCASE_STORAGE=s3 stores uploads in the bucket, with no public ACL."""
    got = shown(
        WARDCASE_STORAGE="s3",
        WARDCASE_S3_BUCKET="wardcase-files",
        WARDCASE_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        WARDCASE_S3_ACCESS_KEY_ID="key",
        WARDCASE_S3_SECRET_ACCESS_KEY="secret",
    )
    assert got["storage"] == "storages.backends.s3.S3Storage"
    assert got["bucket"] == "wardcase-files"
    assert got["endpoint"] == "http://127.0.0.1:9000"
    assert got["querystring_auth"] is True
    assert got["acl"] is None


def test_task_queue_on_redis_by_settings_alone():
    """WARDCASE_TASK_BROKER=rq moves the queue to Redis with django-tasks-rq."""
    got = shown(WARDCASE_TASK_BROKER="rq", WARDCASE_REDIS_URL="redis://127.0.0.1:6390/2")
    assert got["tasks"] == "RQBackend"
    assert got["rq_url"] == "redis://127.0.0.1:6390/2"
    assert got["check_errors"] == []


def test_a_replica_url_adds_the_replica_alias_and_no_migrations_there():
    """DATABASE_REPLICA_URL adds the replica; migrations still run on the primary only."""
    got = shown(
        DATABASE_URL="postgres://wardcase@127.0.0.1:5432/wardcase",
        DATABASE_REPLICA_URL="postgres://wardcase@127.0.0.1:5433/wardcase",
    )
    assert got["databases"] == ["default", "replica"]
    assert got["replica_port"] == 5433
    assert got["migrate_on_replica"] is False


def test_wrong_scaling_settings_are_refused_with_a_clear_message():
    """A typo or a missing bucket stops the server starting, saying what is wrong."""
    for env, message in [
        ({"WARDCASE_STORAGE": "s3"}, "WARDCASE_STORAGE=s3 needs WARDCASE_S3_BUCKET."),
        ({"WARDCASE_STORAGE": "ftp"}, "WARDCASE_STORAGE must be 'local' or 's3', not 'ftp'."),
        (
            {"WARDCASE_TASK_BROKER": "celery"},
            "WARDCASE_TASK_BROKER must be 'database' or 'rq', not 'celery'.",
        ),
    ]:
        result = settings_import(**env)
        assert result.returncode != 0
        assert message in result.stderr


def test_uploaded_files_are_never_linked_by_a_storage_url():
    """Uploaded files reach people only through the permission-checked views: no code or
    template asks the storage for a URL, which with S3 would be a link past the checks."""
    storage_url = re.compile(r"\.file\.url\b|storage\.url\(|storages\[[^\]]+\]\.url\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "wardcase").rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and storage_url.search(path.read_text())
    ]
    assert offenders == []
