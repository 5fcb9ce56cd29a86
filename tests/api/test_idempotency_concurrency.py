"""Retries that arrive at the same moment with one Idempotency-Key log one case."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories
from tests.cases.test_concurrency import run_together
from wardcase.cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_retries_with_one_key_create_one_case():
    councillor = factories.CouncillorFactory()
    service = factories.ServiceFactory()
    token = Token.objects.create(user=councillor)
    body = {
        "subject": "Bins not collected",
        "description": "Missed again",
        "service": service.pk,
        "constituent": {"name": "Hal Resident"},
    }

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.post(
            "/api/v1/cases/", body, format="json", HTTP_IDEMPOTENCY_KEY="same-moment"
        )
        return response.status_code, response.json().get("reference")

    results, errors = run_together([post] * 4)
    assert errors == []
    assert {status for status, _ in results} == {201}
    assert len({reference for _, reference in results}) == 1
    assert Case.objects.count() == 1
