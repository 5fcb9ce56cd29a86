"""The search index of cases and the searches people save."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.querysets import RestrictedManager


class VisibilityKey(models.ForeignKey):
    """A copy of one of the case's foreign keys: no constraint or index of its own (the
    case holds both), no reverse accessor, and a 4-byte integer column. btree_gin (search
    migration 0005) compares only values of the column's own type, and Django writes an
    id as a plain integer literal: a `bigint` column would never reach the index."""

    def __init__(self, to, **kwargs):
        kwargs.update(
            on_delete=models.DO_NOTHING,
            null=True,
            db_constraint=False,
            db_index=False,
            related_name="+",
        )
        super().__init__(to, **kwargs)

    def db_type(self, connection):
        return "integer"


class SearchDocument(models.Model):
    """The searchable text of one case, split by who may read each part.

    Written only by `wardcase.search.indexing.index_cases` (set-based SQL). Internal notes
    and the constituent's contact details sit in their own columns so a search can leave
    them out for people who may not read them. The engines hang off this table: on SQLite
    an FTS5 table kept in step by triggers, on PostgreSQL one generated, weighted tsvector
    column with a GIN index, a weight label per column (both made by migrations, for
    their vendor only).
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField(blank=True, help_text=_("Reference and subject."))
    body = models.TextField(blank=True, help_text=_("Description and location."))
    contact = models.TextField(blank=True, help_text=_("Constituent name, address, postcode."))
    timeline = models.TextField(blank=True, help_text=_("Timeline entries everyone may read."))
    internal = models.TextField(blank=True, help_text=_("Internal notes: staff only."))
    indexed_at = models.DateTimeField(auto_now=True)
    # Copies of the case's columns that say who may see it and its contact details, under
    # the case's own names, so `visible_cases_q` and `contact_visible_q` filter documents
    # as they filter cases: a search finds its user's newest matches in this table alone,
    # through one index over the words and these keys (search migration 0005), and reads
    # a case only for the page shown. Written with the text by `index_cases` and, when the
    # case's columns change by any write (a bulk update too), by a database trigger.
    created_at = models.DateTimeField(null=True)
    owner = VisibilityKey(settings.AUTH_USER_MODEL)
    ward = VisibilityKey("places.Ward")
    department = VisibilityKey("directory.Department")
    lead_officer = VisibilityKey(settings.AUTH_USER_MODEL)
    restricted = models.BooleanField(default=False)
    consent_share_ward = models.BooleanField(default=False)
    consent_share_officers = models.BooleanField(default=True)

    def __str__(self):
        return f"Search document for case {self.case_id}"


class SavedSearch(models.Model):
    """A search a user named to run again. Only ever shown to the user who saved it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    querystring = models.CharField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_user_name_unique")
        ]

    def __str__(self):
        return self.name
