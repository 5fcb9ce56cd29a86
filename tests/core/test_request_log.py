"""Request ids and JSON log lines: what production writes for every request."""

import io
import json
import logging

import pytest

from wardcase.core.logs import JsonFormatter, RequestIdFilter, current_request_id


@pytest.fixture
def json_lines():
    """Every record logged while the test runs, as production's handler writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_formatter_writes_one_json_object_per_record(json_lines):
    log = logging.getLogger("wardcase.test")
    token = current_request_id.set("abc12345")
    try:
        log.info("Sent %s emails", 3, extra={"batch": 7})
    finally:
        current_request_id.reset(token)
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("It failed")
    first, second = json_lines()
    assert first["message"] == "Sent 3 emails"
    assert first["level"] == "INFO"
    assert first["logger"] == "wardcase.test"
    assert first["request_id"] == "abc12345"
    assert first["batch"] == 7
    assert first["time"].endswith("+00:00")
    assert "request_id" not in second
    assert "ValueError: boom" in second["exception"]


def _request_lines(lines):
    return [line for line in lines if line["logger"] == "wardcase.request"]


def test_each_request_logs_one_line_without_the_query_string(client, db, json_lines):
    response = client.get("/accessibility/?name=Ms+Resident")
    (line,) = _request_lines(json_lines())
    assert line["method"] == "GET"
    assert line["path"] == "/accessibility/"
    assert "Resident" not in json.dumps(line)
    assert line["status"] == response.status_code == 200
    assert line["duration_ms"] >= 0
    assert "user_id" not in line
    assert line["request_id"] == response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_the_signed_in_user_id_is_logged(client, world, json_lines):
    client.force_login(world.councillor)
    client.get("/")
    (line,) = _request_lines(json_lines())
    assert line["user_id"] == world.councillor.pk
    assert line["status"] == 200


def test_a_sane_incoming_request_id_is_kept_and_others_are_replaced(client, db, json_lines):
    kept = client.get("/accessibility/", headers={"X-Request-ID": "f00dcafe-1234"})
    assert kept["X-Request-ID"] == "f00dcafe-1234"
    replaced = client.get("/accessibility/", headers={"X-Request-ID": 'x" injected=1'})
    assert replaced["X-Request-ID"] != 'x" injected=1'
    assert len(replaced["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in _request_lines(json_lines())]
    assert ids == ["f00dcafe-1234", replaced["X-Request-ID"]]


def test_other_records_logged_during_a_request_carry_its_id(client, db, json_lines):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    lines = json_lines()
    (not_found,) = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == response["X-Request-ID"]
