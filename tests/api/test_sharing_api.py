"""The sharing API: POST .../share/ and .../unshare/, tried four ways."""

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
