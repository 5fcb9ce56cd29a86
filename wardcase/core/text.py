"""Cleaning text people type, the same way whichever interface it came in through.

One-line fields (a case's subject and location, a constituent's name, email and phone)
become one line: carriage returns, line feeds, tabs and Unicode line separators turn into
a space, so a subject can never split an email header. Everywhere, characters that hide
what text says are removed: NUL and other control characters, bidirectional overrides
and isolates (U+202A-U+202E, U+2066-U+2069) and zero-width characters (U+200B-U+200D,
U+2060, U+FEFF). Nothing visible is lost, so text is normalised rather than refused.
Long text (descriptions, notes) keeps its lines and is refused beyond `MAX_LONG_TEXT`.
"""

import re

from django.utils.translation import gettext as _

from wardcase.core.errors import ServiceError

MAX_LONG_TEXT = 20_000
"""Characters in a case's description or a timeline entry: some ten pages of text."""

_HIDDEN = "\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_HIDDEN_OR_CONTROL = re.compile(f"[{_HIDDEN}{_CONTROLS}]")
_LINE_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
_SPACES = re.compile(r" {2,}")


def one_line(value: object) -> str:
    """`value` as one line of visible text, trimmed."""
    text = _LINE_BREAKS.sub(" ", str(value or ""))
    text = _HIDDEN_OR_CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_one_line(value: object, *, field: str, label: str, max_length: int) -> str:
    """`one_line(value)`, or ServiceError if it is longer than the field holds."""
    text = one_line(value)
    if len(text) > max_length:
        raise ServiceError(
            _("%(label)s must be %(n)s characters or fewer") % {"label": label, "n": max_length},
            field=field,
        )
    return text


def clean_long_text(
    value: object, *, field: str, label: str, max_length: int = MAX_LONG_TEXT
) -> str:
    """Text of many lines (line endings made `\\n`), with hidden characters removed, or
    ServiceError if it is longer than `max_length` characters."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _HIDDEN_OR_CONTROL.sub("", text).strip()
    if len(text) > max_length:
        raise ServiceError(
            _("%(label)s must be %(n)s characters or fewer (this is %(length)s)")
            % {"label": label, "n": f"{max_length:,}", "length": f"{len(text):,}"},
            field=field,
        )
    return text
