"""The cycle collector held off for a batch, and left as it was found."""

import gc

import pytest

from wardcase.core.collector import collector_paused


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_back_on_after(collector_state):
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(collector_state):
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off(collector_state):
    """Nested or under a caller that turned it off itself: not turned on behind its back."""
    gc.disable()
    with collector_paused(), collector_paused():
        pass
    assert not gc.isenabled()
