"""The Council settings pages: administrators reach and use every one; every other role is
refused (403) on every page and every POST; anonymous visitors are sent to sign in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wardcase.charter.models import CharterRule, ClosureDay
from wardcase.directory.models import Department, Directorate
from wardcase.letters.models import LetterTemplate
from wardcase.moving.models import CaseImport
from wardcase.places.models import Ward

OTHER_ROLES = ["councillor", "caseworker", "coordinator", "officer", "head"]


@pytest.fixture
def settings_objects(world):
    """One object of each kind the pages change, so every URL has an id to use."""
    return {
        "ward": world.ward.pk,
        "department": world.department.pk,
        "directorate": Directorate.objects.create(council=world.council, name="Place").pk,
        "service": world.service.pk,
        "charter_rule": CharterRule.objects.create(response_days=12).pk,
        "closure_day": ClosureDay.objects.create(
            day=timezone.localdate() + timedelta(days=40), name="Staff day"
        ).pk,
        "letter_template": LetterTemplate.objects.create(
            name="Reply", purpose="other", file="letter_templates/reply.docx"
        ).pk,
        "import": CaseImport.objects.create(
            token="t", file_format="csv", original_name="old.csv", created_by=world.administrator
        ).pk,
    }


def council_urls(objects):
    """Every Council settings route, with the id of an object of its kind where it takes one."""
    from wardcase.council.urls import urlpatterns

    kinds = {"charter": "charter_rule", "closure": "closure_day", "letter": "letter_template"}
    urls = []
    for pattern in urlpatterns:
        args = []
        if "<int:pk>" in str(pattern.pattern):
            prefix = pattern.name.split("_")[0]
            args = [objects[kinds.get(prefix, prefix)]]
        urls.append(reverse(f"council:{pattern.name}", args=args))
    assert len(urls) == len(urlpatterns) > 5
    return urls


@pytest.mark.parametrize("who", OTHER_ROLES)
def test_every_other_role_is_refused_every_page_and_post(client, world, settings_objects, who):
    client.force_login(getattr(world, who))
    urls = council_urls(settings_objects)
    for url in urls:
        assert client.get(url).status_code in {403, 405}, url
        assert client.post(url, {"name": "Sneaky", "active": "on"}).status_code == 403, url
    assert not Ward.objects.filter(name="Sneaky").exists()
    assert Department.objects.filter(pk=world.department.pk, active=True).exists()
    assert LetterTemplate.objects.filter(active=True).count() == 1
    assert CharterRule.objects.count() == ClosureDay.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, settings_objects):
    for url in council_urls(settings_objects):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response.url, url


def test_the_administrator_reaches_every_page(client, world, settings_objects):
    client.force_login(world.administrator)
    for url in council_urls(settings_objects):
        response = client.get(url)
        assert response.status_code in {200, 405}, url


def test_an_item_that_does_not_exist_is_not_found(client, world):
    client.force_login(world.administrator)
    for name in [
        "ward_edit",
        "department_edit",
        "service_edit",
        "charter_rule_edit",
        "letter_edit",
    ]:
        assert client.get(reverse(f"council:{name}", args=[999999])).status_code == 404
    assert client.post(reverse("council:closure_day_remove", args=[999999])).status_code == 404


def test_the_home_lists_the_sections_and_the_nav_links_to_it(client, world):
    client.force_login(world.administrator)
    page = client.get(reverse("council:index")).content.decode()
    for title in ["Users", "Wards", "Directorates and departments", "Services"]:
        assert f">{title}</a>" in page
    assert '<a class="govuk-link" href="/council/users/">Users</a>' in page
    assert page.count('href="/council/"') == 1  # the service navigation's link
    client.force_login(world.coordinator)
    assert 'href="/council/"' not in client.get("/").content.decode()
