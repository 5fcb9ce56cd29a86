"""Holiday cover: a councillor names a deputy to act for them between two dates.

Reads compare today's date with the period, so cover starts and ends by itself; the rules
read a deputy's cover with the rest of their grants (`wardcase.permissions.grants`).
Writes are services like every other: checked, audited, one transaction.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import Cover, Role, User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.core.memo import memo_expire_all

DEPUTY_ROLES = {Role.COUNCILLOR, Role.CASEWORKER}


def active_covers(*, on=None):
    """Cover in force on a date (today by default)."""
    on = on or timezone.localdate()
    return Cover.objects.filter(starts_on__lte=on, ends_on__gte=on)


def cover_deputy_choices(*, councillor):
    """Who a councillor may name: other active councillors and caseworkers."""
    return (
        User.objects.filter(role__in=DEPUTY_ROLES, is_active=True)
        .exclude(pk=councillor.pk)
        .order_by("name")
    )


def covers_of(*, councillor):
    """A councillor's cover, current and future first; ended cover after."""
    return Cover.objects.filter(councillor=councillor).select_related("deputy")


@transaction.atomic
def cover_create(*, by, councillor, deputy, starts_on, ends_on, reason=""):
    """Name `deputy` to act for `councillor` from `starts_on` to `ends_on`, both included."""
    if by.pk != councillor.pk or councillor.role != Role.COUNCILLOR:
        raise ActionNotAllowed(_("Only a councillor can arrange cover for themselves."))
    if (
        deputy is None
        or not cover_deputy_choices(councillor=councillor).filter(pk=deputy.pk).exists()
    ):
        raise ServiceError(_("Choose a councillor or caseworker to cover for you"), field="deputy")
    if starts_on is None:
        raise ServiceError(_("Enter the first day of cover"), field="starts_on")
    if ends_on is None:
        raise ServiceError(_("Enter the last day of cover"), field="ends_on")
    if ends_on < starts_on:
        raise ServiceError(_("The last day must be on or after the first day"), field="ends_on")
    if ends_on < timezone.localdate():
        raise ServiceError(_("The last day must be today or later"), field="ends_on")
    cover = Cover.objects.create(
        councillor=councillor,
        deputy=deputy,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=(reason or "").strip(),
        created_by=by,
    )
    memo_expire_all()  # what the deputy holds changed: the rules read it again
    audit_record(
        actor=by,
        action="cover.created",
        obj=cover,
        deputy=deputy.pk,
        starts_on=str(starts_on),
        ends_on=str(ends_on),
    )
    return cover


@transaction.atomic
def cover_end(*, by, cover):
    """End cover now: it stops at the end of yesterday, or is withdrawn if not yet started."""
    cover = Cover.objects.select_for_update().get(pk=cover.pk)
    if by.pk != cover.councillor_id:
        raise ActionNotAllowed(_("Only the councillor who arranged cover can end it."))
    today = timezone.localdate()
    if cover.ends_on < today:
        raise ServiceError(_("This cover has already ended"))
    audit_record(actor=by, action="cover.ended", obj=cover, deputy=cover.deputy_id)
    memo_expire_all()
    if cover.starts_on >= today:
        cover.delete()
        return None
    cover.ends_on = today - timedelta(days=1)
    cover.save(update_fields=["ends_on"])
    return cover
