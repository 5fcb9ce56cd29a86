"""Moving a council's cases in from another system, and out again."""

from wardcase.moving.services.exporting import cases_export
from wardcase.moving.services.importing import ImportResult, cases_import

__all__ = ["ImportResult", "cases_export", "cases_import"]
