"""The web pages for sharing, linking, answering linked cases, capture matches and clusters."""

import pytest
from django.urls import reverse

from tests.conftest import assign
from tests.sharing_fixtures import neighbour_case
from wardcase.cases import selectors, services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import CaseLink
from wardcase.cases.services.linking import case_link
from wardcase.cases.services.sharing import case_share


def test_share_page_four_ways(client, world):
    """Anonymous to sign in; another councillor 404; a coordinator 403; the owner shares."""
    url = reverse("cases:share", args=[world.case.reference])
    data = {"user": world.other_councillor.pk, "reason": "Joint surgery"}
    assert client.post(url, data).status_code == 302 and not world.case.shares.exists()
    client.force_login(world.other_councillor)
    assert client.post(url, data).status_code == 404
    client.force_login(world.coordinator)
    assert client.post(url, data).status_code == 403
    client.force_login(world.councillor)
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302
    assert selectors.visible_cases(user=world.other_councillor).filter(pk=world.case.pk).exists()


def test_share_without_reason_shows_the_error_and_keeps_the_choice(client, world):
    """A missing reason is shown on its field; nothing is shared."""
    client.force_login(world.councillor)
    url = reverse("cases:share", args=[world.case.reference])
    response = client.post(url, {"user": world.other_councillor.pk, "reason": ""})
    assert response.status_code == 400
    assert "Say why you are sharing the case" in response.content.decode()
    assert not world.case.shares.exists()


def test_case_page_shows_consent_shares_and_stop_button(client, world):
    """The owner sees who recorded consent, who the case is shared with, and can stop it."""
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="Joint")
    client.force_login(world.councillor)
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Consent recorded" in page and "By Cllr One on" in page
    assert "Stop sharing with Cllr Two" in page
    response = client.post(
        reverse("cases:unshare", args=[world.case.reference]), {"user": world.other_councillor.pk}
    )
    assert response.status_code == 302
    assert not selectors.visible_cases(user=world.other_councillor).filter(pk=world.case.pk)


def test_shared_colleague_cannot_unshare_or_share(client, world):
    """A councillor the case is shared with may read it but not change who sees it."""
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="Joint")
    client.force_login(world.other_councillor)
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Stop sharing" not in page
    url = reverse("cases:unshare", args=[world.case.reference])
    assert client.post(url, {"user": world.other_councillor.pk}).status_code == 403


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_case_page_offers_to_link_a_possible_duplicate(client, world):
    """The ward colleague's consented case is offered in the panel the case page loads
    after itself, and linked in a click."""
    other = neighbour_case(world)
    client.force_login(world.councillor)
    similar = reverse("cases:similar", args=[world.case.reference])
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert f'hx-get="{similar}" hx-trigger="load"' in page
    assert f'href="{similar}"' in page  # without JavaScript, a link to them
    assert other.reference not in page  # not worked out with the page
    panel = client.get(similar, **HTMX).content.decode()
    assert "Possible duplicates" in panel and f"Link to {other.reference}" in panel
    assert "<html" not in panel
    response = client.post(
        reverse("cases:link", args=[world.case.reference]), {"reference": other.reference}
    )
    assert response.status_code == 302
    assert CaseLink.objects.count() == 1
    panel = client.get(similar, **HTMX).content.decode()
    assert other.reference in panel and "Already linked" in panel


def test_possible_duplicates_without_javascript_are_a_page(client, world):
    other = neighbour_case(world)
    client.force_login(world.councillor)
    page = client.get(reverse("cases:similar", args=[world.case.reference])).content.decode()
    assert (
        "<html" in page
        and f'href="{world.case.get_absolute_url()}" class="govuk-back-link"' in page
    )
    assert f"Link to {other.reference}" in page
    client.force_login(world.other_councillor)  # their neighbour's case is not consented
    own = client.get(reverse("cases:similar", args=[other.reference])).content.decode()
    assert "No possible duplicates of this case that you may see." in own


def test_possible_duplicates_keep_to_what_the_user_may_see(client, world):
    """Nothing for a case the user may not see; a caseworker learns only that a ward
    colleague has a similar case; a closed case has no panel at all."""
    other = neighbour_case(world)
    similar = reverse("cases:similar", args=[world.case.reference])
    for outsider in (world.other_officer, world.other_councillor):  # no consent, no share
        client.force_login(outsider)
        assert client.get(similar, **HTMX).status_code == 404
        assert client.get(similar).status_code == 404
    client.force_login(world.caseworker)
    panel = client.get(similar, **HTMX).content.decode()
    assert "A ward colleague has a similar case" in panel
    assert other.reference not in panel and "Cy Neighbour" not in panel
    services.case_close(case=world.case, by=world.councillor, outcome="resolved")
    client.force_login(world.councillor)
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert similar not in page
    assert client.get(similar, **HTMX).content.decode().strip() == ""


def test_a_councillor_unlinks_a_case_from_the_page(client, world):
    """The case page offers to unlink; the form lists the linked cases, asks why, and keeps
    what was typed when something is missing."""
    other = neighbour_case(world)
    client.force_login(world.councillor)
    client.post(reverse("cases:link", args=[world.case.reference]), {"reference": other.reference})
    page = client.get(world.case.get_absolute_url()).content.decode()
    assert "Unlink a case that is not about the same issue" in page
    url = reverse("cases:unlink", args=[world.case.reference])
    form = client.get(url).content.decode()
    assert other.reference in form and 'type="radio"' in form
    missing = client.post(url, {"reference": other.reference, "reason": ""})
    assert missing.status_code == 400
    assert "Say why the cases are not about the same issue" in missing.content.decode()
    assert CaseLink.objects.count() == 1
    done = client.post(url, {"reference": other.reference, "reason": "Another street"})
    assert done.status_code == 302
    assert not CaseLink.objects.exists()
    client.force_login(world.other_councillor)
    assert client.get(url).status_code == 404


def test_link_to_an_unseen_case_reads_as_not_found(client, world):
    """Linking to a case the user may not see says there is no such case, on the field."""
    other = neighbour_case(world, consent=False)
    client.force_login(world.councillor)
    response = client.post(
        reverse("cases:link", args=[world.case.reference]), {"reference": other.reference}
    )
    assert response.status_code == 400
    assert "No case with that reference." in response.content.decode()
    assert not CaseLink.objects.exists()


def test_officer_answers_every_linked_case_from_the_page(client, world):
    """The officer's one answer lands on both linked cases."""
    other = neighbour_case(world)
    case = assign(world)
    other = assign(world, other)
    case_link(case=case, other=other, by=world.coordinator)
    client.force_login(world.officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Send one answer to this case and every linked case" in page
    url = reverse("cases:respond_linked", args=[case.reference])
    assert client.post(url, {"kind": "full_response", "body": ""}).status_code == 400
    response = client.post(url, {"kind": "full_response", "body": "Repaired."})
    assert response.status_code == 302
    assert other.events.filter(kind=EventKind.FULL_RESPONSE, body="Repaired.").exists()
    client.force_login(world.councillor)
    assert client.post(url, {"kind": "update", "body": "x"}).status_code == 403


def test_capture_panel_shows_earlier_cases_and_ward_hints(client, world):
    """Typing Ada's email on the new-case page shows her earlier case; a caseworker sees the
    ward colleague's consented case only as a hint."""
    neighbour_case(world)
    url = reverse("cases:capture_matches")
    client.force_login(world.caseworker)
    response = client.get(
        url,
        {
            "constituent_name": "Ada Resident",
            "constituent_email": "ada@example.org",
            "constituent_postcode": "TE1 1ZZ",
            "service": world.service.pk,
            "subject": "Pothole Mill Lane",
            "description": "deep pothole",
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert world.case.reference in page
    assert "A ward colleague has a similar case" in page
    assert "Cy Neighbour" not in page


@pytest.mark.parametrize("who", ["officer", "administrator"])
def test_capture_panel_refuses_roles_that_cannot_log_cases(client, world, who):
    """Only those who log cases may ask what matches."""
    client.force_login(getattr(world, who))
    response = client.get(reverse("cases:capture_matches"), {"constituent_name": "Ada Resident"})
    assert response.status_code == 403


def test_capture_panel_says_nothing_for_a_stranger(client, world):
    """Another councillor typing Ada's details learns nothing."""
    client.force_login(world.other_councillor)
    response = client.get(
        reverse("cases:capture_matches"),
        {"constituent_name": "Ada Resident", "constituent_email": "ada@example.org"},
    )
    assert world.case.reference not in response.content.decode()


def test_new_case_page_has_the_live_matches_panel(client, world):
    """The new-case page asks for matches as the fields are filled."""
    client.force_login(world.councillor)
    page = client.get(reverse("cases:create")).content.decode()
    assert 'id="capture-matches"' in page and 'aria-live="polite"' in page


def test_clusters_page_for_coordinators_only(client, world, django_assert_max_num_queries):
    """Coordinators see groups of linked cases and likely duplicates; others are refused."""
    other = neighbour_case(world)
    case_link(case=world.case, other=other, by=world.coordinator)
    for _ in range(2):
        services.case_create(
            by=world.councillor,
            owner=world.councillor,
            subject="Bins",
            description="Missed",
            service=world.service,
            constituent={"name": "Dee", "postcode": "TE2 2AA"},
        )
    url = reverse("cases:clusters")
    client.force_login(world.councillor)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert "Group of 2 linked cases" in page
    assert world.case.reference in page and other.reference in page
    assert "2 cases on the same service and postcode" in page


def test_clusters_leave_out_restricted_cases_the_coordinator_may_not_see(client, world):
    """A routed restricted case is not shown in clusters, even when linked."""
    other = neighbour_case(world)
    case_link(case=world.case, other=other, by=world.coordinator)
    case = assign(world)
    case.restricted = True
    case.save(update_fields=["restricted"])
    client.force_login(world.coordinator)
    page = client.get(reverse("cases:clusters")).content.decode()
    assert world.case.reference not in page
