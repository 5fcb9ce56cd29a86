"""Logging a case on the web: who may, the councillor chosen, and bad input refused with
nothing stored."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories
from tests.cases.views_helpers import EXE, create_data, goes_to_sign_in, pdf, signed_in
from wardcase.cases.models import Attachment, Case

# --- Log a case ---------------------------------------------------------------------------


def test_create_anonymous_and_wrong_role(client, world):
    """Anonymous visitors sign in first; officers and administrators cannot log cases."""
    assert goes_to_sign_in(client.get(reverse("cases:create")))
    assert signed_in(client, world.officer).get(reverse("cases:create")).status_code == 403
    assert signed_in(client, world.administrator).post(reverse("cases:create")).status_code == 403


def test_councillor_logs_a_case(client, world):
    """A valid form logs the case and shows its reference in a success banner."""
    signed_in(client, world.councillor)
    form = client.get(reverse("cases:create"))
    assert b'name="owner"' not in form.content
    assert b"<optgroup" in form.content
    response = client.post(reverse("cases:create"), create_data(world), follow=True)
    case = Case.objects.get(subject="Fly-tipping behind the shops")
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert case.owner == world.councillor and case.channel == "surgery"
    assert case.constituent.postcode == "TE1 1ST"
    assert f"Its reference is {case.reference}".encode() in response.content
    assert b"govuk-notification-banner--success" in response.content


def test_caseworker_logs_a_case_with_a_file(client, world):
    signed_in(client, world.caseworker)
    data = create_data(world, attachments=[pdf()])
    response = client.post(reverse("cases:create"), data)
    case = Case.objects.get(subject="Fly-tipping behind the shops")
    assert response.status_code == 302
    assert case.owner == world.councillor and case.created_by == world.caseworker
    assert [a.original_name for a in case.attachments.all()] == ["letter.pdf"]


def test_coordinator_chooses_the_councillor(client, world):
    signed_in(client, world.coordinator)
    assert b'name="owner"' in client.get(reverse("cases:create")).content
    data = create_data(world, owner=world.other_councillor.pk)
    assert client.post(reverse("cases:create"), data).status_code == 302
    assert Case.objects.get(subject="Fly-tipping behind the shops").owner == world.other_councillor


def test_a_few_councillors_are_radios_and_many_a_select(client, world):
    """A caseworker for two councillors taps one; a coordinator choosing among many
    gets a drop-down. Choosing none is explained and nothing is stored."""
    world.caseworker.acts_for.add(world.other_councillor)
    signed_in(client, world.caseworker)
    html = client.get(reverse("cases:create")).content.decode()
    assert 'name="owner" type="radio"' in html and "Choose a councillor" not in html
    response = client.post(reverse("cases:create"), create_data(world))
    assert response.status_code == 400
    assert "Choose the councillor this case is for" in response.content.decode()
    data = create_data(world, owner=world.other_councillor.pk)
    assert client.post(reverse("cases:create"), data).status_code == 302
    assert Case.objects.get(subject="Fly-tipping behind the shops").owner == world.other_councillor

    for _ in range(9):  # 11 councillors in all
        factories.CouncillorFactory(ward=world.ward)
    signed_in(client, world.coordinator)
    html = client.get(reverse("cases:create")).content.decode()
    assert '<select name="owner"' in html and "Choose a councillor" in html


def test_the_enquirer_types_offered_follow_the_councils_nation(client, world):
    """England: councillor and MP (MEP only for older cases); Scotland adds MSPs. A case
    that already has a type the nation is not offered keeps it when edited."""
    from wardcase.directory.models import Council

    signed_in(client, world.councillor)

    def offered():
        form = client.get(reverse("cases:create")).context["form"]
        return [value for value, _label in form.fields["enquirer_type"].choices]

    assert offered() == ["councillor", "mp"]
    response = client.post(reverse("cases:create"), create_data(world, enquirer_type="msp"))
    assert response.status_code == 400 and "enquirer_type" in response.context["form"].errors
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()

    Council.objects.update(nation="scotland")
    assert offered() == ["councillor", "mp", "msp"]
    Case.objects.filter(pk=world.case.pk).update(enquirer_type="msp")
    Council.objects.update(nation="england")
    form = client.get(reverse("cases:edit", args=[world.case.reference])).context["form"]
    assert "msp" in [value for value, _label in form.fields["enquirer_type"].choices]


def test_empty_description_shows_the_error_and_stores_nothing(client, world):
    """GOV.UK error summary and field error; values kept; no case saved."""
    before = Case.objects.count()
    signed_in(client, world.councillor)
    response = client.post(reverse("cases:create"), create_data(world, description=""))
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content
    assert b'href="#description"' in response.content
    assert b"Enter a description of the problem" in response.content
    assert b"Carol Resident" in response.content
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert "<title>Error:" in response.content.decode()
    assert Case.objects.count() == before


def test_service_error_lands_on_its_field(client, world):
    """A bad postcode, refused by the service, is shown on the postcode field."""
    signed_in(client, world.councillor)
    data = create_data(world, constituent_postcode="not a postcode", attachments=[pdf()])
    response = client.post(reverse("cases:create"), data)
    assert response.status_code == 400
    assert b'href="#constituent_postcode"' in response.content
    assert b"Choose the files again" in response.content
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()


def test_disallowed_upload_is_refused_and_nothing_stored(client, world):
    """A program renamed .pdf is refused by its content, and no case or file is stored."""
    signed_in(client, world.councillor)
    bad = SimpleUploadedFile("invoice.pdf", EXE, content_type="application/pdf")
    response = client.post(reverse("cases:create"), create_data(world, attachments=[bad]))
    assert response.status_code == 400
    assert b"invoice.pdf is not a file type Wardcase accepts" in response.content
    assert not Case.objects.filter(subject="Fly-tipping behind the shops").exists()
    assert Attachment.objects.count() == 0
