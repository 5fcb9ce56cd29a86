"""Web views of letters, one module per page group."""

from wardcase.letters.views.generate import letter_create, letter_sent

__all__ = ["letter_create", "letter_sent"]
