"""Writes to the charter's configuration: the council's terms, the overrides per
directorate, department or case type, and the council's closure days.

Each checks the user may configure the council, writes an audit entry, and on commit
sends `charter_changed`, on which cases rebuilds open cases' clocks, so deadlines
follow the new terms.
"""

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.db.models import Field
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wardcase.accounts.models import User
from wardcase.audit.services import audit_record
from wardcase.charter.choices import CaseType
from wardcase.charter.models import CharterRule, ClosureDay
from wardcase.charter.signals import charter_changed
from wardcase.charter.sla import TERM_NAMES, CharterTerms
from wardcase.core.errors import ServiceError
from wardcase.directory.models import Department, Directorate
from wardcase.directory.permissions import require_council_settings

# The longest term each may be, so a slip (1000 weeks) is caught; 0 is allowed only for
# the reminder ("on the day").
TERM_LIMITS = {
    "acknowledge_days": (1, 250),
    "response_days": (1, 250),
    "update_weeks": (1, 52),
    "resolve_months": (1, 36),
    "remind_days_before": (0, 20),
    "escalate_after_days": (1, 60),
}
BUILT_IN_TERMS = CharterTerms()


def queue_clock_rebuild() -> None:
    """Open cases' clocks are worked out again once this transaction commits: the charter
    says so by `charter_changed`, and cases, which keeps the clocks, queues the rebuild."""
    transaction.on_commit(lambda: charter_changed.send(sender=CharterRule))


def _term_label(name: str) -> str:
    field = CharterRule._meta.get_field(name)
    return str(field.verbose_name if isinstance(field, Field) else name).capitalize()


def _clean_terms(terms: Mapping[str, object]) -> dict[str, int | None]:
    unknown = set(terms) - set(TERM_NAMES)
    if unknown:
        raise ServiceError(_("Unknown charter term: %s") % ", ".join(sorted(unknown)))
    values: dict[str, int | None] = {}
    for name in TERM_NAMES:
        value = terms.get(name)
        if value is not None:
            low, high = TERM_LIMITS[name]
            if not isinstance(value, int) or not low <= value <= high:
                raise ServiceError(
                    _("%(label)s must be a whole number from %(low)s to %(high)s")
                    % {"label": _term_label(name), "low": low, "high": high},
                    field=name,
                )
            values[name] = value
        else:
            values[name] = None
    if all(v is None for v in values.values()):
        raise ServiceError(
            _("Enter at least one term: blank terms follow the less specific rule"),
            field=TERM_NAMES[0],
        )
    return values


def _scope_taken(
    *, directorate: Directorate | None, department: Department | None, case_type: str
) -> bool:
    return CharterRule.objects.filter(
        directorate=directorate, department=department, case_type=case_type
    ).exists()


@transaction.atomic
def charter_rule_create(
    *,
    by: User,
    directorate: Directorate | None = None,
    department: Department | None = None,
    case_type: str = "",
    terms: Mapping[str, object],
) -> CharterRule:
    """Set charter terms for the whole council (no directorate, department or case type),
    or override them for a directorate or a department, optionally for one case type."""
    require_council_settings(by)
    if directorate is not None and department is not None:
        raise ServiceError(_("Choose a department or a directorate, not both."), field="scope")
    if case_type and case_type not in CaseType.values:
        raise ServiceError(_("Choose a case type from the list"), field="case_type")
    values = _clean_terms(terms)
    if _scope_taken(directorate=directorate, department=department, case_type=case_type):
        raise ServiceError(
            _("There are already terms for this; change those instead."), field="scope"
        )
    rule = CharterRule.objects.create(
        directorate=directorate, department=department, case_type=case_type, **values
    )
    audit_record(actor=by, action="config.added", obj=rule, name=str(rule), terms=values)
    queue_clock_rebuild()
    return rule


@transaction.atomic
def charter_rule_update(*, rule: CharterRule, by: User, terms: Mapping[str, object]) -> list[str]:
    """Change a rule's terms (its scope stays: remove it and add another to move it).
    Returns the terms changed."""
    require_council_settings(by)
    rule = CharterRule.objects.select_for_update().get(pk=rule.pk)
    values = _clean_terms(terms)
    before = {name: getattr(rule, name) for name in TERM_NAMES}
    changed = [name for name in TERM_NAMES if before[name] != values[name]]
    if changed:
        for name in changed:
            setattr(rule, name, values[name])
        rule.save(update_fields=changed)
        audit_record(
            actor=by,
            action="config.changed",
            obj=rule,
            name=str(rule),
            before={name: before[name] for name in changed},
            terms={name: values[name] for name in changed},
        )
        queue_clock_rebuild()
    return changed


@transaction.atomic
def charter_rule_delete(*, rule: CharterRule, by: User) -> None:
    """Remove a rule: what it set falls back to the less specific rules."""
    require_council_settings(by)
    rule = CharterRule.objects.select_for_update().get(pk=rule.pk)
    audit_record(
        actor=by,
        action="config.deleted",
        obj=rule,
        name=str(rule),
        terms={name: getattr(rule, name) for name in TERM_NAMES},
    )
    rule.delete()
    queue_clock_rebuild()


@transaction.atomic
def closure_day_add(*, by: User, day: date | None, name: str | None) -> ClosureDay:
    """Add a day the council is closed (besides bank holidays): not a working day."""
    require_council_settings(by)
    name = " ".join(str(name or "").split())
    if day is None:
        raise ServiceError(_("Enter the date the council is closed"), field="day")
    if not name:
        raise ServiceError(_("Enter what the closure is for"), field="name")
    max_length = ClosureDay._meta.get_field("name").max_length
    if max_length is not None and len(name) > max_length:
        raise ServiceError(_("The name must be 100 characters or fewer"), field="name")
    existing = ClosureDay.objects.filter(day=day).first()
    if existing is not None:
        raise ServiceError(
            _("%(day)s is already a closure day (%(name)s)")
            % {"day": date_format(day, "j F Y"), "name": existing.name},
            field="day",
        )
    closure = ClosureDay.objects.create(day=day, name=name)
    audit_record(actor=by, action="config.added", obj=closure, name=str(closure))
    queue_clock_rebuild()
    return closure


@transaction.atomic
def closure_day_remove(*, closure_day: ClosureDay, by: User) -> None:
    """Make a closure day a working day again."""
    require_council_settings(by)
    closure_day = ClosureDay.objects.select_for_update().get(pk=closure_day.pk)
    audit_record(actor=by, action="config.deleted", obj=closure_day, name=str(closure_day))
    closure_day.delete()
    queue_clock_rebuild()
