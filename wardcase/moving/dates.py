"""Dates as councils' old systems write them: ISO, or UK day-first, never US month-first."""

import re
from datetime import date, datetime

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+Z-]*)?$")
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$")
_WORDS = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.? (\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def parse_day(value) -> date | None:
    """The date in `value` (a date, or text such as 2024-03-31, 31/03/2024, 31.3.2024 or
    31 March 2024); None if it is blank. ValueError if it is not a date read day-first:
    03/31/2024 (US) is not the 3rd of a 31st month, so it is refused, never guessed."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = match.groups()
    elif match := _UK.match(text):
        day, month, year = match.groups()
    elif (match := _WORDS.match(text)) and match.group(2).lower() in _MONTHS:
        day, month, year = match.group(1), _MONTHS[match.group(2).lower()], match.group(3)
    else:
        raise ValueError(text)
    return date(int(year), int(month), int(day))  # ValueError for 31/02 or month 13
