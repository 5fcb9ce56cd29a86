"""Wards: the council's electoral wards."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wardcase.council import forms, selectors
from wardcase.council.views.common import (
    add_page,
    council_view,
    form_page,
    say_saved,
    setting_or_404,
)
from wardcase.directory import services as directory_services


@council_view
def wards(request):
    return render(request, "council/wards.html", {"wards": selectors.wards(user=request.user)})


@council_view
@require_http_methods(["GET", "POST"])
def ward_add(request):
    return add_page(
        request,
        form_class=forms.WardForm,
        create=directory_services.ward_create,
        title=_("Add a ward"),
        done=_("Ward %(name)s added"),
        listing="council:wards",
    )


@council_view
@require_http_methods(["GET", "POST"])
def ward_edit(request, pk):
    ward = setting_or_404("ward", request, pk)

    def save(form):
        changed = directory_services.ward_update(ward=ward, by=request.user, **form.cleaned_data)
        say_saved(request, changed, ward.name)
        return redirect("council:wards")

    initial = {"name": ward.name, "gss_code": ward.gss_code}
    return form_page(
        request,
        form=forms.WardForm(request.POST or None, initial=initial),
        template="council/form.html",
        context={
            "title": _("Change a ward"),
            "caption": ward.name,
            "back": reverse("council:wards"),
        },
        on_valid=save,
    )
