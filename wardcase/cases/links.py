"""Reads of linked cases. A link is stored once per pair; these read it both ways."""

from django.db.models import Q

from wardcase.cases.models import Case, CaseLink
from wardcase.core.memo import memo, memo_forget
from wardcase.permissions.visibility import visible_cases_q

_KEY = "linked_case_ids"


def linked_case_ids(case: Case) -> set[int]:
    """The ids of every case linked to `case`, whoever may see them.

    Read once per case object: the case page's links, same-person and same-issue panels
    all ask. Linking and unlinking forget it (`linked_case_ids_forget`)."""
    return memo(case, _KEY, lambda: _read_linked_case_ids(case))


def linked_case_ids_forget(*cases: Case | None) -> None:
    for case in cases:
        if case is not None:
            memo_forget(case, _KEY)


def _read_linked_case_ids(case: Case) -> set[int]:
    pairs = CaseLink.objects.filter(Q(case_a=case) | Q(case_b=case)).values_list(
        "case_a_id", "case_b_id"
    )
    return {a if b == case.pk else b for a, b in pairs}


def linked_cases(*, user, case):
    """(cases linked to `case` that the user may see, how many others there are).

    The viewer learns only the number of linked cases they may not open, nothing else.
    """
    ids = linked_case_ids(case)
    if not ids:
        return [], 0
    shown = list(
        Case.objects.filter(visible_cases_q(user), pk__in=ids)
        .select_related("owner")
        .order_by("created_at")
    )
    return shown, len(ids) - len(shown)
