"""The search index of cases and the searches people save."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wardcase.core.querysets import RestrictedManager


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
