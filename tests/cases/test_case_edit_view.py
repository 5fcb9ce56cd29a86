"""Correcting a case's details in the browser-facing view."""

import pytest

from tests.conftest import assign


def edit_url(case):
    return f"/cases/{case.reference}/edit/"


def form_data(case, **overrides):
    data = {
        "version": case.version,
        "constituent_name": case.constituent.name,
        "constituent_postcode": case.constituent.postcode,
        "constituent_contact_preference": case.constituent.contact_preference,
        "subject": case.subject,
        "description": case.description,
        "service": case.service_id,
        "case_type": case.case_type,
        "channel": case.channel,
        "enquirer_type": case.enquirer_type,
        "priority": case.priority,
        "consent_share_officers": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("method", ["get", "post"])
def test_edit_four_ways(client, world, method):
    """Anonymous to sign-in, an officer 403, another councillor 404, the caseworker 200."""
    assign(world)
    url = edit_url(world.case)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    client.force_login(world.officer)
    assert getattr(client, method)(url).status_code == 403
    client.force_login(world.other_councillor)
    assert getattr(client, method)(url).status_code == 404
    client.force_login(world.caseworker)
    if method == "get":
        page = client.get(url)
        assert page.status_code == 200
        assert b"Pothole on Mill Lane" in page.content
    else:
        done = client.post(url, form_data(world.case, subject="Pothole on Mill Lane (deep)"))
        assert done.status_code == 302
        world.case.refresh_from_db()
        assert world.case.subject == "Pothole on Mill Lane (deep)"
        assert world.case.version == 2


def test_stale_edit_is_refused_and_keeps_the_users_values(client, world):
    """A second editor working from an old version is told, their text is kept, nothing saved."""
    stale_version = world.case.version
    client.force_login(world.caseworker)
    client.post(edit_url(world.case), form_data(world.case, subject="First editor's subject"))
    client.force_login(world.councillor)
    response = client.post(
        edit_url(world.case),
        form_data(world.case, version=stale_version, subject="Second editor's subject"),
    )
    assert response.status_code == 400
    assert b"Someone else changed this case" in response.content
    assert b"Second editor&#x27;s subject" in response.content
    world.case.refresh_from_db()
    assert world.case.subject == "First editor's subject"
    assert response.context["form"].data["version"] == world.case.version


def test_bad_postcode_is_named_and_nothing_saved(client, world):
    """A malformed postcode is shown on its field and the case is unchanged."""
    client.force_login(world.councillor)
    response = client.post(
        edit_url(world.case), form_data(world.case, constituent_postcode="ZZZ", subject="New")
    )
    assert response.status_code == 400
    assert b"Enter a real postcode" in response.content
    world.case.refresh_from_db()
    assert world.case.subject == "Pothole on Mill Lane" and world.case.version == 1


def test_case_page_offers_the_change_link_only_to_editors(client, world):
    """The councillor sees 'Change the details'; the officer does not."""
    assign(world)
    client.force_login(world.councillor)
    assert b"Change the details" in client.get(world.case.get_absolute_url()).content
    client.force_login(world.officer)
    assert b"Change the details" not in client.get(world.case.get_absolute_url()).content


def test_the_timeline_says_what_was_changed(client, world):
    """After an edit the timeline names the changed details in words."""
    client.force_login(world.councillor)
    client.post(
        edit_url(world.case),
        form_data(world.case, subject="New subject", constituent_email="ada@example.net"),
    )
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Changed: subject, constituent&#x27;s email" in page
