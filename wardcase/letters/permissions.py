"""Who may write letters from a case: the councillor's side, as it speaks for them."""

import rules

from wardcase.cases.permissions import acts_for_owner


@rules.predicate
def can_generate_letter(user, case):
    return user.is_authenticated and acts_for_owner(user, case)
