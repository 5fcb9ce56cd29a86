"""Which parts of a case's text a searcher may match and see.

The cases themselves are narrowed by `visible_cases`; this narrows the text inside them,
following the case page: internal notes are for council staff (`can_see_internal`), and
contact details (name, address, postcode) follow `can_see_contact_details`, as SQL.
"""

from django.db.models import Q

from wardcase.accounts.cover import covered_councillor_ids
from wardcase.accounts.models import Role

STAFF_ROLES = {Role.COORDINATOR, Role.OFFICER, Role.HEAD_OF_SERVICE}


def sees_internal(user):
    """Staff read internal notes; the councillor's side never does."""
    return user.role in STAFF_ROLES


def sees_most_cases(user):
    """Coordinators see every unrestricted case; everyone else sees a slice (their own,
    their councillors', their department's)."""
    return user.role == Role.COORDINATOR


def base_columns(user):
    """The columns the user may match on every case they can see, best first."""
    columns = ["title", "body", "timeline"]
    if sees_internal(user):
        columns.append("internal")
    return columns


def contact_visible_q(user):
    """Cases on which the user may match the constituent's contact details.

    Mirrors `can_see_contact_details`: on a restricted case only the owner's side and the
    lead officer; officers and heads of service only where the constituent consented.
    """
    owner_side = (
        Q(owner=user)
        | Q(owner__in=covered_councillor_ids(user))
        | Q(owner__in=user.acts_for.values("pk"))
    )
    allowed = Q(restricted=False) | Q(lead_officer=user) | owner_side
    if user.role in {Role.OFFICER, Role.HEAD_OF_SERVICE}:
        allowed &= Q(consent_share_officers=True)
    return allowed
