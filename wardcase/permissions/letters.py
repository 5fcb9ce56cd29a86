"""Who may write letters from a case: the councillor's side, as it speaks for them."""

from typing import Any

import rules

from wardcase.permissions.visibility import acts_for_owner


@rules.predicate
def can_generate_letter(user: Any, case: Any) -> bool:
    return user.is_authenticated and acts_for_owner(user, case)
