"""The top of the case page: the officer's whole answer and one way to close, for a
councillor reading on a phone."""

from django.urls import reverse

from tests.conftest import acknowledged
from wardcase.cases import services
from wardcase.cases.choices import EventKind

LONG_ANSWER = "We relaid the surface on 3 March. " * 20 + "The END of the answer."


def answered(world):
    case = acknowledged(world)
    services.case_add_event(
        case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body=LONG_ANSWER
    )
    return case


def top_and_rest(page):
    """The page split at the first heading below the top block."""
    return page.split('<h2 class="govuk-heading-m">Case details</h2>', 1)


def test_the_officers_full_answer_and_the_close_form_lead_the_page(client, world):
    case = answered(world)
    client.force_login(world.councillor)
    page = client.get(case.get_absolute_url()).content.decode()
    top, rest = top_and_rest(page)
    assert "The END of the answer." in top  # all of it, not cut at 400 characters
    close_url = reverse("cases:close", args=[case.reference])
    assert page.count(f'action="{close_url}"') == 1
    assert f'action="{close_url}"' in top and f'action="{close_url}"' not in rest
    assert '<details class="govuk-details" id="panel-close" open>' in top


def test_close_is_at_the_top_but_folded_before_the_officer_answers(client, world):
    case = acknowledged(world)
    client.force_login(world.councillor)
    top, _rest = top_and_rest(client.get(case.get_absolute_url()).content.decode())
    assert '<details class="govuk-details" id="panel-close">' in top


def test_an_officer_is_not_offered_closing(client, world):
    case = answered(world)
    client.force_login(world.officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("cases:close", args=[case.reference]) not in page
    assert "The END of the answer." in top_and_rest(page)[0]


def test_status_and_reference_show_once(client, world):
    case = answered(world)
    client.force_login(world.councillor)
    page = client.get(case.get_absolute_url()).content.decode()
    assert ">Reference</dt>" not in page and ">Status</dt>" not in page
    assert page.count(">Responded</strong>") == 1
    assert page.count(f'wc-case-ref">{case.reference}') == 1


def test_a_closed_case_shows_its_outcome_beside_the_status(client, world):
    case = answered(world)
    services.case_close(case=case, by=world.councillor, outcome="resolved")
    client.force_login(world.councillor)
    top, _rest = top_and_rest(client.get(case.get_absolute_url()).content.decode())
    assert "Outcome: Resolved" in top and ">Closed</strong>" in top
