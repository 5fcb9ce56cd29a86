"""The test client's sign-in helpers reach signed-in pages, second factor included."""

from django.urls import reverse


def test_client_login_checks_the_password_and_passes_the_second_factor(client, world):
    """client.login with the right password signs in fully; a wrong one does not."""
    assert not client.login(username="cllr.one", password="wrong")
    assert client.get(reverse("home")).status_code == 302
    assert client.login(username="cllr.one", password="correct horse battery")
    assert client.get(reverse("home")).status_code == 200


def test_force_login_passes_the_second_factor(client, world):
    """client.force_login reaches signed-in pages as before 2FA was required."""
    client.force_login(world.officer)
    assert client.get(reverse("home")).status_code == 200
    assert client.session.get("otp_device_id")
