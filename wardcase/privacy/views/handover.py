"""A departing councillor: export their casework, or hand open cases to a successor."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from wardcase.privacy import selectors, services
from wardcase.privacy.forms import HandoverForm
from wardcase.privacy.views._shared import form_page, get_or_404, privacy_view, zip_response


@privacy_view
@require_safe
def councillor_list(request):
    councillors = selectors.councillors(user=request.user).order_by("name")
    return render(request, "privacy/councillors.html", {"councillors": councillors})


@privacy_view
@require_http_methods(["GET", "POST"])
def councillor_handover(request, pk):
    councillor = get_or_404(selectors.councillor_get, user=request.user, pk=pk)
    open_cases = list(selectors.councillor_open_cases(user=request.user, councillor=councillor))
    form = HandoverForm(request.POST or None, councillor=councillor, open_cases=open_cases)

    def hand_over(data):
        moved = services.cases_hand_over(
            councillor=councillor,
            successor=data["successor"],
            case_ids=data["cases"],
            consented_ids=data["consented"],
            by=request.user,
        )
        messages.success(
            request,
            _("%(n)s cases handed over to %(name)s") % {"n": len(moved), "name": data["successor"]},
        )
        return redirect("privacy:councillor", pk=councillor.pk)

    chosen = set(form["cases"].value() or []) if form.is_bound else set()
    consented = set(form["consented"].value() or []) if form.is_bound else set()
    rows = [(case, str(case.pk) in chosen, str(case.pk) in consented) for case in open_cases]
    return form_page(
        request,
        form=form,
        template="privacy/handover.html",
        context={"councillor": councillor, "rows": rows},
        on_valid=hand_over,
    )


@privacy_view
@require_POST
def councillor_export(request, pk):
    councillor = get_or_404(selectors.councillor_get, user=request.user, pk=pk)
    content = services.councillor_export(councillor=councillor, by=request.user)
    return zip_response(content, f"casework-{slugify(councillor.name or councillor.username)}")
