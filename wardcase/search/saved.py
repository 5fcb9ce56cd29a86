"""Saved searches: writes and reads, always of the user's own."""

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from wardcase.core.errors import NotFound, ServiceError
from wardcase.search.forms import FILTER_NAMES
from wardcase.search.models import SavedSearch

DATE_PARTS = ("_day", "_month", "_year")


def clean_querystring(querystring):
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
def saved_search_create(*, user, name, querystring):
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
def saved_search_delete(*, user, saved_search_id):
    """Delete one of the user's saved searches; anyone else's is NotFound."""
    mine = SavedSearch.objects.restrict(user, "delete")
    deleted, _detail = mine.filter(pk=saved_search_id).delete()
    if not deleted:
        raise NotFound(_("No such saved search."))


def saved_searches(*, user):
    """The user's own saved searches, by name."""
    return SavedSearch.objects.restrict(user, "view").order_by("name", "pk")
