"""The sharing API: POST .../share/ and .../unshare/, tried four ways."""

from tests.sharing_fixtures import neighbour_case
from wardcase.cases import selectors


def url(case, action):
    return f"/api/v1/cases/{case.reference}/{action}/"


def test_share_and_unshare_by_username(api, world):
    """The owner shares by username and unshares; the colleague's access follows."""
    client = api(world.councillor)
    response = client.post(
        url(world.case, "share"), {"username": "cllr.two", "reason": "Joint issue"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["user"]["username"] == "cllr.two"
    assert response.json()["revoked_at"] is None
    assert (
        api(world.other_councillor).get(f"/api/v1/cases/{world.case.reference}/").status_code == 200
    )
    response = client.post(url(world.case, "unshare"), {"username": "cllr.two"}, format="json")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert (
        api(world.other_councillor).get(f"/api/v1/cases/{world.case.reference}/").status_code == 404
    )


def test_share_by_user_id(api, world):
    """A user id works as well as a username."""
    response = api(world.caseworker).post(
        url(world.case, "share"), {"user": world.officer.pk, "reason": "Advice"}, format="json"
    )
    assert response.status_code == 201
    assert selectors.visible_cases(user=world.officer).filter(pk=world.case.pk).exists()


def test_share_anonymous_is_refused(api, world):
    """No token, no sharing."""
    response = api().post(url(world.case, "share"), {"username": "cllr.two", "reason": "x"})
    assert response.status_code in {401, 403}
    assert not world.case.shares.exists()


def test_share_by_someone_who_sees_but_does_not_own_is_403(api, world):
    """A coordinator sees the case but may not share it."""
    response = api(world.coordinator).post(
        url(world.case, "share"), {"username": "cllr.two", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]


def test_share_someone_elses_case_is_404(api, world):
    """Another councillor gets 404 for a case they cannot see, as if it did not exist."""
    response = api(world.other_councillor).post(
        url(world.case, "share"), {"username": "officer", "reason": "x"}, format="json"
    )
    assert response.status_code == 404
    assert not world.case.shares.exists()


def test_share_errors_name_the_field(api, world):
    """Unknown user, missing person and missing reason each say which field is wrong."""
    client = api(world.councillor)
    unknown = client.post(url(world.case, "share"), {"username": "nobody", "reason": "x"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "username"
    nobody = client.post(url(world.case, "share"), {"reason": "x"})
    assert nobody.status_code == 400 and nobody.json()["field"] == "user"
    no_reason = client.post(url(world.case, "share"), {"username": "cllr.two"})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    not_shared = client.post(url(world.case, "unshare"), {"username": "cllr.two"})
    assert not_shared.status_code == 400


def test_similar_returns_candidates_with_score_and_reasons(api, world):
    """The coordinator gets the neighbour's case in full, with a score and reasons."""
    other = neighbour_case(world)
    response = api(world.coordinator).get(url(world.case, "similar"))
    assert response.status_code == 200
    [candidate] = response.json()["candidates"]
    assert candidate["reference"] == other.reference
    assert candidate["kind"] == "same_issue" and candidate["score"] > 0
    assert "same service" in candidate["reasons"]


def test_similar_hides_details_the_user_may_not_see(api, world):
    """A caseworker learns only that a ward colleague has a similar case; without consent,
    nothing."""
    neighbour_case(world, consent=True)
    [candidate] = api(world.caseworker).get(url(world.case, "similar")).json()["candidates"]
    assert candidate["reference"] is None and candidate["subject"] is None
    assert candidate["kind"] == "ward_colleague"
    assert "Cy Neighbour" not in str(candidate)


def test_similar_four_ways(api, world):
    """Anonymous refused; another councillor gets 404 for a case they cannot see."""
    assert api().get(url(world.case, "similar")).status_code in {401, 403}
    assert api(world.other_councillor).get(url(world.case, "similar")).status_code == 404
    assert api(world.administrator).get(url(world.case, "similar")).status_code == 404


def test_link_and_respond_linked_through_the_api(api, world):
    """A coordinator links two cases; the officer answers both with one request."""
    from tests.conftest import assign

    other = neighbour_case(world)
    assign(world)
    assign(world, other)
    response = api(world.coordinator).post(
        url(world.case, "link"), {"reference": other.reference, "reason": "Same"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["linked_to"] == other.reference
    again = api(world.coordinator).post(url(world.case, "link"), {"reference": other.reference})
    assert again.status_code == 400
    response = api(world.officer).post(
        url(world.case, "respond-linked"),
        {"kind": "full_response", "body": "Fixed"},
        format="json",
    )
    assert response.status_code == 201
    assert set(response.json()["cases"]) == {world.case.reference, other.reference}
    refused = api(world.councillor).post(
        url(world.case, "respond-linked"), {"kind": "update", "body": "x"}, format="json"
    )
    assert refused.status_code == 403


def test_link_to_a_case_the_user_cannot_see_is_404(api, world):
    """The councillor cannot link to (or learn of) a case they may not see."""
    other = neighbour_case(world, consent=False)
    response = api(world.councillor).post(url(world.case, "link"), {"reference": other.reference})
    assert response.status_code == 404


def test_case_detail_says_who_recorded_consent_and_when(api, world):
    """The API detail carries the consent record."""
    body = api(world.councillor).get(f"/api/v1/cases/{world.case.reference}/").json()
    assert body["consent_recorded_by"]["username"] == "cllr.one"
    assert body["consent_recorded_at"]


def test_unlink_through_the_api(api, world):
    """A coordinator removes a link, saying why; without a reason it is a 400 on the field,
    and someone who cannot see the case gets a 404."""
    from wardcase.cases.models import CaseLink

    other = neighbour_case(world)
    coordinator = api(world.coordinator)
    coordinator.post(url(world.case, "link"), {"reference": other.reference}, format="json")
    refused = coordinator.post(url(world.case, "unlink"), {"reference": other.reference})
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    hidden = api(world.other_councillor).post(
        url(world.case, "unlink"), {"reference": other.reference, "reason": "x"}
    )
    assert hidden.status_code == 404
    done = coordinator.post(
        url(world.case, "unlink"), {"reference": other.reference, "reason": "Another street"}
    )
    assert done.status_code == 204
    assert not CaseLink.objects.exists()
