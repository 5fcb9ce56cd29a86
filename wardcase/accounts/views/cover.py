"""The councillor's holiday-cover page: who acts for them, and when."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.accounts.cover import cover_create, cover_deputy_choices, cover_end, covers_of
from wardcase.accounts.models import Role
from wardcase.core.access import signed_in
from wardcase.core.date_input import GovukDateField
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.forms import DateFieldsForm


def _date_field(label):
    """GOV.UK's day, month and year boxes; empty is left for the service to name."""
    return GovukDateField(
        required=False, label=label, help_text=gettext_lazy("For example, 3 8 2026")
    )


class CoverForm(DateFieldsForm):
    """Shape of the cover form; the service checks the rules."""

    id_prefix = "cover-"
    deputy: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Who will act for you"),
        empty_label=gettext_lazy("Choose a councillor or caseworker"),
    )
    starts_on = _date_field(gettext_lazy("First day"))
    ends_on = _date_field(gettext_lazy("Last day"))
    reason = forms.CharField(
        required=False, max_length=200, label=gettext_lazy("Reason (optional)")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = cover_deputy_choices(councillor=self.user)


@signed_in(roles={Role.COUNCILLOR})
@require_http_methods(["GET", "POST"])
def cover_page(request):
    """List the councillor's cover and arrange new cover."""
    status = 200
    if request.method == "POST":
        form = CoverForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                cover_create(by=request.user, councillor=request.user, **form.cleaned_data)
            except ActionNotAllowed as exc:
                raise PermissionDenied(exc.message) from exc
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("Cover arranged."))
                return redirect("cover")
        status = 400
    else:
        form = CoverForm(user=request.user)
    context = {"form": form, "covers": covers_of(councillor=request.user)}
    return render(request, "accounts/cover.html", context, status=status)


@signed_in(roles={Role.COUNCILLOR})
@require_POST
def cover_end_view(request, pk):
    """End one of the councillor's own cover arrangements now."""
    cover = covers_of(councillor=request.user).filter(pk=pk).first()
    if cover is None:
        raise Http404
    try:
        cover_end(by=request.user, cover=cover)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cover ended."))
    return redirect("cover")
