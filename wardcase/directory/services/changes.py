"""The administrator's changes to wards and directorates (the Council settings pages),
and the checks every change shares; departments and services are in `departments`."""

from typing import Any

from django.db import transaction
from django.db.models import Manager, Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from wardcase.accounts.models import User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.directory.council_spec import GSS_CODE, GSS_NATION_LETTER
from wardcase.directory.models import (
    MAX_FOLLOW_UP_WORKING_DAYS,
    Council,
    Department,
    Directorate,
    Service,
)
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


@transaction.atomic
def council_follow_up_set(*, by: User, days: int) -> Council:
    """Set the follow-up window: how many working days after closing an emailed reply
    still lands on a case (after it, the reply becomes a draft new case)."""
    require_council_settings(by)
    if not isinstance(days, int) or not 1 <= days <= MAX_FOLLOW_UP_WORKING_DAYS:
        raise ServiceError(
            _("Enter a number of working days from 1 to %(high)s")
            % {"high": MAX_FOLLOW_UP_WORKING_DAYS},
            field="days",
        )
    council = Council.objects.select_for_update().get(pk=the_council().pk)
    before = council.follow_up_working_days
    if before != days:
        council.follow_up_working_days = days
        council.save(update_fields=["follow_up_working_days"])
        audit_change(
            by=by,
            obj=council,
            action="config.changed",
            before={"follow_up_working_days": before},
            follow_up_working_days=days,
        )
    return council


def clean_name(name: object, *, what: str | Promise, field: str = "name") -> str:
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


def refuse_duplicate(
    queryset: QuerySet[Any] | Manager[Any], name: str, message: str, **names: object
) -> None:
    if queryset.filter(name__iexact=name).exists():
        raise ServiceError(message % {"name": name, **names}, field="name")


def audit_change(
    *, by: User, obj: Model, action: str, before: object = None, **detail: Any
) -> None:
    """The audit entry of a settings change: what it was and what it is now."""
    if before is not None:
        detail["before"] = before
    audit_record(actor=by, action=action, obj=obj, name=str(obj), **detail)


def refuse_if(reasons: list[str], message: str, *, name: object) -> None:
    """Refuse with every reason at once, so the administrator can fix them all."""
    if reasons:
        raise ServiceError(message % {"name": name, "reasons": "; ".join(reasons)})


def delete_recorded(obj: Model, *, by: User, **detail: Any) -> None:
    audit_change(by=by, obj=obj, action="config.deleted", **detail)
    obj.delete()


def switch_active(obj: Department | Service, *, by: User, active: bool) -> bool:
    """Switch `obj.active`; audited. Returns whether it changed."""
    if obj.active == active:
        return False
    obj.active = active
    obj.save(update_fields=["active"])
    audit_change(by=by, obj=obj, action="config.changed", active=active)
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
    name = clean_name(name, what=_("ward"))
    refuse_duplicate(council.wards, name, _('There is already a ward called "%(name)s"'))
    ward = Ward.objects.create(
        council=council, name=name, gss_code=_clean_gss_code(gss_code, council=council)
    )
    audit_change(by=by, obj=ward, action="config.added", gss_code=ward.gss_code)
    return ward


@transaction.atomic
def ward_update(*, ward: Ward, by: User, name: str, gss_code: str = "") -> list[str]:
    """Rename a ward or correct its GSS code. Returns the fields changed."""
    require_council_settings(by)
    ward = Ward.objects.select_for_update().get(pk=ward.pk)
    name = clean_name(name, what=_("ward"))
    refuse_duplicate(
        ward.council.wards.exclude(pk=ward.pk), name, _('There is already a ward called "%(name)s"')
    )
    before = {"name": ward.name, "gss_code": ward.gss_code}
    code = _clean_gss_code(gss_code, council=ward.council, ward=ward)
    changed = fields_set(obj=ward, name=name, gss_code=code)
    if changed:
        audit_change(by=by, obj=ward, action="config.changed", before=before, changed=changed)
    return changed


@transaction.atomic
def directorate_create(*, by: User, name: str) -> Directorate:
    """Add a directorate, a group of departments under one director."""
    require_council_settings(by)
    council = the_council()
    name = clean_name(name, what=_("directorate"))
    refuse_duplicate(
        council.directorates, name, _('There is already a directorate called "%(name)s"')
    )
    directorate = Directorate.objects.create(council=council, name=name)
    audit_change(by=by, obj=directorate, action="config.added")
    return directorate


@transaction.atomic
def directorate_update(*, directorate: Directorate, by: User, name: str) -> list[str]:
    """Rename a directorate. Returns the fields changed."""
    require_council_settings(by)
    directorate = Directorate.objects.select_for_update().get(pk=directorate.pk)
    name = clean_name(name, what=_("directorate"))
    refuse_duplicate(
        directorate.council.directorates.exclude(pk=directorate.pk),
        name,
        _('There is already a directorate called "%(name)s"'),
    )
    before = {"name": directorate.name}
    changed = fields_set(obj=directorate, name=name)
    if changed:
        audit_change(by=by, obj=directorate, action="config.changed", before=before)
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
    refuse_if(
        directorate_in_use(directorate=directorate),
        _("%(name)s cannot be deleted: %(reasons)s."),
        name=directorate.name,
    )
    delete_recorded(directorate, by=by)
