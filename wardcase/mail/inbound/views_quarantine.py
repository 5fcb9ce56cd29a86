"""The coordinators' quarantine: messages that could not go anywhere, with why, and Retry."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from wardcase.accounts.models import Role
from wardcase.audit.services import audit_record
from wardcase.core.access import signed_in
from wardcase.core.errors import ServiceError
from wardcase.core.pagination import paginate
from wardcase.mail.inbound.processing import inbound_retry
from wardcase.mail.inbound.views_case import raw_download
from wardcase.mail.models_inbound import InboundMessage

COORDINATORS = {Role.COORDINATOR}
LIST_FIELDS = ("pk", "received_at", "from_address", "subject", "reason", "source", "size")


def quarantined():
    return InboundMessage.objects.filter(state=InboundMessage.State.QUARANTINED)


@signed_in(COORDINATORS)
@require_safe
def quarantine_list(request):
    queryset = quarantined().only(*LIST_FIELDS).order_by("-received_at", "-id")
    page, pagination = paginate(request, queryset, label=_("Pages of quarantined messages"))
    return render(
        request,
        "mail/inbound/quarantine.html",
        {"page": page, "pagination": pagination, "total": page.paginator.count},
    )


@signed_in(COORDINATORS)
@require_POST
def quarantine_retry(request, pk):
    message = get_object_or_404(quarantined().only("pk"), pk=pk)
    try:
        message = inbound_retry(message=message, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("mail_inbound:quarantine")
    if message.state == InboundMessage.State.QUARANTINED:
        messages.error(request, _("Still quarantined: %(reason)s") % {"reason": message.reason})
    else:
        messages.success(
            request, _("Processed again: %(state)s.") % {"state": message.get_state_display()}
        )
    return redirect("mail_inbound:quarantine")


@signed_in(COORDINATORS)
@require_safe
def quarantine_download(request, pk):
    message = get_object_or_404(
        InboundMessage.objects.filter(
            state__in=[InboundMessage.State.QUARANTINED, InboundMessage.State.IGNORED]
        ),
        pk=pk,
    )
    audit_record(actor=request.user, action="mail.inbound_downloaded", obj=message)
    return raw_download(message)
