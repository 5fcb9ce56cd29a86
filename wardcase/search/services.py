"""Saved searches: the writes, always of the user's own (the reads are in `selectors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from wardcase.core.errors import NotFound, ServiceError
from wardcase.search.forms import FILTER_NAMES
from wardcase.search.models import SavedSearch

if TYPE_CHECKING:
    from wardcase.accounts.models import User

DATE_PARTS = ("_day", "_month", "_year")


def clean_querystring(querystring: str | None) -> str:
    """Only the search's own fields (no page number, nothing else), re-encoded."""
    allowed = {"q", *FILTER_NAMES}
    allowed |= {f"{name}{part}" for name in ("created_from", "created_to") for part in DATE_PARTS}
    source = QueryDict(querystring or "")
    kept = QueryDict(mutable=True)
    for key in source:
        if key in allowed and source[key].strip():
            kept[key] = source[key].strip()
    return kept.urlencode()


@transaction.atomic
def saved_search_create(*, user: User, name: str | None, querystring: str | None) -> SavedSearch:
    """Save a search under a name the user has not used yet."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Enter a name for this search"), field="name")
    querystring = clean_querystring(querystring)
    if not querystring:
        raise ServiceError(_("Search for something before saving the search"), field="name")
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(user=user, name=name, querystring=querystring)
    except IntegrityError as exc:
        raise ServiceError(_("You already have a search with that name"), field="name") from exc


@transaction.atomic
def saved_search_delete(*, user: User, saved_search_id: int) -> None:
    """Delete one of the user's saved searches; anyone else's is NotFound."""
    mine = SavedSearch.objects.restrict(user, "delete")
    deleted, _detail = mine.filter(pk=saved_search_id).delete()
    if not deleted:
        raise NotFound(_("No such saved search."))
