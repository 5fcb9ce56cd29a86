"""Template tags for mail coming in."""

from django import template

from wardcase.mail.inbound.forms import MailUploadForm
from wardcase.mail.models_inbound import InboundMessage

register = template.Library()


@register.simple_tag
def case_emails(case):
    """The emails on a case for listing: without their raw bytes, which can be megabytes."""
    return list(
        InboundMessage.objects.filter(case=case)
        .only("pk", "subject", "from_address", "received_at", "case")
        .order_by("-received_at", "-id")
    )


@register.simple_tag
def mail_upload_form():
    """An empty form for dropping an email on a case, for the case page's panel."""
    return MailUploadForm()
