"""The new-case page: people seen before as the name is typed, and no wrong defaults."""

import re

from django.urls import reverse

from tests import factories
from tests.cases.views_helpers import create_data, goes_to_sign_in
from tests.sharing_fixtures import person_with_a_case
from wardcase.cases import new_case_selectors
from wardcase.cases.models import Case
from wardcase.cases.new_case_selectors import people_matching
from wardcase.constituents.models import Constituent

PEOPLE = reverse("cases:people")


def test_people_seen_before_four_ways(client, world):
    """Anonymous to sign-in, an officer 403; the owner's side gets Ada with plain reasons;
    another ward's councillor gets nobody."""
    query = {"constituent_name": "Ada", "constituent_postcode": "TE1 1ST"}
    assert goes_to_sign_in(client.get(PEOPLE, query))
    client.force_login(world.officer)
    assert client.get(PEOPLE, query).status_code == 403
    client.force_login(world.caseworker)
    response = client.get(PEOPLE, query)
    html = response.content.decode()
    assert response.status_code == 200 and "Use Ada Resident" in html
    assert "Same postcode and name matches so far" in html and "Score" not in html
    elsewhere = factories.CouncillorFactory(ward=factories.WardFactory(council=world.council))
    client.force_login(elsewhere)
    response = client.get(PEOPLE, query)
    assert response.status_code == 200 and "Ada" not in response.content.decode()


def test_people_seen_before_by_email_phone_and_postcode(client, world):
    """Each detail alone finds the person, said in plain words."""
    Constituent.objects.filter(pk=world.case.constituent_id).update(phone="07700 900123")
    client.force_login(world.councillor)
    for query, why in [
        ({"constituent_email": "ada@example.org"}, "Same email address"),
        ({"constituent_phone": "+44 7700 900123"}, "Same phone number"),
        ({"constituent_phone": "0770090"}, "Phone number matches so far"),
        ({"constituent_postcode": "te1"}, "Postcode matches so far"),
    ]:
        html = client.get(PEOPLE, query).content.decode()
        assert "Use Ada Resident" in html and why in html, query
    assert "Use Ada" not in client.get(PEOPLE, {"constituent_name": "A"}).content.decode()


def _log_for_person(client, world, person):
    client.force_login(world.councillor)
    return client.post(reverse("cases:create"), create_data(world, constituent_id=person.pk))


def test_a_chosen_person_is_linked_and_not_recorded_twice(client, world):
    """Posting the chosen person's id logs the case on their record."""
    people = Constituent.objects.count()
    assert _log_for_person(client, world, world.case.constituent).status_code == 302
    assert Case.objects.latest("created_at").constituent_id == world.case.constituent_id
    assert Constituent.objects.count() == people


def test_someone_elses_person_is_refused_on_the_form(client, world):
    """An id the user may not use is an error on the page; nothing is stored."""
    cases = Case.objects.count()
    response = _log_for_person(client, world, world.other_case.constituent)
    assert response.status_code == 400
    assert "That person could not be found" in response.content.decode()
    assert 'href="#constituent_name"' in response.content.decode()
    assert Case.objects.count() == cases


def test_the_form_has_no_wrong_defaults(client, world):
    """Channel and contact preference start empty, consent unticked, email and phone typed
    fields, no MEP; a phone-only person is not saved as preferring email."""
    client.force_login(world.councillor)
    html = client.get(reverse("cases:create")).content.decode()
    assert 'type="email" name="constituent_email"' in html
    assert 'type="tel" name="constituent_phone"' in html
    for name in ("channel", "constituent_contact_preference", "consent_share_ward"):
        assert not re.search(rf'name="{name}"[^>]*checked', html), name
    assert not re.search(r'name="consent_share_officers"[^>]*checked', html)
    assert 'value="mep"' not in html
    assert "Add more details" in html and 'id="service-data"' in html
    data = create_data(world, constituent_email="", constituent_contact_preference="")
    del data["channel"]
    response = client.post(reverse("cases:create"), data)
    assert (
        response.status_code == 400
        and "Choose how the case reached you" in response.content.decode()
    )
    data["channel"] = "phone"
    assert client.post(reverse("cases:create"), data).status_code == 302
    case = Case.objects.latest("created_at")
    assert case.constituent.contact_preference == "phone" and case.channel == "phone"


def test_after_logging_the_page_says_what_happens_next(client, world):
    """The banner names the department and the charter's days."""
    client.force_login(world.councillor)
    response = client.post(reverse("cases:create"), create_data(world), follow=True)
    html = response.content.decode()
    assert "What happens next" in html and "Highways" in html and "3 working days" in html


def test_a_name_reads_only_the_newest_namesakes(world, monkeypatch):
    """Past NAME_LIMIT people of that name only the newest are offered for the name; the
    older one is still offered for their email or postcode."""
    monkeypatch.setattr(new_case_selectors, "NAME_LIMIT", 1)
    older = person_with_a_case(world, name="Bo Common", email="bo@example.org")
    newer = person_with_a_case(world, name="Cy Common", postcode="TE5 5AA")
    by_name = people_matching(user=world.councillor, name="Common")
    assert [m.constituent for m in by_name] == [newer]
    by_email = people_matching(user=world.councillor, name="Common", email="bo@example.org")
    assert {m.constituent for m in by_email} == {older, newer}
    assert by_email[0].constituent == older and "same email address" in by_email[0].why


def test_a_phone_written_with_dots_or_brackets_matches_as_typed(world):
    """The digits typed so far match a number stored with any separators."""
    person = person_with_a_case(world, name="Di Dotted", phone="(07700) 900.123")
    for typed in ("07700 900", "+44 7700 900123"):
        found = people_matching(user=world.councillor, phone=typed)
        assert [m.constituent for m in found] == [person], typed
