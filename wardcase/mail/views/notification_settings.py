"""A person's own notification settings."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.core.access import signed_in
from wardcase.mail.forms import DIGEST, NotificationSettingsForm
from wardcase.mail.preferences import notification_settings_update


@signed_in()
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    data = request.POST if request.method == "POST" else None
    form = NotificationSettingsForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        digest = form.cleaned_data["delivery"] == DIGEST
        notification_settings_update(user=request.user, email_digest=digest)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("mail:notification_settings")
    status = 400 if form.errors else 200
    return render(request, "mail/notification_settings.html", {"form": form}, status=status)
