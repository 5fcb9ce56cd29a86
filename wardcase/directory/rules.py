"""Registered with django-rules: as a permission for `user.has_perm`, and as a rule so the
menu asks the predicate itself (`test_rule`) without the model backend's permission queries."""

import rules

from wardcase.directory.permissions import can_configure_council

rules.add_perm("directory.configure_council", can_configure_council)
rules.add_rule("directory.configure_council", can_configure_council)
