"""Sharing a case with named people, and ending a share."""

import pytest

from tests import factories
from tests.conftest import assign
from wardcase.audit.models import AuditEntry
from wardcase.cases import selectors
from wardcase.cases.choices import EventKind
from wardcase.cases.services.sharing import case_share, case_unshare
from wardcase.core.errors import ActionNotAllowed, ServiceError
from wardcase.permissions.case_actions import can_close, can_edit_details, can_officer_respond


def sees(user, case):
    return selectors.visible_cases(user=user).filter(pk=case.pk).exists()


def test_councillor_shares_with_a_colleague_who_then_sees_it_read_only(world):
    """A shared councillor sees the case but cannot edit, message, or close it."""
    assert not sees(world.other_councillor, world.case)
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="Cover")
    assert sees(world.other_councillor, world.case)
    assert not can_edit_details(world.other_councillor, world.case)
    assert not can_close(world.other_councillor, world.case)
    event = world.case.events.get(kind=EventKind.SHARED)
    assert event.body == "Cover" and event.author == world.councillor
    assert AuditEntry.objects.filter(action="case.shared", case=world.case).exists()


def test_revoking_a_share_ends_access_at_once(world):
    """After unsharing, the colleague sees nothing of the case; the timeline records both."""
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="Cover")
    case_unshare(case=world.case, by=world.councillor, user=world.other_councillor)
    assert not sees(world.other_councillor, world.case)
    kinds = list(world.case.events.values_list("kind", flat=True))
    assert EventKind.SHARED in kinds and EventKind.UNSHARED in kinds
    share = world.case.shares.get()
    assert share.revoked_by == world.councillor and share.revoked_at is not None
    assert AuditEntry.objects.filter(action="case.unshared", case=world.case).exists()


def test_shared_officer_works_on_the_case_like_an_additional_officer(world):
    """An officer from another department, once shared in, sees and answers the case."""
    case = assign(world)
    assert not sees(world.other_officer, case)
    case_share(case=case, by=world.caseworker, user=world.other_officer, reason="Housing")
    assert sees(world.other_officer, case)
    assert can_officer_respond(world.other_officer, case)


@pytest.mark.parametrize("who", ["other_councillor", "officer", "coordinator", "administrator"])
def test_only_the_owners_side_can_share(world, who):
    """Anyone but the owner or their caseworker is refused."""
    with pytest.raises(ActionNotAllowed):
        case_share(case=world.case, by=getattr(world, who), user=world.other_officer, reason="x")
    assert not world.case.shares.exists()


def test_share_needs_a_reason_a_real_person_and_no_duplicate(world):
    """Bad input is a clear error naming the field, and nothing is stored."""
    with pytest.raises(ServiceError) as missing_reason:
        case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason=" ")
    assert missing_reason.value.field == "reason"
    with pytest.raises(ServiceError) as admin:
        case_share(case=world.case, by=world.councillor, user=world.administrator, reason="x")
    assert admin.value.field == "user"
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="x")
    with pytest.raises(ServiceError) as twice:
        case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="x")
    assert twice.value.field == "user"
    assert world.case.shares.count() == 1


def test_unsharing_someone_not_shared_is_an_error(world):
    """Ending a share that does not exist says so."""
    with pytest.raises(ServiceError):
        case_unshare(case=world.case, by=world.councillor, user=world.other_councillor)


def test_sharing_again_after_revoking_is_allowed(world):
    """A revoked share does not block sharing again; the history keeps both rows."""
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="a")
    case_unshare(case=world.case, by=world.councillor, user=world.other_councillor)
    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="b")
    assert world.case.shares.count() == 2
    assert sees(world.other_councillor, world.case)


def test_shared_user_is_told(world):
    """The person a case is shared with gets an email."""
    from wardcase.mail.models import OutboxMessage

    case_share(case=world.case, by=world.councillor, user=world.other_councillor, reason="x")
    assert OutboxMessage.objects.filter(recipient=world.other_councillor).exists()


def test_visible_cases_is_one_query_with_shares(world, django_assert_num_queries):
    """Visibility with shares and cover is one SQL query, after the user's grants (read
    once per request, and not again for a second list)."""
    colleague = factories.CouncillorFactory(ward=world.ward)
    case_share(case=world.case, by=world.councillor, user=colleague, reason="x")
    with django_assert_num_queries(2):
        assert list(selectors.visible_cases(user=colleague)) == [world.case]
    with django_assert_num_queries(1):
        assert list(selectors.visible_cases(user=colleague)) == [world.case]
