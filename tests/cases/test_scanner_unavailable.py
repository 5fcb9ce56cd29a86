"""A virus scanner that is configured but cannot be used: every upload is refused with a
message the user can act on (never a 500, never stored unscanned), and the log says why.

Real sockets throughout: a socket path where nothing listens, a closed TCP port, a server
that is not clamd, and settings no socket can be made from."""

import logging
import socket
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cases.views_helpers import create_data
from wardcase.cases.uploads import check_uploads
from wardcase.core import clamav
from wardcase.core.api.errors import exception_handler
from wardcase.core.errors import ServiceUnavailable

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
USER_MESSAGE = (
    "letter.pdf was not stored: the virus scanner is unavailable. Try again later, "
    "or tell your administrator."
)


def closed_tcp_port():
    """A port on 127.0.0.1 that was just free: nothing listens on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def wrong_server():
    """A TCP server on 127.0.0.1 that reads the whole request and answers what clamd never
    would."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except TimeoutError:
                continue
            with conn:
                received = b""
                while not received.endswith(b"\0\0\0\0"):
                    received += conn.recv(65536) or b"\0\0\0\0"
                conn.sendall(b"I am not clamd\0")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    server.close()


@pytest.fixture(params=["missing socket file", "closed port", "garbage", "port out of range"])
def unusable_address(request, tmp_path):
    return {
        "missing socket file": str(tmp_path / "no-clamd-here.sock"),
        "closed port": f"127.0.0.1:{closed_tcp_port()}",
        "garbage": "nonsense:xx",
        "port out of range": "127.0.0.1:99999",
    }[request.param]


def stored_files():
    media = Path(django_settings.MEDIA_ROOT) / "attachments"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_scanning_with_an_unusable_address_says_why_for_the_operator(settings, unusable_address):
    settings.WARDCASE_CLAMD_SOCKET = unusable_address
    with pytest.raises(clamav.ScannerUnavailable) as raised:
        clamav.scan(PDF)
    assert repr(unusable_address) in str(raised.value)


def test_a_server_that_is_not_clamd_is_unavailable_not_clean(settings, wrong_server):
    settings.WARDCASE_CLAMD_SOCKET = wrong_server
    with pytest.raises(clamav.ScannerUnavailable, match="answered 'I am not clamd'"):
        clamav.scan(PDF)


def test_the_web_form_refuses_the_upload_with_a_clear_message(
    client, world, settings, caplog, unusable_address
):
    """The form comes back with the message (no 500), nothing is stored, the log says why."""
    settings.WARDCASE_CLAMD_SOCKET = unusable_address
    client.force_login(world.councillor)
    with caplog.at_level(logging.ERROR, logger="wardcase.cases.uploads"):
        response = client.post(
            reverse("cases:attach", args=[world.case.reference]),
            {"attachments": [SimpleUploadedFile("letter.pdf", PDF)]},
        )
    assert response.status_code == 400
    assert USER_MESSAGE in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert world.case.attachments.count() == 0 and stored_files() == []
    assert any(
        "virus scanner is unavailable" in r.getMessage() and unusable_address in r.getMessage()
        for r in caplog.records
    )


def test_a_new_case_with_a_file_is_not_logged_while_the_scanner_is_down(
    client, world, settings, wrong_server
):
    """Logging a case with a file: the form comes back, and no case is made without it."""
    settings.WARDCASE_CLAMD_SOCKET = wrong_server
    client.force_login(world.councillor)
    cases_before = world.councillor.owned_cases.count()
    data = create_data(world, attachments=[SimpleUploadedFile("letter.pdf", PDF)])
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 400
    assert USER_MESSAGE in response.content.decode()
    assert world.councillor.owned_cases.count() == cases_before
    assert stored_files() == []


def test_the_api_answers_503_with_a_detail(settings, wrong_server):
    """Through the API's error handler, the same refusal is a 503 with a readable detail."""
    settings.WARDCASE_CLAMD_SOCKET = wrong_server
    with pytest.raises(ServiceUnavailable) as raised:
        check_uploads([SimpleUploadedFile("letter.pdf", PDF)])
    response = exception_handler(raised.value, {})
    assert response.status_code == 503
    assert response.data == {"detail": USER_MESSAGE, "field": "attachments"}
