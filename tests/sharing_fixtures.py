"""Cases the sharing and duplicates tests share: a neighbour's pothole with Cllr Two."""

from wardcase.cases import services


def neighbour_case(world, consent=True):
    """The same pothole on Mill Lane, raised by a neighbour with the other ward councillor."""
    return services.case_create(
        by=world.other_councillor,
        owner=world.other_councillor,
        subject="Pothole on Mill Lane",
        description="Deep pothole near number 6, cars swerving.",
        service=world.service,
        constituent={"name": "Cy Neighbour", "postcode": "TE1 1AB"},
        consent_share_ward=consent,
    )


def person_with_a_case(world, **person):
    """A new person with a case of the first councillor's: someone they may link to."""
    case = services.case_create(
        by=world.councillor,
        owner=world.councillor,
        subject="Bins",
        description="Missed again",
        service=world.service,
        constituent=person,
    )
    return case.constituent
