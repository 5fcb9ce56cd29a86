"""The follow-up window: how long after closing an emailed reply still lands on a case."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.council import forms
from wardcase.council.views.common import council_view, form_page
from wardcase.directory import services as directory_services
from wardcase.directory.models import DEFAULT_FOLLOW_UP_WORKING_DAYS


@council_view
@require_http_methods(["GET", "POST"])
def follow_up(request):
    council = directory_services.the_council()

    def save(form):
        directory_services.council_follow_up_set(by=request.user, days=form.cleaned_data["days"])
        messages.success(
            request,
            _("Follow-up window saved: %(days)s working days.")
            % {"days": form.cleaned_data["days"]},
        )
        return redirect("council:follow_up")

    return form_page(
        request,
        form=forms.FollowUpForm(
            request.POST or None, initial={"days": council.follow_up_working_days}
        ),
        template="council/follow_up.html",
        context={
            "days": council.follow_up_working_days,
            "default_days": DEFAULT_FOLLOW_UP_WORKING_DAYS,
        },
        on_valid=save,
    )
