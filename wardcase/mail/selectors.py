"""Mail's reads, always given the user: the draft cases made from forwarded emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from wardcase.core.errors import NotFound
from wardcase.mail.models_inbound import DraftCase

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from wardcase.accounts.models import User


def visible_drafts(*, user: User) -> QuerySet[DraftCase]:
    """Drafts the user forwarded, or made for a councillor they act for."""
    drafts: QuerySet[DraftCase] = DraftCase.objects.restrict(user, "view")
    return drafts


def draft_get(*, user: User, pk: int, pending: bool = True) -> DraftCase:
    """One of the user's drafts (only a pending one unless `pending` is False); NotFound
    for anyone else's."""
    queryset = visible_drafts(user=user).select_related("owner", "forwarded_by", "follows")
    if pending:
        queryset = queryset.filter(state=DraftCase.State.PENDING)
    draft = queryset.filter(pk=pk).first()
    if draft is None:
        raise NotFound(_("No such draft case."))
    return draft
