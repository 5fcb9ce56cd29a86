"""Council settings: the administrator's everyday configuration, as GOV.UK pages.

Every page is for administrators only (`COUNCIL_SETTINGS_ROLES`); every write is a service
of the app that owns the data, which checks the permission again and audits the change.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.charter import services as charter_services
from wardcase.charter.sla import TERM_NAMES, CharterTerms
from wardcase.core.access import signed_in
from wardcase.core.errors import NotFound, ServiceError
from wardcase.core.pagination import paginate
from wardcase.council import forms, selectors
from wardcase.directory import services as directory_services
from wardcase.directory.permissions import COUNCIL_SETTINGS_ROLES
from wardcase.letters import services as letter_services
from wardcase.letters.merge import MERGE_FIELDS
from wardcase.letters.services import MAX_TEMPLATE_BYTES
from wardcase.mail.services import outbox_send_again
from wardcase.privacy import services as privacy_services
from wardcase.privacy.models import DEFAULT_ANONYMISE_AFTER_MONTHS
from wardcase.privacy.retention import retention_months

council_view = signed_in(roles=COUNCIL_SETTINGS_ROLES)

REBUILD_NOTE = gettext_lazy(
    "Open cases' deadlines are being worked out again with the new terms; this takes a "
    "minute or two."
)


@dataclass(frozen=True)
class Section:
    title: str
    url_name: str
    description: str


# The council settings home lists these, in this order.
SECTIONS = [
    Section(
        gettext_lazy("Users"),
        "council_users:list",
        gettext_lazy("Invite people, change roles, unlock accounts and reset second factors."),
    ),
    Section(
        gettext_lazy("Wards"),
        "council:wards",
        gettext_lazy("The council's electoral wards and their ONS codes."),
    ),
    Section(
        gettext_lazy("Directorates and departments"),
        "council:departments",
        gettext_lazy("Who answers cases, grouped by directorate, with each head of service."),
    ),
    Section(
        gettext_lazy("Services"),
        "council:services",
        gettext_lazy("The glossary of services a case is logged against, by department."),
    ),
    Section(
        gettext_lazy("Charter terms"),
        "council:charter",
        gettext_lazy("Deadlines for answering cases, and overrides for some departments."),
    ),
    Section(
        gettext_lazy("Closure days"),
        "council:closure_days",
        gettext_lazy("Days the council is closed besides bank holidays: not working days."),
    ),
    Section(
        gettext_lazy("Retention period"),
        "council:retention",
        gettext_lazy("How long closed cases keep the constituent's personal data."),
    ),
    Section(
        gettext_lazy("Failed emails"),
        "council:failed_emails",
        gettext_lazy("Notifications the mail server would not take, to send again."),
    ),
    Section(
        gettext_lazy("Letter templates"),
        "council:letters",
        gettext_lazy("The Word letters councillors fill from a case, and their merge fields."),
    ),
]


def _sections():
    """Each section of the council settings with its address."""
    return [(section, reverse(section.url_name)) for section in SECTIONS]


def _get(kind, request, pk):
    try:
        return selectors.setting_get(kind, user=request.user, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _form_page(request, *, form, template, context, on_valid):
    """A GET shows the form; a valid POST calls `on_valid(form)`, which calls a service and
    returns the redirect. A ServiceError lands on the form, which keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form)
        except ServiceError as exc:
            form.add_service_error(exc)
    context = {**context, "form": form, "error_forms": [form]}
    return render(request, template, context, status=400 if form.is_bound else 200)


def _act(request, action, *, done, back):
    """A button's POST: run the service; say what happened, or why not, on `back`."""
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


def _add_page(request, *, form_class, create, title, done, listing):
    """An "add" page: the form, then the service `create(by=..., **cleaned_data)`."""

    def add(form):
        created = create(by=request.user, **form.cleaned_data)
        messages.success(request, done % {"name": str(created)})
        return redirect(listing)

    return _form_page(
        request,
        form=form_class(request.POST or None),
        template="council/form.html",
        context={"title": title, "back": reverse(listing)},
        on_valid=add,
    )


def _delete(request, kind, pk, *, delete, done, edit, listing):
    """A delete button's POST: back to the list when done, to the edit page saying why not."""
    obj = _get(kind, request, pk)
    name = str(obj)
    try:
        delete(obj)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(edit, pk=pk)
    messages.success(request, done % {"name": name})
    return redirect(listing)


def _switch(request, kind, pk, *, switch, on, off, edit):
    """A switch-on/switch-off button's POST; the form sends active=on to switch on."""
    obj = _get(kind, request, pk)
    active = request.POST.get("active") == "on"
    return _act(
        request,
        lambda: switch(obj, active),
        done=(on if active else off) % {"name": str(obj)},
        back=reverse(edit, args=[pk]),
    )


def _saved(request, changed, what):
    messages.success(
        request, _("%(what)s saved") % {"what": what} if changed else _("Nothing changed")
    )


@council_view
def index(request):
    return render(request, "council/index.html", {"sections": _sections()})


# --- Wards ----------------------------------------------------------------------------


@council_view
def wards(request):
    return render(request, "council/wards.html", {"wards": selectors.wards(user=request.user)})


@council_view
@require_http_methods(["GET", "POST"])
def ward_add(request):
    return _add_page(
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
    ward = _get("ward", request, pk)

    def save(form):
        changed = directory_services.ward_update(ward=ward, by=request.user, **form.cleaned_data)
        _saved(request, changed, ward.name)
        return redirect("council:wards")

    initial = {"name": ward.name, "gss_code": ward.gss_code}
    return _form_page(
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


# --- Directorates and departments -----------------------------------------------------


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
    return _add_page(
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
    directorate = _get("directorate", request, pk)

    def save(form):
        changed = directory_services.directorate_update(
            directorate=directorate, by=request.user, **form.cleaned_data
        )
        _saved(request, changed, directorate.name)
        return redirect("council:departments")

    return _form_page(
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
    return _delete(
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
    return _add_page(
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
    department = _get("department", request, pk)

    def save(form):
        changed = directory_services.department_update(
            department=department, by=request.user, **form.cleaned_data
        )
        _saved(request, changed, department.name)
        return redirect("council:departments")

    initial = {
        "name": department.name,
        "directorate": department.directorate_id,
        "head": department.head_id,
    }
    return _form_page(
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
    return _switch(
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
    return _delete(
        request,
        "department",
        pk,
        delete=lambda d: directory_services.department_delete(department=d, by=request.user),
        done=_("Department %(name)s deleted"),
        edit="council:department_edit",
        listing="council:departments",
    )


# --- Services (the glossary) ----------------------------------------------------------


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
    return _add_page(
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
    service = _get("service", request, pk)

    def save(form):
        changed = directory_services.service_update(
            service=service, by=request.user, **form.cleaned_data
        )
        _saved(request, changed, service.name)
        return redirect("council:services")

    initial = {"name": service.name, "department": service.department_id}
    return _form_page(
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
    return _switch(
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
    return _delete(
        request,
        "service",
        pk,
        delete=lambda s: directory_services.service_delete(service=s, by=request.user),
        done=_("Service %(name)s deleted"),
        edit="council:service_edit",
        listing="council:services",
    )


# --- Charter terms and closure days ---------------------------------------------------


def _with_labels(values):
    """Each term's value beside its label, for the table's columns and phone cards."""
    labels = [forms.CharterTermsForm.base_fields[name].label for name in TERM_NAMES]
    return list(zip(values, labels, strict=True))


def _applies_to(rule):
    """Whom a set of terms is for, saying whether a name is a department or directorate."""
    if rule.department_id:
        scope = _("Department: %(name)s") % {"name": rule.department}
    elif rule.directorate_id:
        scope = _("Directorate: %(name)s") % {"name": rule.directorate}
    else:
        scope = _("The whole council")
    if rule.case_type:
        scope = _("%(scope)s, %(case_type)s") % {
            "scope": scope,
            "case_type": rule.get_case_type_display().lower(),
        }
    return scope


@council_view
def charter(request):
    built_in = CharterTerms()
    return render(
        request,
        "council/charter.html",
        {
            "rules": [
                (rule, _applies_to(rule), _with_labels([getattr(rule, n) for n in TERM_NAMES]))
                for rule in selectors.charter_rules(user=request.user)
            ],
            "built_in": _with_labels([getattr(built_in, name) for name in TERM_NAMES]),
            "term_labels": [forms.CharterTermsForm.base_fields[n].label for n in TERM_NAMES],
        },
    )


@council_view
@require_http_methods(["GET", "POST"])
def charter_rule_add(request):
    def add(form):
        directorate, department = form.scope_objects()
        charter_services.charter_rule_create(
            by=request.user,
            directorate=directorate,
            department=department,
            case_type=form.cleaned_data["case_type"],
            terms=form.terms(),
        )
        messages.success(request, _("Charter terms saved. %(note)s") % {"note": REBUILD_NOTE})
        return redirect("council:charter")

    return _form_page(
        request,
        form=forms.CharterRuleForm(request.POST or None),
        template="council/charter_rule_form.html",
        context={"title": _("Add charter terms"), "back": reverse("council:charter")},
        on_valid=add,
    )


@council_view
@require_http_methods(["GET", "POST"])
def charter_rule_edit(request, pk):
    rule = _get("charter_rule", request, pk)

    def save(form):
        changed = charter_services.charter_rule_update(
            rule=rule, by=request.user, terms=form.terms()
        )
        if changed:
            messages.success(request, _("Charter terms saved. %(note)s") % {"note": REBUILD_NOTE})
        else:
            messages.success(request, _("Nothing changed"))
        return redirect("council:charter")

    initial = {name: getattr(rule, name) for name in TERM_NAMES}
    return _form_page(
        request,
        form=forms.CharterTermsForm(request.POST or None, initial=initial),
        template="council/charter_rule_form.html",
        context={
            "title": _("Change charter terms"),
            "caption": str(rule),
            "rule": rule,
            "back": reverse("council:charter"),
        },
        on_valid=save,
    )


@council_view
@require_POST
def charter_rule_delete(request, pk):
    rule = _get("charter_rule", request, pk)
    return _act(
        request,
        lambda: charter_services.charter_rule_delete(rule=rule, by=request.user),
        done=_("Charter terms for %(scope)s removed. %(note)s")
        % {"scope": rule, "note": REBUILD_NOTE},
        back=reverse("council:charter"),
    )


@council_view
@require_http_methods(["GET", "POST"])
def closure_days(request):
    def add(form):
        day = charter_services.closure_day_add(by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(day)s added as a closure day. %(note)s")
            % {"day": date_format(day.day, "j F Y"), "note": REBUILD_NOTE},
        )
        return redirect("council:closure_days")

    today = timezone.localdate()
    days = selectors.closure_days(user=request.user)
    return _form_page(
        request,
        form=forms.ClosureDayForm(request.POST or None),
        template="council/closure_days.html",
        context={
            "upcoming": [d for d in days if d.day >= today],
            "past": [d for d in days if d.day < today][-20:],
        },
        on_valid=add,
    )


@council_view
@require_POST
def closure_day_remove(request, pk):
    closure = _get("closure_day", request, pk)
    return _act(
        request,
        lambda: charter_services.closure_day_remove(closure_day=closure, by=request.user),
        done=_("%(day)s is a working day again. %(note)s")
        % {"day": date_format(closure.day, "j F Y"), "note": REBUILD_NOTE},
        back=reverse("council:closure_days"),
    )


# --- Retention period -----------------------------------------------------------------


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

    return _form_page(
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


# --- Letter templates -----------------------------------------------------------------


def _upload(form):
    upload = form.cleaned_data.get("file")
    if not upload:
        return {}
    # One byte past the limit is enough for the service to refuse a file too large.
    return {"content": upload.read(MAX_TEMPLATE_BYTES + 1), "filename": upload.name}


@council_view
def letters(request):
    return render(
        request,
        "council/letters.html",
        {"templates": selectors.letter_templates(user=request.user)},
    )


@council_view
@require_http_methods(["GET", "POST"])
def letter_add(request):
    def add(form):
        template = letter_services.letter_template_upload(
            by=request.user,
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            **_upload(form),
        )
        messages.success(request, _("Letter template %(name)s added") % {"name": template.name})
        return redirect("council:letters")

    return _form_page(
        request,
        form=forms.LetterTemplateForm(request.POST or None, request.FILES or None),
        template="council/letter_form.html",
        context={
            "title": _("Upload a letter template"),
            "back": reverse("council:letters"),
            "merge_fields": MERGE_FIELDS,
        },
        on_valid=add,
    )


@council_view
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    template = _get("letter_template", request, pk)

    def save(form):
        changed = letter_services.letter_template_update(
            template=template,
            by=request.user,
            name=form.cleaned_data["name"],
            purpose=form.cleaned_data["purpose"],
            **_upload(form),
        )
        _saved(request, changed, template.name)
        return redirect("council:letters")

    initial = {"name": template.name, "purpose": template.purpose}
    return _form_page(
        request,
        form=forms.LetterTemplateForm(
            request.POST or None, request.FILES or None, initial=initial, replacing=True
        ),
        template="council/letter_form.html",
        context={
            "title": _("Change a letter template"),
            "caption": template.name,
            "back": reverse("council:letters"),
            "template": template,
            "merge_fields": MERGE_FIELDS,
        },
        on_valid=save,
    )


@council_view
@require_POST
def letter_active(request, pk):
    return _switch(
        request,
        "letter_template",
        pk,
        switch=lambda t, active: letter_services.letter_template_set_active(
            template=t, by=request.user, active=active
        ),
        on=_("%(name)s offered again"),
        off=_("%(name)s retired"),
        edit="council:letter_edit",
    )


# --- Failed emails ----------------------------------------------------------------------


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
