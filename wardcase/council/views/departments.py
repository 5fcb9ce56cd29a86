"""Directorates and departments, each with its head of service."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

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
def departments(request):
    return render(
        request,
        "council/departments.html",
        {
            "directorates": selectors.directorates(user=request.user),
            "departments": selectors.departments(user=request.user),
        },
    )


@council_view
@require_http_methods(["GET", "POST"])
def directorate_add(request):
    return add_page(
        request,
        form_class=forms.DirectorateForm,
        create=directory_services.directorate_create,
        title=_("Add a directorate"),
        done=_("Directorate %(name)s added"),
        listing="council:departments",
    )


@council_view
@require_http_methods(["GET", "POST"])
def directorate_edit(request, pk):
    directorate = setting_or_404("directorate", request, pk)

    def save(form):
        changed = directory_services.directorate_update(
            directorate=directorate, by=request.user, **form.cleaned_data
        )
        say_saved(request, changed, directorate.name)
        return redirect("council:departments")

    return form_page(
        request,
        form=forms.DirectorateForm(request.POST or None, initial={"name": directorate.name}),
        template="council/directorate_edit.html",
        context={
            "title": _("Change a directorate"),
            "caption": directorate.name,
            "back": reverse("council:departments"),
            "directorate": directorate,
            "in_use": directory_services.directorate_in_use(directorate=directorate),
        },
        on_valid=save,
    )


@council_view
@require_POST
def directorate_delete(request, pk):
    return delete_action(
        request,
        "directorate",
        pk,
        delete=lambda d: directory_services.directorate_delete(directorate=d, by=request.user),
        done=_("Directorate %(name)s deleted"),
        edit="council:directorate_edit",
        listing="council:departments",
    )


@council_view
@require_http_methods(["GET", "POST"])
def department_add(request):
    return add_page(
        request,
        form_class=forms.DepartmentForm,
        create=directory_services.department_create,
        title=_("Add a department"),
        done=_("Department %(name)s added"),
        listing="council:departments",
    )


@council_view
@require_http_methods(["GET", "POST"])
def department_edit(request, pk):
    department = setting_or_404("department", request, pk)

    def save(form):
        changed = directory_services.department_update(
            department=department, by=request.user, **form.cleaned_data
        )
        say_saved(request, changed, department.name)
        return redirect("council:departments")

    initial = {
        "name": department.name,
        "directorate": department.directorate_id,
        "head": department.head_id,
    }
    return form_page(
        request,
        form=forms.DepartmentForm(request.POST or None, initial=initial),
        template="council/department_edit.html",
        context={
            "title": _("Change a department"),
            "caption": department.name,
            "back": reverse("council:departments"),
            "department": department,
            "in_use": directory_services.department_in_use(department=department),
            "open_work": directory_services.department_open_work(department=department),
        },
        on_valid=save,
    )


@council_view
@require_POST
def department_active(request, pk):
    return switch_action(
        request,
        "department",
        pk,
        switch=lambda d, active: directory_services.department_set_active(
            department=d, by=request.user, active=active
        ),
        on=_("%(name)s switched on"),
        off=_("%(name)s switched off"),
        edit="council:department_edit",
    )


@council_view
@require_POST
def department_delete(request, pk):
    return delete_action(
        request,
        "department",
        pk,
        delete=lambda d: directory_services.department_delete(department=d, by=request.user),
        done=_("Department %(name)s deleted"),
        edit="council:department_edit",
        listing="council:departments",
    )
