"""Help in plain English for each role, linked from every page's footer; Reports in the
menu of every role that may see reports."""

import pytest
from django.urls import reverse

from wardcase.accounts.models import Role


@pytest.mark.parametrize("role", Role.values)
def test_each_role_has_a_short_help_page(client, world, role):
    response = client.get(reverse("help_role", args=[role]))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{Role(role).label}: how Wardcase works for you" in text
    assert "member services team" in text


def test_an_unknown_role_has_no_help(client, world):
    assert client.get("/help/wizard/").status_code == 404


def test_the_footer_links_to_the_help_for_your_role(client, world):
    assert 'href="/help/"' in client.get(reverse("login")).content.decode()
    for user in (world.councillor, world.officer):
        client.force_login(user)
        home = client.get(reverse("home")).content.decode()
        footer = home[home.index("govuk-footer") :]
        assert f'href="/help/{user.role}/"' in footer
    client.force_login(world.officer)
    index = client.get(reverse("help")).content.decode()
    assert "Your role" in index and "Help for the Officer role" in index


def test_reports_are_in_the_menu_of_those_who_may_see_them(client, world):
    reports = 'href="/reports/"'
    for user in (world.councillor, world.coordinator, world.head):
        client.force_login(user)
        nav = client.get(reverse("home")).content.decode().split("govuk-service-navigation")[1:]
        assert any(reports in part for part in nav), user.role
    for user in (world.officer, world.caseworker):
        client.force_login(user)
        assert reports not in client.get(reverse("home")).content.decode()
