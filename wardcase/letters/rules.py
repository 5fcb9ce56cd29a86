"""Registered with django-rules so templates can ask `perms.letters.generate_letter`."""

import rules

from wardcase.letters.permissions import can_generate_letter

rules.add_perm("letters.generate_letter", can_generate_letter)
