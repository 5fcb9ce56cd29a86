"""Writing only the values that differ, so loading and changes touch nothing else."""

from typing import Any

from django.db.models import Model


def fields_set(*, obj: Model, save: bool = True, **values: Any) -> list[str]:
    """Set the values that differ; returns the names of the fields changed."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, f"{name}_id") if _is_relation(obj, name) else getattr(obj, name)
        wanted = value.pk if _is_relation(obj, name) and value is not None else value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    if changed and save:
        obj.save(update_fields=changed)
    return changed


def _is_relation(obj: Model, name: str) -> bool:
    return bool(obj._meta.get_field(name).is_relation)
