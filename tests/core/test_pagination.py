"""Pages of a list: the ids first, then only those rows, in the list's own order."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from tests.factories import CaseFactory, CouncillorFactory
from wardcase.cases.models import Case
from wardcase.cases.views import dashboard
from wardcase.core.pagination import IdsFirstPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases():
    owner = CouncillorFactory()
    made = CaseFactory.create_batch(7, owner=owner, service__name="Potholes")
    for index, case in enumerate(made):  # an order that is neither pk nor creation
        Case.objects.filter(pk=case.pk).update(subject=f"{(index * 3) % 7} problem")
    return Case.objects.filter(owner=owner)


def _listing(queryset):
    return (
        queryset.select_related("service", "owner")
        .annotate(label=Concat(F("subject"), Value(" / "), F("reference")))
        .order_by("-subject", "pk")
    )


def test_each_page_holds_the_same_rows_in_the_same_order_as_djangos(cases):
    listing = _listing(cases)
    ours, djangos = IdsFirstPaginator(listing, 3), Paginator(listing, 3)
    assert ours.num_pages == djangos.num_pages == 3
    for number in ours.page_range:
        got = list(ours.page(number).object_list)
        expected = list(djangos.page(number).object_list)
        assert [case.pk for case in got] == [case.pk for case in expected]
        assert [case.label for case in got] == [case.label for case in expected]
        assert got[0].service.name == "Potholes"


def test_a_page_is_two_reads_whatever_its_size(cases):
    paginator = IdsFirstPaginator(_listing(cases), 3)
    paginator.count  # noqa: B018 - counted apart, as every paginator does
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(2).object_list)
    assert len(rows) == 3
    assert len(queries) == 2
    assert "JOIN" not in queries[0]["sql"].upper()  # the ids: one table, nothing joined


def test_a_capped_count_stops_counting_and_paging_at_the_cap(cases):
    paginator = IdsFirstPaginator(_listing(cases), 2, cap=5)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 6  # "more than 5": counted no further
    assert "LIMIT" in queries[0]["sql"].upper()
    assert paginator.capped
    assert paginator.num_pages == 3
    last = paginator.page(3)
    assert len(last.object_list) == 1 and not last.has_next()
    # Under the cap the count is exact.
    exact = IdsFirstPaginator(_listing(cases), 2, cap=7)
    assert exact.count == 7 and not exact.capped and exact.num_pages == 4


def test_the_home_page_says_more_than_the_cap(client, world, monkeypatch):
    for _ in range(2):
        CaseFactory(owner=world.councillor, service=world.service)
    monkeypatch.setattr(dashboard, "COUNT_CAP", 2)
    client.force_login(world.councillor)
    page = client.get("/").content.decode()
    assert "More than 2 cases: the first 2 are listed" in page
