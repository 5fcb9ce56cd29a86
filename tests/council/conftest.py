"""Helpers for the Council settings tests."""

import io

import pytest
from docx import Document

from wardcase.audit.models import AuditEntry
from wardcase.letters.services import SHIPPED_DIR


def docx_with(text):
    """A real Word document whose one paragraph is `text`."""
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def good_template():
    return (SHIPPED_DIR / "response.docx").read_bytes()


@pytest.fixture
def audited():
    """The audit entries of one kind of action on one kind of object, newest last."""

    def entries(action, object_type):
        return list(
            AuditEntry.objects.filter(action=action, object_type=object_type).order_by("pk")
        )

    return entries
