"""Clusters for coordinators: groups of linked cases, and likely duplicates not yet linked.

Both stay within what the coordinator may see. Linked groups are the connected parts of
the link graph (one query for the pairs, grouped in Python); likely duplicates are open,
recent cases on the same service for the same postcode, grouped in SQL.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from wardcase.cases.choices import Status
from wardcase.cases.models import Case, CaseLink
from wardcase.permissions.visibility import visible_cases_q


def _visible_ids(user):
    return Case.objects.filter(visible_cases_q(user)).values("pk")


def linked_groups(*, user):
    """Lists of case ids, each a group of cases joined by links, biggest and newest first."""
    visible = _visible_ids(user)
    pairs = CaseLink.objects.filter(case_a__in=visible, case_b__in=visible).values_list(
        "case_a_id", "case_b_id"
    )
    parent = {}

    def root(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), -max(g)))


def likely_duplicate_groups(*, user):
    """(service id, postcode) pairs with two or more open recent cases, most first."""
    since = timezone.now() - timedelta(days=settings.WARDCASE_DUPLICATE_WINDOW_DAYS)
    return list(
        Case.objects.filter(visible_cases_q(user), created_at__gte=since)
        .exclude(status=Status.CLOSED)
        .filter(constituent__isnull=False)  # an own query has no postcode to group by
        .exclude(constituent__postcode="")
        .values("service_id", "constituent__postcode")
        .annotate(size=Count("pk"))
        .filter(size__gte=2)
        .order_by("-size", "constituent__postcode", "service_id")
    )


def cases_for_groups(*, user, groups):
    """The cases of one page of linked groups, in one query, as lists in group order."""
    ids = [pk for group in groups for pk in group]
    cases = Case.objects.filter(visible_cases_q(user), pk__in=ids).select_related(
        "owner", "service", "ward"
    )
    by_id = {case.pk: case for case in cases}
    return [[by_id[pk] for pk in group if pk in by_id] for group in groups]


def cases_for_duplicate_groups(*, user, groups):
    """The cases of one page of likely-duplicate groups, in one query."""
    if not groups:
        return []
    match = Q(pk__in=[])
    for group in groups:
        match |= Q(
            service_id=group["service_id"], constituent__postcode=group["constituent__postcode"]
        )
    since = timezone.now() - timedelta(days=settings.WARDCASE_DUPLICATE_WINDOW_DAYS)
    cases = (
        Case.objects.filter(visible_cases_q(user), match, created_at__gte=since)
        .exclude(status=Status.CLOSED)
        .select_related("owner", "service", "ward", "constituent")
        .order_by("created_at")
    )
    keyed = {}
    for case in cases:
        keyed.setdefault((case.service_id, case.constituent.postcode), []).append(case)
    return [keyed.get((g["service_id"], g["constituent__postcode"]), []) for g in groups]
