"""WARDCASE_OIDC_ONLY: the council's account is the only way in, so every password form is
closed (sign-in, admin, password reset, the invitation's password step)."""

from urllib.parse import urlsplit

from tests import factories
from tests.accounts.oidc_helpers import oidc_on as oidc_on  # an autouse fixture
from tests.accounts.oidc_helpers import provider as provider  # the fixture
from tests.accounts.oidc_helpers import signed_in_user_id
from wardcase.accounts.invitations import invitation_send

# --- Council account only -------------------------------------------------------------


def test_oidc_only_hides_the_password_form_and_refuses_a_password(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    user = factories.CouncillorFactory(username="ann")

    page = client.get("/accounts/sign-in/").content.decode()
    assert 'name="password"' not in page and "Forgotten your password" not in page
    assert "Sign in with your council account" in page

    response = client.post(
        "/accounts/sign-in/", {"username": "ann", "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert signed_in_user_id(client) is None
    assert client.get("/accounts/password-reset/").status_code == 404
    assert client.post("/accounts/password-reset/", {"email": user.email}).status_code == 404


def test_oidc_only_closes_the_admins_password_form_too(client, settings, db):
    superuser = factories.AdministratorFactory(username="root", is_superuser=True)
    credentials = {"username": "root", "password": "correct horse battery"}
    assert client.get("/admin/login/").status_code == 200

    settings.WARDCASE_OIDC_ONLY = True
    response = client.post("/admin/login/?next=/admin/", credentials)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert signed_in_user_id(client) is None
    assert superuser.is_superuser


def test_oidc_only_turns_the_invitation_password_step_off(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    newcomer = factories.OfficerFactory(email="new@council.example")
    sent = invitation_send(user=newcomer, by=factories.AdministratorFactory(), email=False)
    path = urlsplit(sent.link).path

    page = client.get(path)
    assert page.status_code == 200
    assert 'name="new_password1"' not in page.content.decode()
    assert "Sign in with your council account" in page.content.decode()
    chosen = "a long pass 42"
    refused = client.post(path, {"new_password1": chosen, "new_password2": chosen})
    assert refused.status_code == 403
    newcomer.refresh_from_db()
    assert not newcomer.check_password(chosen)


def test_oidc_only_is_ignored_while_oidc_is_off(client, settings, db):
    settings.WARDCASE_OIDC_ONLY = True
    settings.WARDCASE_OIDC_ISSUER = ""
    assert 'name="password"' in client.get("/accounts/sign-in/").content.decode()
