"""The administrator's changes to departments and the services they deliver (the
Council settings pages); the shared checks are in `changes`."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role, User
from wardcase.core.errors import ServiceError
from wardcase.core.text import clean_one_line
from wardcase.directory.models import Council, Department, Directorate, Service
from wardcase.directory.permissions import require_council_settings
from wardcase.directory.services.changes import (
    audit_change,
    clean_name,
    delete_recorded,
    refuse_duplicate,
    refuse_if,
    switch_active,
    the_council,
)
from wardcase.directory.services.fields import fields_set


def _check_head(head: User | None) -> User | None:
    if head is None:
        return None
    if head.role != Role.HEAD_OF_SERVICE or not head.is_active:
        raise ServiceError(
            _("Choose a head of service: %(name)s is not one") % {"name": head}, field="head"
        )
    return head


def _check_directorate(directorate: Directorate | None, council: Council) -> Directorate | None:
    if directorate is not None and directorate.council_id != council.pk:
        raise ServiceError(_("Choose one of the council's directorates"), field="directorate")
    return directorate


@transaction.atomic
def department_create(
    *,
    by: User,
    name: str,
    directorate: Directorate | None = None,
    head: User | None = None,
) -> Department:
    """Add a department, optionally in a directorate and with its head of service."""
    require_council_settings(by)
    council = the_council()
    name = clean_name(name, what=_("department"))
    refuse_duplicate(
        council.departments, name, _('There is already a department called "%(name)s"')
    )
    department = Department.objects.create(
        council=council,
        name=name,
        directorate=_check_directorate(directorate, council),
        head=_check_head(head),
    )
    audit_change(
        by=by,
        obj=department,
        action="config.added",
        directorate=str(department.directorate or ""),
        head=str(department.head or ""),
    )
    return department


@transaction.atomic
def department_update(
    *,
    department: Department,
    by: User,
    name: str,
    directorate: Directorate | None,
    head: User | None,
) -> list[str]:
    """Rename a department, move it to another directorate or change its head of service."""
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    name = clean_name(name, what=_("department"))
    refuse_duplicate(
        department.council.departments.exclude(pk=department.pk),
        name,
        _('There is already a department called "%(name)s"'),
    )
    before = {
        "name": department.name,
        "directorate": str(department.directorate or ""),
        "head": str(department.head or ""),
    }
    changed = fields_set(
        obj=department,
        name=name,
        directorate=_check_directorate(directorate, department.council),
        head=_check_head(head),
    )
    if changed:
        audit_change(by=by, obj=department, action="config.changed", before=before, changed=changed)
    return changed


CLOSED = "closed"


def department_in_use(*, department: Department) -> list[str]:
    """Why the department cannot be deleted, in words; empty when nothing depends on it."""
    counts = [
        (department.cases.count(), _("%(n)s case(s) are assigned to it")),
        (department.services.count(), _("%(n)s service(s) in the glossary belong to it")),
        (department.staff.count(), _("%(n)s user(s) work in it")),
        (department.charter_rules.count(), _("it has %(n)s set(s) of charter terms")),
    ]
    return [message % {"n": n} for n, message in counts if n]


def department_open_work(*, department: Department) -> list[str]:
    """Why the department cannot be switched off now; empty when it can."""
    reasons = []
    # Cases sit above directory, so their closed status is named by its stored value
    # (cases.choices.Status.CLOSED); tests/council/test_directory.py holds the two together.
    open_cases = department.cases.exclude(status=CLOSED).count()
    if open_cases:
        reasons.append(_("%(n)s open case(s) are assigned to it") % {"n": open_cases})
    services = department.services.filter(active=True).count()
    if services:
        reasons.append(
            _("%(n)s of its services are still offered: retire them first") % {"n": services}
        )
    return reasons


@transaction.atomic
def department_set_active(*, department: Department, by: User, active: bool) -> bool:
    """Switch a department off (no longer offered for assignment) or back on.

    Refused while it has open cases or offered services. Returns whether it changed.
    """
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    if department.active and not active:
        refuse_if(
            department_open_work(department=department),
            _("%(name)s cannot be switched off: %(reasons)s."),
            name=department.name,
        )
    return switch_active(department, by=by, active=active)


@transaction.atomic
def department_delete(*, department: Department, by: User) -> None:
    """Delete a department that nothing depends on (one added by mistake)."""
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    refuse_if(
        department_in_use(department=department),
        _("%(name)s cannot be deleted: %(reasons)s. Switch it off instead."),
        name=department.name,
    )
    delete_recorded(department, by=by)


def _check_department(department: Department | None, council: Council) -> Department:
    if department is None or department.council_id != council.pk:
        raise ServiceError(_("Choose the department that deals with it"), field="department")
    return department


def _refuse_duplicate_service(
    department: Department, name: str, service: Service | None = None
) -> None:
    others = department.services.exclude(pk=service.pk) if service else department.services
    refuse_duplicate(
        others.all(),
        name,
        _('%(department)s already has a service called "%(name)s"'),
        department=department.name,
    )


@transaction.atomic
def service_create(*, by: User, department: Department, name: str, aliases: str = "") -> Service:
    """Add a service to the glossary, under the department that deals with it, with the
    other words people use for it."""
    require_council_settings(by)
    department = _check_department(department, the_council())
    name = clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name)
    service = Service.objects.create(
        department=department, name=name, aliases=clean_aliases(aliases)
    )
    audit_change(by=by, obj=service, action="config.added", department=department.name)
    return service


@transaction.atomic
def service_update(
    *, service: Service, by: User, department: Department, name: str, aliases: str | None = None
) -> list[str]:
    """Rename a service, move it to another department or change its other words (None
    keeps them). Cases keep their service."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    department = _check_department(department, the_council())
    name = clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name, service)
    before = {"name": service.name, "department": service.department.name}
    values: dict[str, Any] = {"name": name, "department": department}
    if aliases is not None:
        values["aliases"], before["aliases"] = clean_aliases(aliases), service.aliases
    changed = fields_set(obj=service, **values)
    if changed:
        audit_change(by=by, obj=service, action="config.changed", before=before, changed=changed)
    return changed


def clean_aliases(value: str | None) -> str:
    """Other words for a service as "bin, rubbish, refuse": one line, each word once."""
    words = clean_one_line(value, field="aliases", label=_("The other words"), max_length=500)
    return ", ".join(dict.fromkeys(w.strip() for w in words.split(",") if w.strip()))


@transaction.atomic
def service_set_active(*, service: Service, by: User, active: bool) -> bool:
    """Retire a service (no longer offered when logging a case; its cases keep it) or offer
    it again. Returns whether it changed."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    return switch_active(service, by=by, active=active)


@transaction.atomic
def service_delete(*, service: Service, by: User) -> None:
    """Delete a service no case has used (one added by mistake); others are retired."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    used = service.cases.count()
    if used:
        raise ServiceError(
            _("%(name)s cannot be deleted: %(n)s case(s) use it. Retire it instead.")
            % {"name": service.name, "n": used}
        )
    delete_recorded(service, by=by, department=service.department.name)
