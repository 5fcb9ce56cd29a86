"""The administrator's changes to wards, directorates, departments and services (the
Council settings pages)."""

from typing import Any

from django.db import transaction
from django.db.models import Manager, Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from wardcase.accounts.models import Role, User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.directory.council_checks import GSS_CODE, GSS_NATION_LETTER
from wardcase.directory.models import Council, Department, Directorate, Service
from wardcase.directory.permissions import require_council_settings
from wardcase.directory.services.fields import fields_set
from wardcase.places.models import Ward

# --- Council settings: the administrator's changes --------------------------------------
#
# Each checks the user may configure the council, refuses bad input with a ServiceError
# naming the field, and writes an audit entry, in one transaction.

NAME_MAX = 200


def the_council() -> Council:
    """The council this installation runs; a clear error before one is loaded."""
    council = Council.objects.first()
    if council is None:
        raise ServiceError(_("No council is loaded yet: load the council file first."))
    return council


def _clean_name(name: object, *, what: str | Promise, field: str = "name") -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ServiceError(_("Enter the %(what)s's name") % {"what": what}, field=field)
    if len(name) > NAME_MAX:
        raise ServiceError(
            _("The %(what)s's name must be %(max)s characters or fewer")
            % {"what": what, "max": NAME_MAX},
            field=field,
        )
    return name


def _refuse_duplicate(
    queryset: QuerySet[Any] | Manager[Any], name: str, message: str, **names: object
) -> None:
    if queryset.filter(name__iexact=name).exists():
        raise ServiceError(message % {"name": name, **names}, field="name")


def _audit_change(
    *, by: User, obj: Model, action: str, before: object = None, **detail: Any
) -> None:
    """The audit entry of a settings change: what it was and what it is now."""
    if before is not None:
        detail["before"] = before
    audit_record(actor=by, action=action, obj=obj, name=str(obj), **detail)


def _refuse_if(reasons: list[str], message: str, *, name: object) -> None:
    """Refuse with every reason at once, so the administrator can fix them all."""
    if reasons:
        raise ServiceError(message % {"name": name, "reasons": "; ".join(reasons)})


def _delete(obj: Model, *, by: User, **detail: Any) -> None:
    _audit_change(by=by, obj=obj, action="config.deleted", **detail)
    obj.delete()


def _switch(obj: Department | Service, *, by: User, active: bool) -> bool:
    """Switch `obj.active`; audited. Returns whether it changed."""
    if obj.active == active:
        return False
    obj.active = active
    obj.save(update_fields=["active"])
    _audit_change(by=by, obj=obj, action="config.changed", active=active)
    return True


def _clean_gss_code(code: object, *, council: Council, ward: Ward | None = None) -> str:
    code = str(code or "").strip().upper()
    if not code:
        return ""
    if not GSS_CODE.match(code):
        raise ServiceError(
            _("Enter the ward's GSS code as a letter and 8 digits, like E05012345"),
            field="gss_code",
        )
    letter = GSS_NATION_LETTER.get(council.nation)
    if letter and code[0] != letter:
        raise ServiceError(
            _("A ward in %(nation)s has a GSS code starting with %(letter)s")
            % {"nation": council.get_nation_display(), "letter": letter},
            field="gss_code",
        )
    others = council.wards.exclude(pk=ward.pk) if ward else council.wards.all()
    if others.filter(gss_code=code).exists():
        raise ServiceError(_("Another ward already has the GSS code %s") % code, field="gss_code")
    return code


@transaction.atomic
def ward_create(*, by: User, name: str, gss_code: str = "") -> Ward:
    """Add a ward to the council."""
    require_council_settings(by)
    council = the_council()
    name = _clean_name(name, what=_("ward"))
    _refuse_duplicate(council.wards, name, _('There is already a ward called "%(name)s"'))
    ward = Ward.objects.create(
        council=council, name=name, gss_code=_clean_gss_code(gss_code, council=council)
    )
    _audit_change(by=by, obj=ward, action="config.added", gss_code=ward.gss_code)
    return ward


@transaction.atomic
def ward_update(*, ward: Ward, by: User, name: str, gss_code: str = "") -> list[str]:
    """Rename a ward or correct its GSS code. Returns the fields changed."""
    require_council_settings(by)
    ward = Ward.objects.select_for_update().get(pk=ward.pk)
    name = _clean_name(name, what=_("ward"))
    _refuse_duplicate(
        ward.council.wards.exclude(pk=ward.pk), name, _('There is already a ward called "%(name)s"')
    )
    before = {"name": ward.name, "gss_code": ward.gss_code}
    code = _clean_gss_code(gss_code, council=ward.council, ward=ward)
    changed = fields_set(obj=ward, name=name, gss_code=code)
    if changed:
        _audit_change(by=by, obj=ward, action="config.changed", before=before, changed=changed)
    return changed


@transaction.atomic
def directorate_create(*, by: User, name: str) -> Directorate:
    """Add a directorate, a group of departments under one director."""
    require_council_settings(by)
    council = the_council()
    name = _clean_name(name, what=_("directorate"))
    _refuse_duplicate(
        council.directorates, name, _('There is already a directorate called "%(name)s"')
    )
    directorate = Directorate.objects.create(council=council, name=name)
    _audit_change(by=by, obj=directorate, action="config.added")
    return directorate


@transaction.atomic
def directorate_update(*, directorate: Directorate, by: User, name: str) -> list[str]:
    """Rename a directorate. Returns the fields changed."""
    require_council_settings(by)
    directorate = Directorate.objects.select_for_update().get(pk=directorate.pk)
    name = _clean_name(name, what=_("directorate"))
    _refuse_duplicate(
        directorate.council.directorates.exclude(pk=directorate.pk),
        name,
        _('There is already a directorate called "%(name)s"'),
    )
    before = {"name": directorate.name}
    changed = fields_set(obj=directorate, name=name)
    if changed:
        _audit_change(by=by, obj=directorate, action="config.changed", before=before)
    return changed


def directorate_in_use(*, directorate: Directorate) -> list[str]:
    """Why the directorate cannot be deleted, in words; empty when nothing depends on it."""
    reasons = []
    departments = directorate.departments.count()
    if departments:
        reasons.append(_("%(n)s department(s) belong to it: move them first") % {"n": departments})
    rules = directorate.charter_rules.count()
    if rules:
        reasons.append(_("it has %(n)s set(s) of charter terms: remove them first") % {"n": rules})
    return reasons


@transaction.atomic
def directorate_delete(*, directorate: Directorate, by: User) -> None:
    """Delete a directorate that nothing depends on."""
    require_council_settings(by)
    directorate = Directorate.objects.select_for_update().get(pk=directorate.pk)
    _refuse_if(
        directorate_in_use(directorate=directorate),
        _("%(name)s cannot be deleted: %(reasons)s."),
        name=directorate.name,
    )
    _delete(directorate, by=by)


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
    name = _clean_name(name, what=_("department"))
    _refuse_duplicate(
        council.departments, name, _('There is already a department called "%(name)s"')
    )
    department = Department.objects.create(
        council=council,
        name=name,
        directorate=_check_directorate(directorate, council),
        head=_check_head(head),
    )
    _audit_change(
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
    name = _clean_name(name, what=_("department"))
    _refuse_duplicate(
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
        _audit_change(
            by=by, obj=department, action="config.changed", before=before, changed=changed
        )
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
        _refuse_if(
            department_open_work(department=department),
            _("%(name)s cannot be switched off: %(reasons)s."),
            name=department.name,
        )
    return _switch(department, by=by, active=active)


@transaction.atomic
def department_delete(*, department: Department, by: User) -> None:
    """Delete a department that nothing depends on (one added by mistake)."""
    require_council_settings(by)
    department = Department.objects.select_for_update().get(pk=department.pk)
    _refuse_if(
        department_in_use(department=department),
        _("%(name)s cannot be deleted: %(reasons)s. Switch it off instead."),
        name=department.name,
    )
    _delete(department, by=by)


def _check_department(department: Department | None, council: Council) -> Department:
    if department is None or department.council_id != council.pk:
        raise ServiceError(_("Choose the department that deals with it"), field="department")
    return department


def _refuse_duplicate_service(
    department: Department, name: str, service: Service | None = None
) -> None:
    others = department.services.exclude(pk=service.pk) if service else department.services
    _refuse_duplicate(
        others.all(),
        name,
        _('%(department)s already has a service called "%(name)s"'),
        department=department.name,
    )


@transaction.atomic
def service_create(*, by: User, department: Department, name: str) -> Service:
    """Add a service to the glossary, under the department that deals with it."""
    require_council_settings(by)
    department = _check_department(department, the_council())
    name = _clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name)
    service = Service.objects.create(department=department, name=name)
    _audit_change(by=by, obj=service, action="config.added", department=department.name)
    return service


@transaction.atomic
def service_update(*, service: Service, by: User, department: Department, name: str) -> list[str]:
    """Rename a service or move it to another department. Cases keep their service."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    department = _check_department(department, the_council())
    name = _clean_name(name, what=_("service"))
    _refuse_duplicate_service(department, name, service)
    before = {"name": service.name, "department": service.department.name}
    changed = fields_set(obj=service, name=name, department=department)
    if changed:
        _audit_change(by=by, obj=service, action="config.changed", before=before, changed=changed)
    return changed


@transaction.atomic
def service_set_active(*, service: Service, by: User, active: bool) -> bool:
    """Retire a service (no longer offered when logging a case; its cases keep it) or offer
    it again. Returns whether it changed."""
    require_council_settings(by)
    service = Service.objects.select_for_update().get(pk=service.pk)
    return _switch(service, by=by, active=active)


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
    _delete(service, by=by, department=service.department.name)
