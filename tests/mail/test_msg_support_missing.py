"""Without the optional extract-msg package (GPL-3.0, requirements-msg.lock), an Outlook
.msg is refused at every door with a message saying what to do, nothing is kept, and .eml
files go on working.

`sys.modules["extract_msg"] = None` makes `import extract_msg` raise a real ImportError,
as on a server where the package is not installed; no fake library stands in."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.mail.helpers import make_email
from tests.mail.msgfile import outlook_msg
from wardcase.cases.choices import EventKind
from wardcase.mail.models_inbound import InboundMessage

MISSING = (
    "Outlook .msg files need the optional extract-msg package. Save the message as an .eml "
    "file, or ask your administrator to install it."
)


@pytest.fixture
def no_extract_msg(monkeypatch):
    monkeypatch.setitem(sys.modules, "extract_msg", None)


def a_msg():
    return outlook_msg(
        sender="ada@example.org",
        sender_name="Ada Resident",
        to="cllr.one@council.example",
        subject="Damp in the bedroom",
        body="Photo of the damp attached.",
        headers="From: ada@example.org\r\nSubject: Damp in the bedroom\r\n\r\n",
    )


def upload_url(case):
    return reverse("mail_inbound:upload", args=[case.reference])


def test_a_msg_dropped_on_a_case_is_refused_with_what_to_do(client, world, no_extract_msg):
    client.force_login(world.caseworker)
    response = client.post(
        upload_url(world.case), {"message": SimpleUploadedFile("damp.msg", a_msg())}
    )
    assert response.status_code == 400
    assert MISSING in response.content.decode()
    assert not InboundMessage.objects.exists()
    assert not world.case.events.filter(kind=EventKind.EMAIL_IN).exists()


def test_an_eml_dropped_on_a_case_still_lands(client, world, no_extract_msg):
    client.force_login(world.caseworker)
    upload = SimpleUploadedFile("damp.eml", make_email(subject="Damp", body="Still damp."))
    response = client.post(upload_url(world.case), {"message": upload})
    assert response.status_code == 302
    assert world.case.events.get(kind=EventKind.EMAIL_IN).body == "Still damp."


def test_ingest_mail_names_the_msg_it_refused_and_keeps_the_eml(world, tmp_path, no_extract_msg):
    msg, eml = tmp_path / "damp.msg", tmp_path / "damp.eml"
    msg.write_bytes(a_msg())
    eml.write_bytes(make_email(subject="Damp"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest_mail", str(msg), str(eml), stdout=io.StringIO(), stderr=err)
    assert f"{msg}: {MISSING}" in err.getvalue()
    assert list(InboundMessage.objects.values_list("original_format", flat=True)) == ["eml"]


def test_the_webhook_answers_a_msg_with_a_json_detail(client, world, settings, no_extract_msg):
    settings.WARDCASE_INBOUND_WEBHOOK_SECRET = "s3cret-for-tests"
    response = client.post(
        "/api/v1/mail/inbound/",
        data=a_msg(),
        content_type="message/rfc822",
        HTTP_X_WARDCASE_WEBHOOK_SECRET="s3cret-for-tests",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == MISSING
    assert not InboundMessage.objects.exists()


def test_the_app_loads_without_extract_msg():
    """Nothing imports extract_msg at start-up: a server without it runs."""
    code = (
        "import sys; sys.modules['extract_msg'] = None\n"
        "import django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "from django.core.management import call_command; call_command('check')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
