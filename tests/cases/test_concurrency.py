"""Two people acting at once: references stay unique and a case is closed only once."""

import threading

import pytest
from django.db import connection

from tests import factories
from wardcase.cases import services
from wardcase.cases.choices import EventKind
from wardcase.cases.models import Case
from wardcase.core.errors import ActionNotAllowed

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(functions):
    """Run each function in its own thread and connection, started together."""
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def runner(function):
        try:
            barrier.wait()
            results.append(function())
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_references_are_unique_when_logged_at_once():
    """Eight cases logged at the same moment get eight different, consecutive numbers."""
    councillor = factories.CouncillorFactory()
    service = factories.ServiceFactory()

    def log():
        return services.case_create(
            by=councillor,
            owner=councillor,
            subject="Bins not collected",
            description="Missed again",
            service=service,
            constituent={"name": "Hal Resident"},
        ).reference

    references, errors = run_together([log] * 8)
    assert errors == []
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(numbers[0], numbers[0] + 8))


def test_a_case_is_closed_once_when_two_close_it_at_once():
    """The councillor and their caseworker close together: one wins, the other is told."""
    councillor = factories.CouncillorFactory()
    caseworker = factories.CaseworkerFactory()
    caseworker.acts_for.add(councillor)
    case = services.case_create(
        by=councillor,
        owner=councillor,
        subject="Graffiti",
        description="On the underpass",
        service=factories.ServiceFactory(),
        constituent={"name": "Ivy Resident"},
    )
    results, errors = run_together(
        [
            lambda: services.case_close(case=case, by=councillor, outcome="resolved"),
            lambda: services.case_close(
                case=case, by=caseworker, outcome="withdrawn", authority="By phone"
            ),
        ]
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ActionNotAllowed)
    assert Case.objects.get(pk=case.pk).events.filter(kind=EventKind.CLOSED).count() == 1
