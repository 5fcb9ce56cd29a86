"""Receivers of the signals of apps below cases, which may not import cases."""

from django.dispatch import receiver

from wardcase.cases.tasks import rebuild_open_case_clocks
from wardcase.charter.signals import charter_changed


@receiver(charter_changed, dispatch_uid="cases.rebuild_clocks_on_charter_changed")
def rebuild_clocks_on_charter_changed(**kwargs):
    """The charter's terms or closure days changed: work open cases' clocks out again."""
    rebuild_open_case_clocks.enqueue()
