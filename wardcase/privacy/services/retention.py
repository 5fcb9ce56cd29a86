"""Setting the council's retention period: how long closed cases keep personal data."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wardcase.accounts.models import User
from wardcase.audit.services import audit_record
from wardcase.core.errors import ServiceError
from wardcase.directory.permissions import require_council_settings
from wardcase.directory.services import the_council
from wardcase.privacy.models import RetentionPolicy
from wardcase.privacy.retention import cases_due_for_anonymising, retention_months

# Under a month would anonymise a case before a councillor could reopen it; over fifty
# years is a typing slip.
MIN_MONTHS, MAX_MONTHS = 1, 600


@transaction.atomic
def retention_policy_set(*, by: User, months: int) -> RetentionPolicy:
    """Set how many months after closure the retention sweep anonymises a case."""
    require_council_settings(by)
    if not isinstance(months, int) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ServiceError(
            _("Enter a number of months from %(low)s to %(high)s")
            % {"low": MIN_MONTHS, "high": MAX_MONTHS},
            field="months",
        )
    council = the_council()
    before = retention_months(council)
    policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
        council=council, defaults={"anonymise_after_months": months}
    )
    if policy.anonymise_after_months != months:
        policy.anonymise_after_months = months
        policy.save(update_fields=["anonymise_after_months"])
    if before != months or _created:
        audit_record(
            actor=by,
            action="config.changed",
            obj=policy,
            name=str(policy),
            before={"anonymise_after_months": before},
            anonymise_after_months=months,
        )
    return policy


def retention_due_now() -> int:
    """How many closed cases the next retention sweep would anonymise."""
    return cases_due_for_anonymising(at=timezone.now()).count()
