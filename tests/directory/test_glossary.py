"""The default glossary of services shipped with Wardcase."""

from wardcase.directory.models import Department, Service
from wardcase.directory.services import glossary_aliases, glossary_load, glossary_read


def test_the_shipped_glossary_has_enough_services_to_choose_from():
    """The default glossary offers at least 50 services across about ten departments."""
    glossary = glossary_read()
    services = [s for _department, names in glossary for s in names]
    assert len(services) >= 50
    assert len(glossary) >= 8
    names = [name for name, _services in glossary]
    assert len(names) == len(set(names))


def test_loading_the_glossary_creates_departments_and_services(council):
    """glossary_load creates every department and service of the glossary for the council."""
    summary = glossary_load(council=council)
    expected = sum(len(set(names)) for _department, names in glossary_read())
    assert Service.objects.filter(department__council=council).count() == expected >= 50
    assert len(summary.tallies["services"].created) == expected


def test_loading_the_glossary_twice_changes_nothing(council):
    """A second load creates nothing and counts everything as unchanged."""
    glossary_load(council=council)
    before = list(Service.objects.values_list("pk", "department__name", "name", "active"))
    summary = glossary_load(council=council)
    assert list(Service.objects.values_list("pk", "department__name", "name", "active")) == before
    assert summary.created == 0 and summary.updated == 0


def test_the_glossary_leaves_an_administrators_changes_alone(council):
    """A retired service stays retired, and the council's own services stay, on reload."""
    glossary_load(council=council)
    retired = Service.objects.filter(department__council=council).first()
    retired.active = False
    retired.save(update_fields=["active"])
    own = Service.objects.create(department=retired.department, name="Our own service")
    glossary_load(council=council)
    retired.refresh_from_db()
    assert not retired.active
    assert Service.objects.filter(pk=own.pk).exists()
    assert Department.objects.filter(council=council).count() == len(glossary_read())


def test_the_glossary_gives_services_the_words_people_use(council):
    """Every alias names a real service; loading fills them in, "refuse" among the bins'."""
    names = {s for _department, services in glossary_read() for s in services}
    aliases = glossary_aliases()
    assert set(aliases) <= names and len(aliases) >= 30
    glossary_load(council=council)
    bins = Service.objects.get(department__council=council, name="Missed bin collection")
    assert "refuse" in bins.aliases.split(", ")


def test_reloading_fills_missing_aliases_but_keeps_a_councils_own(council):
    """A service loaded before aliases existed gains them; one the council worded keeps its."""
    glossary_load(council=council)
    Service.objects.filter(name="Missed bin collection").update(aliases="")
    Service.objects.filter(name="Dog fouling").update(aliases="our words")
    glossary_load(council=council)
    assert "refuse" in Service.objects.get(name="Missed bin collection").aliases
    assert Service.objects.get(name="Dog fouling").aliases == "our words"
