"""Correcting and erasing a constituent's details, each with a reason."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.privacy import selectors, services
from wardcase.privacy.forms import EraseForm, RectifyForm
from wardcase.privacy.views._shared import form_page, get_or_404, privacy_view

PERSON_FIELDS = ("name", "address", "postcode", "email", "phone", "contact_preference")


@privacy_view
@require_http_methods(["GET", "POST"])
def constituent_rectify(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)
    initial = {key: getattr(constituent, key) for key in PERSON_FIELDS}

    def rectify(data):
        changed = services.constituent_rectify(
            constituent=constituent,
            by=request.user,
            reason=data["reason"],
            **{key: data[key] for key in PERSON_FIELDS},
        )
        messages.success(request, _("Details corrected") if changed else _("Nothing changed"))
        return redirect("privacy:constituent", pk=constituent.pk)

    return form_page(
        request,
        form=RectifyForm(request.POST or None, initial=initial),
        template="privacy/rectify.html",
        context={"constituent": constituent},
        on_valid=rectify,
    )


@privacy_view
@require_http_methods(["GET", "POST"])
def constituent_erase(request, pk):
    constituent = get_or_404(selectors.constituent_get, user=request.user, pk=pk)

    def erase(data):
        counts = services.constituent_erase(
            constituent=constituent, by=request.user, reason=data["reason"], force=data["force"]
        )
        messages.success(
            request, _("Personal data erased from %(n)s cases") % {"n": counts["cases"]}
        )
        return redirect("privacy:constituent", pk=constituent.pk)

    cases = selectors.constituent_cases(user=request.user, constituent=constituent)
    return form_page(
        request,
        form=EraseForm(request.POST or None),
        template="privacy/erase.html",
        context={"constituent": constituent, "cases": cases},
        on_valid=erase,
    )
