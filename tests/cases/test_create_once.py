"""The "Log a case" form logs one case however often it is submitted: each rendered form
carries its own hidden key, and a second submit of it goes to the case already logged."""

import re

from django.urls import reverse

from tests.cases.views_helpers import create_data
from wardcase.cases.models import Case


def _form_key(client):
    page = client.get(reverse("cases:create")).content.decode()
    (key,) = re.findall(r'name="idempotency_key" value="([^"]+)"', page)
    return key


def test_a_double_submit_logs_one_case_and_goes_to_it(client, world):
    client.force_login(world.councillor)
    key = _form_key(client)
    before = Case.objects.count()
    data = create_data(world, idempotency_key=key)
    first = client.post(reverse("cases:create"), data)
    again = client.post(reverse("cases:create"), data, follow=True)
    assert Case.objects.count() == before + 1
    case = Case.objects.latest("pk")
    assert first.status_code == 302 and first["Location"] == case.get_absolute_url()
    assert again.redirect_chain[-1][0] == case.get_absolute_url()
    assert f"already logged. Its reference is {case.reference}" in again.content.decode()


def test_each_rendered_form_logs_its_own_case(client, world):
    client.force_login(world.councillor)
    first_key, second_key = _form_key(client), _form_key(client)
    assert first_key != second_key
    before = Case.objects.count()
    client.post(reverse("cases:create"), create_data(world, idempotency_key=first_key))
    client.post(reverse("cases:create"), create_data(world, idempotency_key=second_key))
    assert Case.objects.count() == before + 2


def test_a_form_refused_for_an_error_keeps_its_key_and_logs_once_corrected(client, world):
    client.force_login(world.councillor)
    key = _form_key(client)
    refused = client.post(
        reverse("cases:create"), create_data(world, description="", idempotency_key=key)
    )
    assert refused.status_code == 400
    assert f'name="idempotency_key" value="{key}"' in refused.content.decode()
    before = Case.objects.count()
    done = client.post(reverse("cases:create"), create_data(world, idempotency_key=key))
    assert done.status_code == 302
    assert Case.objects.count() == before + 1


def test_another_user_cannot_reach_a_case_through_a_key(client, world):
    """A key names a case only to the user who used it."""
    client.force_login(world.councillor)
    key = _form_key(client)
    client.post(reverse("cases:create"), create_data(world, idempotency_key=key))
    client.force_login(world.other_councillor)
    before = Case.objects.count()
    response = client.post(reverse("cases:create"), create_data(world, idempotency_key=key))
    assert Case.objects.count() == before + 1
    assert response["Location"] == Case.objects.latest("pk").get_absolute_url()
