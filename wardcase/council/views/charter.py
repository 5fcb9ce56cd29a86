"""Charter terms (the council's and its overrides) and closure days."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wardcase.charter import services as charter_services
from wardcase.charter.sla import TERM_NAMES, CharterTerms
from wardcase.council import forms, selectors
from wardcase.council.views.common import (
    button_action,
    council_view,
    form_page,
    setting_or_404,
)

REBUILD_NOTE = gettext_lazy(
    "Open cases' deadlines are being worked out again with the new terms; this takes a "
    "minute or two."
)


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

    return form_page(
        request,
        form=forms.CharterRuleForm(request.POST or None),
        template="council/charter_rule_form.html",
        context={"title": _("Add charter terms"), "back": reverse("council:charter")},
        on_valid=add,
    )


@council_view
@require_http_methods(["GET", "POST"])
def charter_rule_edit(request, pk):
    rule = setting_or_404("charter_rule", request, pk)

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
    return form_page(
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
    rule = setting_or_404("charter_rule", request, pk)
    return button_action(
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
    return form_page(
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
    closure = setting_or_404("closure_day", request, pk)
    return button_action(
        request,
        lambda: charter_services.closure_day_remove(closure_day=closure, by=request.user),
        done=_("%(day)s is a working day again. %(note)s")
        % {"day": date_format(closure.day, "j F Y"), "note": REBUILD_NOTE},
        back=reverse("council:closure_days"),
    )
