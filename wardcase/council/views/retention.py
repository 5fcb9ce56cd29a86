"""The retention period: how long closed cases keep personal data."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.council import forms
from wardcase.council.views.common import (
    council_view,
    form_page,
)
from wardcase.directory import services as directory_services
from wardcase.privacy import services as privacy_services
from wardcase.privacy.models import DEFAULT_ANONYMISE_AFTER_MONTHS
from wardcase.privacy.retention import retention_months


@council_view
@require_http_methods(["GET", "POST"])
def retention(request):
    council = directory_services.the_council()
    months = retention_months(council)

    def save(form):
        privacy_services.retention_policy_set(by=request.user, months=form.cleaned_data["months"])
        due = privacy_services.retention_due_now()
        messages.success(
            request,
            _(
                "Retention period saved: %(months)s months. %(due)s closed case(s) are past it "
                "and will be anonymised by the next daily retention sweep."
            )
            % {"months": form.cleaned_data["months"], "due": due},
        )
        return redirect("council:retention")

    return form_page(
        request,
        form=forms.RetentionForm(request.POST or None, initial={"months": months}),
        template="council/retention.html",
        context={
            "months": months,
            "default_months": DEFAULT_ANONYMISE_AFTER_MONTHS,
            "due": privacy_services.retention_due_now(),
        },
        on_valid=save,
    )
