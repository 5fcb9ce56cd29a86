"""Registered with django-rules so templates can ask `perms.directory.configure_council`."""

import rules

from wardcase.directory.permissions import can_configure_council

rules.add_perm("directory.configure_council", can_configure_council)
