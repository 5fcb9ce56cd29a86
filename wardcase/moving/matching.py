"""Matching an import's constituents to the people already held, read once per import."""

from __future__ import annotations

from dataclasses import dataclass

from wardcase.constituents.matching import MATCH_MIN_SCORE, normalise_phone, person_match
from wardcase.constituents.models import Constituent


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A constituent already in the database: just what matching reads."""

    pk: int
    name: str
    email: str
    postcode: str
    phone: str


Person = KnownPerson | Constituent  # Constituent: one this import creates


class ConstituentMatcher:
    """Constituents matched by the duplicate-detection rules of `constituents.matching`.

    A match needs a score of MATCH_MIN_SCORE, which only the same email, phone or
    postcode can reach (a name alone scores at most 40), so the candidates are exactly the
    people sharing one of those: all held in three dictionaries, read once, with the people
    this import creates added as it goes."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], list[Person]] = {}
        existing = Constituent.objects.filter(anonymised_at__isnull=True).values_list(
            "pk", "name", "email", "postcode", "phone"
        )
        for pk, name, email, postcode, phone in existing.iterator(chunk_size=5000):
            self._add(KnownPerson(pk=pk, name=name, email=email, postcode=postcode, phone=phone))

    @staticmethod
    def _keys(*, email: str, postcode: str, phone: str) -> list[tuple[str, str]]:
        keys = []
        if email:
            keys.append(("email", email.strip().lower()))
        if postcode:
            keys.append(("postcode", postcode))
        digits = normalise_phone(phone)
        if len(digits) >= 6:
            keys.append(("phone", digits))
        return keys

    def _add(self, person: Person) -> None:
        keys = self._keys(email=person.email, postcode=person.postcode, phone=person.phone)
        for key in keys:
            self.by_key.setdefault(key, []).append(person)

    def find_or_new(self, *, details: dict[str, str], created_by_id: int) -> Person:
        """The constituent `details` match, or a new unsaved one (created with the batch)."""
        best: Person | None = None
        best_score = MATCH_MIN_SCORE - 1
        seen: set[int] = set()
        keys = self._keys(
            email=details["email"], postcode=details["postcode"], phone=details["phone"]
        )
        for key in keys:
            for candidate in self.by_key.get(key, ()):
                if id(candidate) in seen:
                    continue
                seen.add(id(candidate))
                score, _reasons = person_match(details=details, constituent=candidate)
                if score > best_score:
                    best, best_score = candidate, score
        if best is not None:
            return best
        person = Constituent(created_by_id=created_by_id, **details)
        self._add(person)
        return person
