"""The default glossary of services shipped with Wardcase."""

from wardcase.directory.models import Department, Service
from wardcase.directory.services import glossary_load, glossary_read


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
