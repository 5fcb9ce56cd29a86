"""Web views of letters, one module per page group."""

from wardcase.letters.views.generate import letter_create

__all__ = ["letter_create"]
