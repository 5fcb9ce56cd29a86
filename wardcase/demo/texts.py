"""The demo's invented content: names, streets and what people write, from a data file.

`data/demo_texts.yaml` holds the words; `demo_texts` reads it once. The demo draws from
these lists in order with a fixed seed, so their order is part of the demo's output.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DEMO_TEXTS_PATH = Path(__file__).resolve().parent / "data" / "demo_texts.yaml"


@dataclass(frozen=True)
class DemoTexts:
    """The content of `data/demo_texts.yaml`; its keys are these fields."""

    first_names: tuple
    surnames: tuple
    ward_streets: dict  # ward name -> {"district", "sector", "streets"}
    landmarks: tuple
    parks: tuple
    inward_letters: str
    offices: dict  # enquirer type -> office names
    case_texts: dict  # service name -> [(subject, description, located)]
    restricted_services: frozenset
    personal_services: frozenset
    acknowledgements: tuple
    updates: dict  # department name -> texts
    responses: dict  # "resolved" or "not_resolved" -> texts
    notes: tuple
    member_messages: tuple
    chases: tuple
    closure_proposals: tuple
    closure_declines: tuple
    closing_comments: dict  # outcome -> texts
    reopen_reasons: tuple


@functools.cache
def demo_texts():
    """The demo's content, read from `data/demo_texts.yaml` the first time it is asked for."""
    data = yaml.safe_load(DEMO_TEXTS_PATH.read_text(encoding="utf-8"))
    for key in ("first_names", "surnames"):
        data[key] = tuple(data[key].split())  # word lists are written as prose
    for key in ("restricted_services", "personal_services"):
        data[key] = frozenset(data[key])
    data["case_texts"] = {
        service: [(t["subject"], t["description"], t["located"]) for t in texts]
        for service, texts in data["case_texts"].items()
    }
    for key, value in data.items():
        if isinstance(value, list):
            data[key] = tuple(value)
    return DemoTexts(**data)
