"""factory_boy factories for the whole suite."""

import factory

from wardcase.accounts.models import Role, User
from wardcase.cases.models import Case
from wardcase.constituents.models import Constituent
from wardcase.directory.models import Council, Department, Service
from wardcase.places.models import Ward


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("name",)

    name = "Testshire Council"
    nation = "england"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Department {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"User {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    role = Role.COUNCILLOR
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CouncillorFactory(UserFactory):
    role = Role.COUNCILLOR
    ward = factory.SubFactory(WardFactory)


class CaseworkerFactory(UserFactory):
    role = Role.CASEWORKER


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class OfficerFactory(UserFactory):
    role = Role.OFFICER
    department = factory.SubFactory(DepartmentFactory)


class HeadOfServiceFactory(UserFactory):
    role = Role.HEAD_OF_SERVICE
    department = factory.SubFactory(DepartmentFactory)


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True


class ConstituentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituent

    name = factory.Sequence(lambda n: f"Constituent {n}")
    address = "1 High Street, Testtown"
    postcode = "TE1 1ST"
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    created_by = factory.SubFactory(CoordinatorFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare new case. Use the services to move it through its life in tests."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"WC-2026-{900000 + n:06d}")
    subject = factory.Sequence(lambda n: f"Problem {n}")
    description = "Something needs fixing."
    service = factory.SubFactory(ServiceFactory)
    constituent = factory.SubFactory(ConstituentFactory)
    owner = factory.SubFactory(CouncillorFactory)
    created_by = factory.SelfAttribute("owner")
    ward = factory.SelfAttribute("owner.ward")
