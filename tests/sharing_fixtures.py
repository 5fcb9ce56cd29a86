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
