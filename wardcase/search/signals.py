"""Receivers that keep the search index current whenever a case, an entry on its timeline
or its constituent is saved.

Why signals, against the house rule of "no logic in signals": many services in several
apps write cases and timelines (intake, routing, closure, mail, letters, sharing,
duplicates), and an explicit call in each would be forgotten in the next one. The receiver
does no business logic: it only re-derives the index inside the same transaction, so the
index can never disagree with committed data. Bulk `QuerySet.update()` sends no signal: code
that rewrites text in bulk (retention's anonymising) calls `index_cases` itself, and
`search_reindex` rebuilds everything.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wardcase.cases.models import Case, CaseEvent
from wardcase.constituents.models import Constituent
from wardcase.search.indexing import index_case, index_cases_of_constituents


@receiver(post_save, sender=Case, dispatch_uid="search_index_case")
def _case_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_case(instance.pk)


@receiver(post_save, sender=CaseEvent, dispatch_uid="search_index_case_event")
def _event_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.body:
        index_case(instance.case_id)


@receiver(post_save, sender=Constituent, dispatch_uid="search_index_constituent")
def _constituent_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        index_cases_of_constituents([instance.pk])
