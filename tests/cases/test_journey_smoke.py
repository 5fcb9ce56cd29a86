"""The spine end to end through the services."""

from tests.conftest import assign
from wardcase.cases import services
from wardcase.cases.choices import EventKind, Status


def test_case_goes_from_logged_to_closed(world):
    """A case is logged, assigned, acknowledged, answered and closed by its councillor."""
    case = world.case
    assert case.reference.startswith("WC-")
    assert case.constituent.postcode == "TE1 1ST"
    case = assign(world)
    assert case.status == Status.ASSIGNED and case.acknowledge_due and case.response_due
    case = services.case_acknowledge(case=case, by=world.officer)
    services.case_add_event(case=case, by=world.officer, kind=EventKind.FULL_RESPONSE, body="Fixed")
    case = services.case_close(case=case, by=world.councillor, outcome="resolved")
    assert case.status == Status.CLOSED
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["created", "assigned", "acknowledged", "full_response", "closed"]
