"""The glossary of services a case is logged against."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.core.pagination import paginate
from wardcase.council import forms, selectors
from wardcase.council.views.common import (
    add_page,
    council_view,
    delete_action,
    form_page,
    say_saved,
    setting_or_404,
    switch_action,
)
from wardcase.directory import services as directory_services


@council_view
def services(request):
    found = selectors.services(user=request.user)
    page, pagination = paginate(request, found, label=_("Pages of services"))
    return render(
        request,
        "council/services.html",
        {"page": page, "pagination": pagination, "total": page.paginator.count},
    )


@council_view
@require_http_methods(["GET", "POST"])
def service_add(request):
    return add_page(
        request,
        form_class=forms.ServiceForm,
        create=directory_services.service_create,
        title=_("Add a service"),
        done=_("Service %(name)s added"),
        listing="council:services",
    )


@council_view
@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = setting_or_404("service", request, pk)

    def save(form):
        changed = directory_services.service_update(
            service=service, by=request.user, **form.cleaned_data
        )
        say_saved(request, changed, service.name)
        return redirect("council:services")

    initial = {"name": service.name, "department": service.department_id}
    initial["aliases"] = service.aliases
    return form_page(
        request,
        form=forms.ServiceForm(request.POST or None, initial=initial),
        template="council/service_edit.html",
        context={
            "title": _("Change a service"),
            "caption": service.name,
            "back": reverse("council:services"),
            "service": service,
            "cases_count": service.cases.count(),
        },
        on_valid=save,
    )


@council_view
@require_POST
def service_active(request, pk):
    return switch_action(
        request,
        "service",
        pk,
        switch=lambda s, active: directory_services.service_set_active(
            service=s, by=request.user, active=active
        ),
        on=_("%(name)s offered again"),
        off=_("%(name)s retired"),
        edit="council:service_edit",
    )


@council_view
@require_POST
def service_delete(request, pk):
    return delete_action(
        request,
        "service",
        pk,
        delete=lambda s: directory_services.service_delete(service=s, by=request.user),
        done=_("Service %(name)s deleted"),
        edit="council:service_edit",
        listing="council:services",
    )
