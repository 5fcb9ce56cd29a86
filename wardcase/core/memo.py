"""A value worked out once and kept on an object while the object lives.

A request's user is loaded afresh for every request, so what is kept on it lasts one
request. `memo_forget` drops it from one object sooner; `memo_expire_all` makes every
object in this process work its values out again, for a change whose other copies the
changer cannot reach (a service is handed its own copy of the user it changes).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.functional import LazyObject, empty

T = TypeVar("T")

_ATTRIBUTE = "_wc_memo"
_generation = 0


def _target(obj: Any) -> Any:
    """The object itself: `request.user` is a lazy wrapper, and the rules backend is handed
    the user inside it, so both must find the same kept values."""
    if isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        return obj._wrapped
    return obj


def memo(obj: Any, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s answer for `obj` and `key`, worked out on the first call only."""
    kept = _target(obj).__dict__.setdefault(_ATTRIBUTE, {})
    held = kept.get(key)
    if held is None or held[0] != _generation:
        held = kept[key] = (_generation, compute())
    return held[1]


def memo_forget(obj: Any, key: str | None = None) -> None:
    """Drop what `memo` kept on `obj`: one key, or all of them."""
    kept = getattr(_target(obj), "__dict__", {}).get(_ATTRIBUTE)
    if kept is None:
        return
    if key is None:
        kept.clear()
    else:
        kept.pop(key, None)


def memo_expire_all() -> None:
    """Every value kept so far in this process is worked out again when next asked."""
    global _generation
    _generation += 1
