"""Failed emails: notifications the mail server would not take, sent again."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wardcase.core.pagination import paginate
from wardcase.council import selectors
from wardcase.council.views.common import (
    council_view,
)
from wardcase.mail.services import outbox_send_again


@council_view
def failed_emails(request):
    found = selectors.failed_emails(user=request.user)
    page, pagination = paginate(request, found, label=_("Pages of failed emails"))
    return render(
        request,
        "council/failed_emails.html",
        {"page": page, "pagination": pagination, "total": page.paginator.count},
    )


@council_view
@require_POST
def failed_emails_send_again(request):
    count = outbox_send_again(by=request.user)
    messages.success(
        request,
        _("%(count)s email(s) will be sent again within a minute.") % {"count": count},
    )
    return redirect("council:failed_emails")
