"""Mail in, in a real browser with axe-core: drop an email on a case, confirm a draft case,
retry a quarantined message."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility
from tests.mail.helpers import make_email
from tests.mail.test_drafts import INLINE_FORWARD
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case
from wardcase.mail.inbound.processing import inbound_process
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.models_inbound import InboundMessage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def receive(raw):
    message, _created = inbound_store(raw=raw, source=InboundMessage.Source.FILE, enqueue=False)
    return inbound_process(message_id=message.pk)


def test_a_councillor_drops_an_email_and_confirms_a_forwarded_one(visitor, world, tmp_path):
    """The dropped email lands on the timeline; the forwarded one becomes a case once confirmed."""
    email_file = tmp_path / "resident.eml"
    email_file.write_bytes(
        make_email(
            sender="Ada Resident <ada@example.org>", subject="More photos", body="See below."
        )
    )
    person = visitor(world.councillor)
    page = person.sign_in()
    person.go(world.case.get_absolute_url())
    page.get_by_text("Add an email to the case").click()
    check_accessibility(page, "case page with the add-email panel open")
    page.get_by_label("Email file").set_input_files(str(email_file))
    page.get_by_role("button", name="Add the email").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="More photos")).to_have_count(1)
    assert world.case.events.filter(kind=EventKind.EMAIL_IN).count() == 1

    receive(make_email(sender=world.councillor.email, to="intake@localhost", body=INLINE_FORWARD))
    page.get_by_role("link", name="Draft cases").click()
    page.wait_for_load_state()
    check_accessibility(page, "draft cases")
    page.get_by_role("link", name="Overflowing bins on Mill Lane").click()
    page.wait_for_load_state()
    check_accessibility(page, "a draft case")
    assert page.get_by_label("Constituent's full name").input_value() == "Ada Resident"
    page.get_by_role("button", name="Log the case").click()
    page.wait_for_load_state()
    check_accessibility(page, "a draft case with an error")
    page.get_by_label("Service", exact=True).select_option(label="Potholes")
    page.get_by_role("button", name="Log the case").click()
    page.wait_for_load_state()
    case = Case.objects.get(subject="Overflowing bins on Mill Lane")
    assert page.url.endswith(case.get_absolute_url())


def test_a_coordinator_retries_a_quarantined_message(visitor, world):
    """The quarantine lists the message with its reason; Retry reports it still quarantined."""
    receive(make_email(sender="stranger@example.net", to="intake@localhost", subject="Hello"))
    person = visitor(world.coordinator)
    page = person.sign_in()
    page.get_by_role("link", name="Quarantined email").click()
    page.wait_for_load_state()
    check_accessibility(page, "quarantine")
    expect(page.locator("table")).to_contain_text("Unknown sender")
    page.get_by_role("button", name="Retry Hello").click()
    page.wait_for_load_state()
    assert "Still quarantined" in page.content()
    check_accessibility(page, "quarantine after a retry")
