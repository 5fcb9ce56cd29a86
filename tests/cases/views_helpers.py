"""What the web-interface tests share: signed-in clients, cases at each stage, a log-a-case
form and small files."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import acknowledged, assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def pdf(name="letter.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def signed_in(client, user):
    client.force_login(user)
    return client


def responded(world):
    case = acknowledged(world)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Done")
    return Case.objects.get(pk=case.pk)


def closed(world):
    return services.case_close(case=assign(world), by=world.councillor, outcome="resolved")


def proposed(world):
    return services.case_propose_closure(case=acknowledged(world), by=world.officer, reason="Done")


def goes_to_sign_in(response):
    return response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def create_data(world, **overrides):
    data = {
        "constituent_name": "Carol Resident",
        "constituent_address": "4 Mill Lane\nTesttown",
        "constituent_postcode": "te1 1st",
        "constituent_email": "carol@example.org",
        "constituent_phone": "01234 567890",
        "constituent_contact_preference": "email",
        "subject": "Fly-tipping behind the shops",
        "description": "Mattresses dumped in the lane.",
        "service": world.service.pk,
        "case_type": "enquiry",
        "channel": "surgery",
        "enquirer_type": "councillor",
        "priority": "normal",
        "location": "Lane behind 1-9 High Street",
        "consent_share_officers": "on",
    }
    data.update(overrides)
    return data
