"""The charter's tests start on Monday 2 March 2026, 10:00 in London (GMT)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import assign

LONDON = ZoneInfo("Europe/London")


def at(*args):
    """A moment in council time: at(2026, 3, 4, 10) is 10:00 on 4 March 2026 in London."""
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def assigned(world):
    """The councillor's case, assigned to the officer on Monday 2 March 2026 at 10:00."""
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        return assign(world)
