"""The demo council: Brackenford, its people, and about two hundred invented cases.

`demo_seed` loads `data/demo_council.yaml` with the default glossary, gives every demo
user one shared password, and, if the database holds no cases yet, logs cases through
the real case services (so permissions, timeline, audit and outbox all run) and then
moves their timestamps back over the past nine months. Services always stamp "now";
back-dating here, in one place, keeps them free of a time parameter only the demo needs.

Everything is invented: people, addresses, postcodes (the BK area does not exist),
phone numbers (Ofcom's drama range) and email addresses (example.com and example.org).
A fixed random seed makes the demo the same every time, relative to the day it is run.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from wardcase.accounts.models import Role, User
from wardcase.audit.models import AuditEntry
from wardcase.cases import services as case_services
from wardcase.cases.choices import EventKind, Status
from wardcase.cases.models import Case, CaseEvent, ReferenceCounter
from wardcase.cases.sla import add_working_days, bank_holidays, is_working_day
from wardcase.constituents.models import Constituent
from wardcase.directory.council_file import read_council_file
from wardcase.directory.models import Council, Service
from wardcase.directory.services import council_load
from wardcase.mail.models import OutboxMessage

DEMO_COUNCIL_PATH = Path(__file__).resolve().parent / "data" / "demo_council.yaml"
DEMO_PASSWORD = "wardcase-demo-2026"
DEMO_SEED = 2026
DEMO_DAYS = 270

# How many cases end in each state. "Awaiting information" has no service to set it yet.
DEMO_MIX = [
    ("new", 10),
    ("assigned", 14),
    ("acknowledged", 16),
    ("in_progress", 26),
    ("responded", 20),
    ("closed:resolved", 68),
    ("closed:not_resolved", 18),
    ("closed:withdrawn", 10),
    ("closed:duplicate", 8),
    ("reopened", 10),
]

# Days before today a case in each final state was logged: open cases are mostly recent.
AGE_DAYS = {
    "new": (0.1, 6),
    "assigned": (0.5, 12),
    "acknowledged": (3, 45),
    "in_progress": (7, 150),
    "responded": (12, 200),
    "closed": (14, DEMO_DAYS),
    "reopened": (45, 250),
}

ROLE_ORDER = [
    Role.COUNCILLOR,
    Role.CASEWORKER,
    Role.COORDINATOR,
    Role.OFFICER,
    Role.HEAD_OF_SERVICE,
    Role.ADMINISTRATOR,
]


@dataclass
class DemoSummary:
    """What `demo_seed` did, and who can sign in."""

    load: object
    cases_created: int = 0
    already_seeded: bool = False
    statuses: Counter = field(default_factory=Counter)
    users: list = field(default_factory=list)
    password: str = DEMO_PASSWORD


def demo_seed(*, now=None):
    """Load the demo council and, into an empty case list, about 200 cases. Idempotent."""
    parsed = read_council_file(DEMO_COUNCIL_PATH)
    usernames = [u["username"] for u in parsed.data.get("users", [])]
    with transaction.atomic():
        load = council_load(
            data=parsed.data, lines=parsed.lines, glossary=True, demo_password=DEMO_PASSWORD
        )
        summary = DemoSummary(load=load)
        if Case.objects.exists():
            summary.already_seeded = True
        else:
            council = Council.objects.get(name=load.council)
            builder = _DemoCases(council, now=now or timezone.now())
            summary.cases_created = builder.build()
            summary.statuses = builder.statuses
    users = User.objects.filter(username__in=usernames).select_related("ward", "department")
    summary.users = sorted(users, key=lambda u: (ROLE_ORDER.index(u.role), u.username))
    return summary


# --- Invented content ---------------------------------------------------------------------

# Word lists read better as prose than as a column of quoted strings.
FIRST_NAMES = (  # noqa: SIM905
    "Olivia Amelia Isla Ava Mia Grace Sophie Emily Poppy Ella Ruby Evie Freya Charlotte "
    "Jessica Hannah Chloe Megan Lauren Bethany Zara Aaliyah Amira Fatima Priya Anjali Niamh "
    "Siobhan Eilidh Catrin Joan Margaret Patricia Sandra Janet Linda Pauline Brenda Sheila "
    "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Jacob Thomas William James Alfie "
    "Daniel Ryan Liam Connor Callum Kieran Mohammed Yusuf Ibrahim Omar Arjun Rohan Kwame "
    "Tunde Dylan Rhys Owen Ewan Fraser Peter Michael David Brian Keith Trevor Colin Gary Neil"
).split()
SURNAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Ahmed Hussain Begum Ali "
    "Singh Kaur Sharma Okoye Mensah Adebayo Nowak Kowalski Murphy Kelly O'Brien Byrne Doyle "
    "Campbell Stewart MacDonald Reid Morrison Hughes Edwards Price Lloyd Morgan Griffiths "
    "Turner Hill Cooper Ward Morris Moore King Harrison Baker Lewis Allen Young Mitchell "
    "Chapman Barker Holmes Fletcher Dixon Pearce Hartley Ashworth Greenwood Whitehead"
).split()

# Streets and postcode districts per ward. Wards not listed here borrow a set in turn.
WARD_STREETS = {
    "Millbrook": (
        ("BK1", 2),
        "Mill Lane|Brook Street|Weavers Row|Tannery Close|Station Road|Water Lane|"
        "Foundry Street|Canal Side|Bridge End|Millbrook Road|Wharf Street|Cotton Court",
    ),
    "Ashcombe Vale": (
        ("BK4", 5),
        "Ashcombe Road|Vale View|Orchard Way|Copse Lane|Beech Avenue|Hazel Grove|"
        "Chestnut Drive|Fairfield Road|Linden Close|Meadowbank|Rowan Crescent|Vicarage Lane",
    ),
    "Kingsmead": (
        ("BK7", 3),
        "Kingsmead Drive|Meadow Rise|Chapel Street|Kings Road|Foxglove Close|Church Walk|"
        "Victoria Terrace|Albert Street|Queens Parade|Market Street|Harebell Way|Coronation Road",
    ),
}
LANDMARKS = [
    "the primary school",
    "the Co-op",
    "the parade of shops",
    "St Mary's church",
    "the recreation ground",
    "the doctors' surgery",
    "the Red Lion",
    "the community centre",
    "the railway bridge",
    "the bus turning circle",
]
PARKS = ["Millbrook Recreation Ground", "Ashcombe Park", "Kingsmead Fields", "Victoria Gardens"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# The office of an MP or MSP sometimes passes an enquiry to a councillor.
OFFICES = {
    "mp": ["Joanna Fairbairn MP", "Richard Ellery MP"],
    "msp": ["Alasdair Munro MSP"],
}

# Subjects and descriptions per service in the glossary: (subject, description, located).
CASE_TEXTS = {
    "Potholes and road surface": [
        (
            "Pothole on {street}",
            "{name} reports a deep pothole in the road outside number {number} {street}. It "
            "has been there for several weeks and is getting bigger; a cyclist came off there "
            "last week. Please could it be inspected and repaired.",
            True,
        ),
        (
            "Road surface breaking up on {street}",
            "The surface of {street} near {landmark} is breaking up badly after the winter and "
            "loose stones are being thrown up by traffic. Residents would like to know when "
            "the road is due to be resurfaced.",
            True,
        ),
    ],
    "Pavements and footways": [
        (
            "Uneven paving slabs on {street}",
            "Several paving slabs on {street} by number {number} have been lifted by tree "
            "roots. {name}, who uses a walking frame, tripped there last week and is worried "
            "someone will be badly hurt. Please could the footway be made safe.",
            True,
        ),
    ],
    "Street lighting": [
        (
            "Street light out on {street}",
            "The street light outside number {number} {street} has been out for about two "
            "weeks and the stretch by {landmark} is very dark. Residents say they feel unsafe "
            "walking home in the evening.",
            True,
        ),
        (
            "Street light flickering all night on {street}",
            "The lamp column near {landmark} on {street} flickers on and off all night and "
            "shines straight into {name}'s bedroom window.",
            True,
        ),
    ],
    "Traffic calming and road safety": [
        (
            "Speeding traffic on {street}",
            "Residents of {street} say cars regularly speed along the road, especially near "
            "{landmark} at school times. They are asking for a speed survey and whether "
            "traffic calming or a 20 mph limit would be possible.",
            True,
        ),
    ],
    "Blocked drains and gullies": [
        (
            "Blocked gully flooding the pavement on {street}",
            "The road gully outside number {number} {street} is blocked, and whenever it rains "
            "a large pool forms across the pavement. People walking past are being soaked by "
            "passing cars.",
            True,
        ),
    ],
    "Dropped kerbs and vehicle crossings": [
        (
            "Dropped kerb application, {street}",
            "{name} applied for a dropped kerb at number {number} {street} eight weeks ago and "
            "has heard nothing. Could you find out where the application has got to?",
            True,
        ),
    ],
    "Gritting and winter maintenance": [
        (
            "Grit bin empty on {street}",
            "The grit bin at the top of {street} near {landmark} is empty and the hill is "
            "treacherous in icy weather. Please could it be refilled, and could {street} be "
            "considered for the gritting route.",
            True,
        ),
    ],
    "Bus stops and shelters": [
        (
            "Smashed bus shelter near {landmark}",
            "A glass panel of the bus shelter on {street} near {landmark} has been smashed and "
            "there is broken glass all over the pavement.",
            True,
        ),
    ],
    "Missed bin collection": [
        (
            "Repeated missed bin collections on {street}",
            "{name} at number {number} {street} says the general waste bin has been missed "
            "three times in the last five collections. The crew recorded it as not presented, "
            "but it was out by 7am each time.",
            True,
        ),
        (
            "Recycling not collected on {street}",
            "The recycling bins on {street} were not emptied on the scheduled day and the "
            "whole street is still waiting. Residents have reported it online without reply.",
            True,
        ),
    ],
    "New, replacement or damaged bins": [
        (
            "Replacement bin needed at {number} {street}",
            "{name}'s wheelie bin was damaged by the collection vehicle and the lid has snapped "
            "off. They have reported it online twice but no replacement has arrived.",
            True,
        ),
    ],
    "Assisted bin collections": [
        (
            "Assisted collection for a resident of {street}",
            "{name} at number {number} {street} has recently had a hip replacement and cannot "
            "take the bin to the kerb. Could an assisted collection be arranged?",
            True,
        ),
    ],
    "Street cleaning and litter": [
        (
            "Litter building up on {street}",
            "The verge and footpath on {street} between number {number} and {landmark} are "
            "covered in litter and do not appear to have been swept for months.",
            True,
        ),
    ],
    "Dog fouling": [
        (
            "Dog fouling on the path by {landmark}",
            "Residents report persistent dog fouling on the path by {landmark} on {street}, "
            "which children use on the way to school. Could enforcement patrols be arranged "
            "and signs put up?",
            True,
        ),
    ],
    "Graffiti and fly-posting": [
        (
            "Offensive graffiti on {street}",
            "Offensive graffiti has appeared on the wall by {landmark} on {street}. Residents "
            "would like it removed as quickly as possible.",
            True,
        ),
    ],
    "Abandoned vehicles": [
        (
            "Abandoned car on {street}",
            "A silver hatchback has been parked outside number {number} {street} for over six "
            "weeks with flat tyres and no tax. Neighbours think it has been abandoned.",
            True,
        ),
    ],
    "Play areas and equipment": [
        (
            "Broken swing at {park}",
            "One of the swings in the play area at {park} is broken and has been taped off for "
            "a month. Parents are asking when it will be repaired.",
            True,
        ),
    ],
    "Grass cutting and verges": [
        (
            "Verges not cut on {street}",
            "The grass verges along {street} have not been cut this season. They are now knee "
            "high and block the view of traffic at the junction by {landmark}.",
            True,
        ),
    ],
    "Council-owned trees": [
        (
            "Overhanging council tree at {number} {street}",
            "A large council-owned tree on the verge outside number {number} {street} overhangs "
            "{name}'s garden and blocks the light. A branch came down in the last storm. They "
            "are asking for the tree to be inspected.",
            True,
        ),
    ],
    "Overgrown hedges and vegetation": [
        (
            "Overgrown hedge blocking the pavement on {street}",
            "A hedge at the corner of {street} has grown right across the pavement, so people "
            "with pushchairs and wheelchairs have to go into the road.",
            True,
        ),
    ],
    "Parks and green spaces": [
        (
            "Overflowing bins at {park}",
            "The litter bins at {park} overflow every weekend and rubbish is blowing across the "
            "playing field.",
            True,
        ),
    ],
    "Allotments": [
        (
            "Allotment waiting list",
            "{name} has been on the allotment waiting list for three years and would like to "
            "know where they are on the list.",
            False,
        ),
    ],
    "Damp and mould": [
        (
            "Damp and mould in council flat, {street}",
            "{name} lives in a council flat at {number} {street} with two young children. There "
            "is black mould in both bedrooms and the bathroom, and the youngest child has "
            "asthma. It was reported in the spring but nobody has visited.",
            True,
        ),
    ],
    "Council housing repairs": [
        (
            "Outstanding repair at {number} {street}",
            "{name}, a council tenant at {number} {street}, reported a leaking kitchen roof "
            "eight weeks ago. An operative came to look but the repair has not been booked.",
            True,
        ),
    ],
    "Housing register and allocations": [
        (
            "Housing register banding review",
            "{name} lives with two children in a one-bedroom flat and believes their band on "
            "the housing register is wrong. They have sent medical evidence and would like the "
            "banding reviewed.",
            False,
        ),
    ],
    "Homelessness and housing advice": [
        (
            "Family facing eviction",
            "{name} has been served notice by their private landlord and must leave by the end "
            "of next month. They need advice and help to find somewhere to live.",
            False,
        ),
    ],
    "Estate management and communal areas": [
        (
            "Communal stairwell lights out, {street}",
            "The lights in the communal stairwell of the flats on {street} have been out for "
            "three weeks and residents are using their phone torches on the stairs.",
            True,
        ),
    ],
    "Private rented housing standards": [
        (
            "Private landlord not repairing boiler",
            "{name} rents privately at {number} {street}. The boiler has been broken for a month "
            "and the landlord does not reply, so there is no heating or hot water.",
            True,
        ),
    ],
    "Planning enforcement": [
        (
            "Extension built beyond approved plans, {street}",
            "Neighbours of number {number} {street} say a rear extension is being built that "
            "looks much larger than the approved plans. They are asking for an enforcement "
            "visit before it is finished.",
            True,
        ),
    ],
    "Planning applications": [
        (
            "Objecting to the flats proposed on {street}",
            "{name} wants to know how to object to the application for flats on the former "
            "garage site on {street}, and when the consultation closes.",
            True,
        ),
        (
            "Delay deciding a householder application",
            "{name} submitted a householder application three months ago and has had no "
            "decision. Could you find out when it will be determined?",
            False,
        ),
    ],
    "Dangerous structures": [
        (
            "Unsafe wall on {street}",
            "A garden wall at the corner of {street} is leaning badly over the footway after "
            "the recent storm and looks as though it could collapse.",
            True,
        ),
    ],
    "Tree preservation orders and conservation areas": [
        (
            "Is the oak behind {street} protected?",
            "Residents are worried that a developer is about to fell the old oak tree behind "
            "{street}. They want to know whether it has a tree preservation order.",
            True,
        ),
    ],
    "Noise nuisance": [
        (
            "Loud music from a neighbouring property on {street}",
            "{name} at number {number} {street} is kept awake most nights by loud music from a "
            "neighbouring property, often until 3am. They have kept a diary for a fortnight.",
            True,
        ),
        (
            "Early deliveries near {landmark}",
            "Residents on {street} complain about deliveries and reversing alarms at the unit "
            "near {landmark} starting around 5am every day.",
            True,
        ),
    ],
    "Pest control": [
        (
            "Rats in gardens on {street}",
            "Several households on {street} have seen rats in their gardens, and one in a "
            "kitchen. They think the rats are coming from the empty house at number {number}.",
            True,
        ),
    ],
    "Fly-tipping": [
        (
            "Fly-tipping in the lane behind {street}",
            "A pile of builders' rubble, a mattress and black bags has been dumped in the lane "
            "behind {street}, and it is attracting more tipping.",
            True,
        ),
        (
            "Sofa and fridge dumped by {landmark}",
            "Someone has dumped a sofa and a fridge on the pavement by {landmark} on {street}.",
            True,
        ),
    ],
    "Bonfires and smoke": [
        (
            "Regular bonfires on {street}",
            "A household on {street} burns garden and household waste most weekends. The smoke "
            "gets into neighbours' homes and {name} has a lung condition.",
            True,
        ),
    ],
    "Food safety and hygiene": [
        (
            "Hygiene at a takeaway near {landmark}",
            "{name} saw overflowing bins and what looked like mouse droppings at the back of a "
            "takeaway near {landmark} and is worried about hygiene.",
            True,
        ),
    ],
    "Air quality": [
        (
            "Idling engines outside {landmark}",
            "Parents are concerned about queuing traffic and idling engines outside {landmark} "
            "at school times and ask whether air quality is monitored there.",
            True,
        ),
    ],
}
RESTRICTED_SERVICES = {"Damp and mould", "Homelessness and housing advice"}
PERSONAL_SERVICES = {"Housing register and allocations", "Homelessness and housing advice"}

ACKNOWLEDGEMENTS = [
    "Thank you for raising this. I have logged it with the team and will update you within "
    "ten working days.",
    "Received, thank you. I have asked for an inspection and will come back to you.",
    "Acknowledged. I am looking into this and will be in touch.",
    "",
]
UPDATES = {
    "Highways and Transport": [
        "An inspector visited on {date} and has raised a works order. The repair is "
        "programmed for the next available crew.",
        "The site has been made safe with barriers while we arrange a permanent repair.",
        "This has been passed to our street lighting contractor, who aim to attend within "
        "ten working days.",
    ],
    "Waste and Street Cleansing": [
        "I have spoken to the crew supervisor and the round has been reminded to check this "
        "street.",
        "A replacement has been ordered and should be delivered within ten working days.",
        "Street cleansing have added the area to this week's schedule.",
    ],
    "Parks, Trees and Open Spaces": [
        "Our tree officer will inspect on {date}.",
        "The replacement part is on order from the manufacturer.",
        "The area has been added to the next mowing and clearance round.",
    ],
    "Housing": [
        "A surveyor visited on {date} and has raised works orders for a mould wash and better "
        "ventilation.",
        "I have asked the allocations team to review the banding with the new evidence.",
        "The housing options team have contacted the resident and booked an appointment.",
    ],
    "Planning and Building Control": [
        "An enforcement officer visited on {date} and is comparing the works with the "
        "approved plans.",
        "I have asked the case officer for an update on the application.",
        "Building control have inspected and the owner has been told to make it safe.",
    ],
    "Environmental Health": [
        "We have sent diary sheets to the resident and written to the occupiers.",
        "Pest control have baited the area and will revisit in two weeks.",
        "The waste has been photographed and searched for evidence before clearance.",
    ],
}
RESPONSES = {
    "resolved": [
        "The work was completed on {date}. The inspector has checked it and is satisfied. "
        "Thank you for letting us know.",
        "This has now been dealt with: the team attended on {date} and the problem is fixed.",
        "We have taken the action described in my earlier update and will keep an eye on "
        "the location.",
    ],
    "not_resolved": [
        "Having inspected on {date}, this does not meet our criteria for action, so nothing "
        "further is planned at present. We will look again at the next routine inspection.",
        "This is a private matter between the parties, and the council has no powers to "
        "intervene. I have suggested other sources of advice.",
        "There is no budget for this work this year. It has been added to the list for "
        "consideration next year.",
    ],
}
NOTES = [
    "Spoke to the contractor: they are short-staffed this week.",
    "Checked the history: two other residents reported this last year.",
    "Chased the inspector for a visit date.",
    "Photos on file. Legal have been asked whether we can act.",
]
MEMBER_MESSAGES = [
    "The resident has been in touch again and says it is getting worse. When will it be "
    "dealt with?",
    "Thank you. I have let the resident know.",
    "The resident has sent photographs, which I can forward if they would help.",
]
CHASES = [
    "",
    "The resident has contacted me again. Please could I have an update?",
    "This is now past the response date. Please let me know where things are.",
]
CLOSURE_PROPOSALS = [
    "The work is complete and the resident has been told. I propose closing the case.",
    "We have done all we can here; I suggest the case is closed.",
]
CLOSING_COMMENTS = {
    "resolved": ["The resident is happy with the outcome. Thank you.", "Fixed. Closing.", ""],
    "not_resolved": [
        "Disappointing, but I understand the council's position and have explained it to the "
        "resident.",
        "",
    ],
    "withdrawn": [
        "The resident has asked us to take no further action.",
        "The resident has sorted this out directly.",
    ],
    "duplicate": [
        "A ward colleague already raised this for a neighbour.",
        "Logged twice by mistake.",
    ],
}
REOPEN_REASONS = [
    "The resident says the problem has come back.",
    "The repair has failed again within a fortnight.",
    "The resident is not satisfied with the response and has new information.",
]


# --- Building the cases -------------------------------------------------------------------


@dataclass
class _Step:
    at: datetime
    action: str
    by: User
    text: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class _Plan:
    final: str
    owner: User
    created_by: User
    fields: dict
    constituent: int  # index into the planned constituents' fields
    steps: list


def _day(at):
    at = timezone.localtime(at)
    return f"{at.day} {at:%B}"


class _DemoCases:
    """Plans the demo cases, runs them through the services, then back-dates them."""

    TIME_FIELDS = (
        "assigned_at",
        "acknowledged_at",
        "responded_at",
        "closure_proposed_at",
        "closed_at",
    )

    def __init__(self, council, *, now):
        # Content and clock draw from separate generators, so the cases are the same
        # whatever day the demo is seeded; only their dates move with today.
        self.rng = random.Random(DEMO_SEED)
        self.clock = random.Random(DEMO_SEED + 1)
        self.council = council
        self.now = now
        self.tz = timezone.get_current_timezone()
        years = range(now.year - 2, now.year + 2)
        self.non_working = bank_holidays(council.nation, years)
        self.statuses = Counter()
        users = list(User.objects.filter(is_active=True).select_related("ward", "department"))
        self.councillors = [u for u in users if u.role == Role.COUNCILLOR]
        self.coordinators = [u for u in users if u.role == Role.COORDINATOR]
        self.caseworkers_for = {}
        for caseworker in User.objects.filter(role=Role.CASEWORKER, is_active=True):
            for councillor in caseworker.acts_for.all():
                self.caseworkers_for.setdefault(councillor.pk, []).append(caseworker)
        officers = [u for u in users if u.role == Role.OFFICER and u.department_id]
        heads = [u for u in users if u.role == Role.HEAD_OF_SERVICE and u.department_id]
        self.officers = {}
        for officer in officers:
            self.officers.setdefault(officer.department_id, []).append(officer)
        self.heads = {h.department_id: h for h in heads}
        self.services = [
            s
            for s in Service.objects.filter(
                department__council=council, active=True, department__active=True
            ).select_related("department")
            if s.department_id in self.officers and s.name in CASE_TEXTS
        ]
        if not self.councillors or not self.coordinators or not self.services:
            raise ValueError("The demo council needs councillors, a coordinator and officers.")
        self.streets = self._streets()
        self.marks = []  # (event id, audit id, outbox id, at) after each step
        self.case_times = {}  # case pk -> {field: at}

    # Planning -------------------------------------------------------------------------

    def _streets(self):
        """Ward pk -> [(street, postcode district, sector)]."""
        sets = list(WARD_STREETS.values())
        streets = {}
        for index, ward in enumerate(self.council.wards.order_by("name")):
            (district, sector), names = WARD_STREETS.get(ward.name, sets[index % len(sets)])
            streets[ward.pk] = [(name, district, sector) for name in names.split("|")]
        return streets

    def _working_time(self, at, *, early=9, late=17):
        """`at`, or the next working day's office hours if it falls outside them."""
        local = timezone.localtime(at, self.tz)
        if local.hour >= late or not is_working_day(local.date(), self.non_working):
            day = local.date() + timedelta(days=1)
            while not is_working_day(day, self.non_working):
                day += timedelta(days=1)
            minutes = self.clock.randint(0, 120)
            local = datetime.combine(day, time(early), tzinfo=self.tz) + timedelta(minutes=minutes)
        elif local.hour < early:
            local = local.replace(hour=early, minute=self.clock.randint(0, 59))
        return local

    def _later(self, at, low_hours, high_hours):
        hours = self.clock.uniform(low_hours, high_hours)
        return self._working_time(at + timedelta(hours=hours))

    def _constituent(self, ward):
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        street, district, sector = rng.choice(self.streets[ward.pk])
        number = rng.randint(1, 140)
        unit = "".join(rng.choice(INWARD_LETTERS) for _ in range(2))
        preference = rng.choices(["email", "phone", "letter", "none"], [60, 20, 15, 5])[0]
        fields = {
            "name": f"{first} {last}",
            "address": f"{number} {street}\nBrackenford",
            "postcode": f"{district} {sector}{unit}",
            "email": "",
            "phone": "",
            "contact_preference": preference,
        }
        if preference == "email" or rng.random() < 0.5:
            handle = f"{first}.{last}".lower().replace("'", "")
            domain = rng.choice(["example.com", "example.org"])
            fields["email"] = f"{handle}{rng.randint(1, 99)}@{domain}"
        if preference == "phone" or rng.random() < 0.5:
            fields["phone"] = f"07700 900{rng.randint(0, 999):03d}"
        return fields, street, number

    def _plan(self, final, known_constituents):
        rng = self.rng
        owner = rng.choice(self.councillors)
        caseworkers = self.caseworkers_for.get(owner.pk, [])
        roll = rng.random()
        if caseworkers and roll < 0.35:
            created_by = rng.choice(caseworkers)
        elif roll < 0.45:
            created_by = rng.choice(self.coordinators)
        else:
            created_by = owner
        service = rng.choice(self.services)
        ward = owner.ward or self.council.wards.first()

        # Some people come back with another problem: the duplicate check has work to do.
        same_ward = known_constituents.get(ward.pk, [])
        if same_ward and rng.random() < 0.12:
            constituent, street, number = rng.choice(same_ward)
        else:
            fields, street, number = self._constituent(ward)
            constituent = len(self.people)
            self.people.append(fields)
            known_constituents.setdefault(ward.pk, []).append((constituent, street, number))
        name = self.people[constituent]["name"]
        subject, description, located = rng.choice(CASE_TEXTS[service.name])
        words = {
            "street": street,
            "number": number,
            "name": name,
            "landmark": rng.choice(LANDMARKS),
            "park": rng.choice(PARKS),
        }
        description = description.format(**words)
        enquirer = rng.choices(["councillor", "mp", "msp"], [86, 11, 3])[0]
        if enquirer != "councillor":
            office = rng.choice(OFFICES[enquirer])
            description = f"Passed on by the office of {office}. {description}"
        fields = {
            "subject": subject.format(**words),
            "description": description,
            "service": service,
            "case_type": rng.choices(
                ["enquiry", "service_request", "complaint", "information_request"],
                [55, 25, 12, 8],
            )[0],
            "channel": rng.choices(
                ["email", "phone", "surgery", "in_person", "letter", "social_media", "other"],
                [35, 20, 15, 10, 8, 8, 4],
            )[0],
            "enquirer_type": enquirer,
            "priority": rng.choices(["normal", "high", "urgent"], [75, 20, 5])[0],
            "location": f"Outside {number} {street}" if located else "",
            "consent_share_ward": rng.random() < 0.45,
            "consent_share_officers": service.name in PERSONAL_SERVICES or rng.random() < 0.92,
            "restricted": service.name in RESTRICTED_SERVICES and rng.random() < 0.5,
        }
        plan = _Plan(final, owner, created_by, fields, constituent, [])
        plan.steps = self._timeline(plan, service)
        return plan

    def _timeline(self, plan, service):
        """The steps of a case's life, from logging to its final state, at plausible times."""
        rng, final = self.rng, plan.final
        low, high = AGE_DAYS[final.split(":")[0]]
        clock = self.clock
        start = self.now - timedelta(days=clock.uniform(low, high))
        if plan.fields["channel"] == "surgery":
            # Surgeries are on Saturday mornings.
            local = timezone.localtime(start, self.tz)
            local -= timedelta(days=(local.weekday() - 5) % 7)
            start = local.replace(hour=10, minute=0) + timedelta(minutes=clock.randint(0, 100))
        else:
            # The councillor's side logs a case when they hear of it, evenings included.
            local = timezone.localtime(start, self.tz)
            if not 7 <= local.hour < 22:
                local = local.replace(hour=clock.randint(7, 21), minute=clock.randint(0, 59))
            start = local
        owner_side = [plan.owner, *self.caseworkers_for.get(plan.owner.pk, [])]
        steps = [_Step(start, "create", plan.created_by)]
        at = start

        def add(action, by, low_hours, high_hours, text="", **extra):
            nonlocal at
            at = self._later(at, low_hours, high_hours)
            steps.append(_Step(at, action, by, text, extra))

        outcome = final.split(":")[1] if final.startswith("closed") else None
        if final == "new":
            return steps
        if outcome == "duplicate" and rng.random() < 0.5:
            add("close", plan.owner, 2, 48, rng.choice(CLOSING_COMMENTS["duplicate"]))
            steps[-1].extra["outcome"] = outcome
            return steps

        department = service.department
        officers = self.officers[department.pk]
        lead = rng.choice(officers)
        if department.pk in self.heads and rng.random() < 0.1:
            lead = self.heads[department.pk]
        coordinator = rng.choice(self.coordinators)
        late_triage = rng.random() < 0.1
        add("assign", coordinator, *((72, 140) if late_triage else (1, 30)), lead=lead)
        if len(officers) > 1 and rng.random() < 0.08:
            lead = rng.choice([o for o in officers if o.pk != lead.pk])
            add(
                "assign",
                coordinator,
                2,
                30,
                "Moved to the officer who covers this area.",
                lead=lead,
            )
        if final == "assigned":
            return steps
        if outcome == "duplicate":
            add("close", plan.owner, 2, 60, rng.choice(CLOSING_COMMENTS["duplicate"]))
            steps[-1].extra["outcome"] = outcome
            return steps

        late = rng.random() < 0.2
        add("acknowledge", lead, *((100, 240) if late else (1, 60)), rng.choice(ACKNOWLEDGEMENTS))
        if rng.random() < 0.3:
            add("note", rng.choice([lead, coordinator]), 4, 72, rng.choice(NOTES))
        late_response = rng.random() < 0.3
        if final in {"acknowledged"}:
            if rng.random() < 0.4:
                add("chase", rng.choice(owner_side), 72, 300, rng.choice(CHASES))
            return steps
        updates = {"in_progress": rng.randint(1, 3)}.get(final, rng.randint(0, 2))
        if outcome == "withdrawn":
            updates = rng.randint(0, 1)
        for _ in range(updates):
            if rng.random() < 0.25:
                add("chase", rng.choice(owner_side), 48, 200, rng.choice(CHASES))
            add("update", lead, 24, 400, rng.choice(UPDATES[department.name]))
            if rng.random() < 0.2:
                add("member", rng.choice(owner_side), 4, 96, rng.choice(MEMBER_MESSAGES))
        if final == "in_progress":
            return steps
        if outcome == "withdrawn":
            add("close", rng.choice(owner_side), 24, 300, rng.choice(CLOSING_COMMENTS[outcome]))
            steps[-1].extra["outcome"] = outcome
            return steps
        if late_response:
            add("chase", rng.choice(owner_side), 100, 300, rng.choice(CHASES))
        answer = "not_resolved" if outcome == "not_resolved" else "resolved"
        add("respond", lead, 24, 500 if late_response else 150, rng.choice(RESPONSES[answer]))
        if (final == "responded" and rng.random() < 0.4) or (outcome and rng.random() < 0.5):
            add("propose", lead, 2, 72, rng.choice(CLOSURE_PROPOSALS))
        if final == "responded":
            return steps
        add("close", rng.choice(owner_side), 12, 500, rng.choice(CLOSING_COMMENTS[answer]))
        steps[-1].extra["outcome"] = answer
        if final == "reopened":
            add("reopen", rng.choice(owner_side), 120, 1200, rng.choice(REOPEN_REASONS))
        return steps

    def _fit(self, plan):
        """Move a timeline that would run into the future back by whole weeks.

        Whole weeks keep each step's weekday and time of day, so office hours stay office
        hours, and the case simply becomes older than first drawn.
        """
        limit = self.now - timedelta(minutes=10)
        excess = plan.steps[-1].at - limit
        if excess > timedelta(0):
            weeks = timedelta(weeks=excess // timedelta(weeks=1) + 1)
            for step in plan.steps:
                step.at -= weeks

    # Running ----------------------------------------------------------------------------

    def plan(self):
        """Every case's plan, oldest first. The same for the same day: the seed is fixed."""
        self.rng.seed(DEMO_SEED)
        self.clock.seed(DEMO_SEED + 1)
        self.people = []  # constituent fields, in the order planned
        known = {}
        plans = []
        for final, count in DEMO_MIX:
            for _ in range(count):
                plan = self._plan(final, known)
                self._fit(plan)
                plans.append(plan)
        plans.sort(key=lambda p: p.steps[0].at)
        return plans

    def build(self):
        """Log the planned cases through the services, then back-date them. Returns a count."""
        plans = self.plan()
        start_marks, _times = self._watermarks()
        constituents = {}
        ids = [self._run(plan, constituents) for plan in plans]
        cases = list(Case.objects.filter(pk__in=ids))
        for case in cases:
            self.statuses[case.status if case.status != Status.CLOSED else case.outcome] += 1
        self._backdate(cases, start_marks, constituents)
        return len(cases)

    def _watermarks(self, case_id=None):
        """The last id in each watched table and, given a case, its time fields as stored.

        One query per step: this runs after each of some 1,200 service calls.
        """
        tables = [m._meta.db_table for m in (CaseEvent, AuditEntry, OutboxMessage)]
        quote = connection.ops.quote_name
        columns = [f"(SELECT MAX(id) FROM {quote(t)})" for t in tables]  # noqa: S608
        params = []
        if case_id is not None:
            columns += [f"c.{quote(name)}" for name in self.TIME_FIELDS]
            tail = f" FROM {quote(Case._meta.db_table)} c WHERE c.id = %s"
            params.append(case_id)
        else:
            tail = ""
        # Table and column names come from the models, never from input.
        sql = f"SELECT {', '.join(columns)}{tail}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return tuple(value or 0 for value in row[:3]), dict(
            zip(self.TIME_FIELDS, row[3:], strict=False)  # no time fields without a case
        )

    def _run(self, plan, constituents):
        """Log one case and take it through its steps; `constituents` maps index -> row."""
        case = None
        for step in plan.steps:
            if step.action == "create":
                case = case_services.case_create(
                    by=step.by,
                    owner=plan.owner,
                    constituent=constituents.get(plan.constituent, self.people[plan.constituent]),
                    **plan.fields,
                )
                constituents[plan.constituent] = case.constituent
                self.case_times[case.pk] = {}
            else:
                self._act(case, step, plan)
            self._stamp(case, step.at)
        return case.pk

    def _act(self, case, step, plan):
        by, text = step.by, step.text.replace("{date}", _day(step.at))
        # A caseworker closes or reopens only on the councillor's recorded say-so.
        authority = ""
        if by.pk != plan.owner.pk:
            authority = f"{plan.owner} agreed by phone on {_day(step.at)}."
        if step.action == "assign":
            lead = step.extra["lead"]
            case_services.case_assign(
                case=case, by=by, department=lead.department, lead_officer=lead, reason=text
            )
        elif step.action == "acknowledge":
            case_services.case_acknowledge(case=case, by=by, message=text)
        elif step.action in {"note", "update", "respond", "member"}:
            kind = {
                "note": EventKind.NOTE,
                "update": EventKind.UPDATE,
                "respond": EventKind.FULL_RESPONSE,
                "member": EventKind.MEMBER_MESSAGE,
            }[step.action]
            case_services.case_add_event(case=case, by=by, kind=kind, body=text)
        elif step.action == "chase":
            case_services.case_chase(case=case, by=by, message=text)
        elif step.action == "propose":
            case_services.case_propose_closure(case=case, by=by, reason=text)
        elif step.action == "close":
            case_services.case_close(
                case=case, by=by, outcome=step.extra["outcome"], comment=text, authority=authority
            )
        elif step.action == "reopen":
            case_services.case_reopen(case=case, by=by, reason=text, authority=authority)
        else:  # pragma: no cover - a typo in the plan
            raise ValueError(step.action)

    def _stamp(self, case, at):
        """Remember when this step happened, for the rows and case times it just wrote."""
        marks, now_values = self._watermarks(case.pk)
        self.marks.append((*marks, at))
        times = self.case_times[case.pk]
        before = times.get("_values", {})
        for name, value in now_values.items():
            if value != before.get(name):
                times[name] = at if value is not None else None
        times["_values"] = now_values
        times.setdefault("created_at", at)
        times["last"] = at

    def _backdate(self, cases, start_marks, constituents):
        """Move every row the steps wrote to the time its step happened."""
        sent = OutboxMessage.State.SENT
        for column, model, names in (
            (0, CaseEvent, ["created_at"]),
            (1, AuditEntry, ["at"]),
            # The notifications were for then, not now: they went at the time, so the task
            # worker does not send hundreds of stale emails when the demo starts.
            (2, OutboxMessage, ["created_at", "sent_at", "state"]),
        ):
            ranges, low = [], start_marks[column]
            for mark in self.marks:
                high, at = mark[column], mark[3]
                if high > low:
                    values = {"created_at": at, "at": at, "sent_at": at + timedelta(minutes=1)}
                    ranges.append(([values.get(n, sent) for n in names], low, high))
                low = high
            _update_ranges(model, names, ranges)

        for case in cases:
            times = self.case_times[case.pk]
            case.created_at = times["created_at"]
            case.last_activity_at = case.modified_at = times["last"]
            for name in self.TIME_FIELDS:
                if getattr(case, name) is not None:
                    setattr(case, name, times[name])
            if case.assigned_at:
                started = timezone.localtime(case.assigned_at)
                case.acknowledge_due = add_working_days(
                    started, case_services.ACKNOWLEDGE_WORKING_DAYS, self.non_working
                )
                case.response_due = add_working_days(
                    started, case_services.RESPONSE_WORKING_DAYS, self.non_working
                )
        renamed = self._renumber(cases)
        names = [
            "reference",
            "created_at",
            "modified_at",
            "last_activity_at",
            "acknowledge_due",
            "response_due",
            *self.TIME_FIELDS,
        ]
        _update_rows(Case, names, [(c.pk, [getattr(c, n) for n in names]) for c in cases])

        messages = OutboxMessage.objects.filter(
            pk__gt=start_marks[2], case_id__in=list(renamed)
        ).only("pk", "case_id", "subject", "body")
        rows = []
        for message in messages:
            old, new = renamed[message.case_id]
            rows.append(
                (message.pk, [message.subject.replace(old, new), message.body.replace(old, new)])
            )
        _update_rows(OutboxMessage, ["subject", "body"], rows)

        first_seen = {}
        for case in cases:
            first_seen.setdefault(case.constituent_id, case.created_at)
        _update_rows(
            Constituent,
            ["created_at", "modified_at"],
            [(pk, [at, at]) for pk, at in first_seen.items()],
        )

    def _renumber(self, cases):
        """References follow the back-dated order and year: WC-<year>-000001 is the oldest."""
        cases.sort(key=lambda c: (c.created_at, c.pk))
        # Clear the way first so no new reference meets an old one still in place.
        Case.objects.filter(pk__in=[c.pk for c in cases]).update(
            reference=Concat(Value("DEMO-"), "id")
        )
        numbers = Counter()
        renamed = {}
        for case in cases:
            year = timezone.localtime(case.created_at).year
            numbers[year] += 1
            new = f"WC-{year}-{numbers[year]:06d}"
            if new != case.reference:
                renamed[case.pk] = (case.reference, new)
            case.reference = new
        ReferenceCounter.objects.all().delete()
        ReferenceCounter.objects.bulk_create(
            [ReferenceCounter(year=year, last_number=n) for year, n in numbers.items()]
        )
        return renamed


def _columns(model, names):
    fields = [model._meta.get_field(name) for name in names]
    return fields, ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)


def _prepared(fields, values):
    return [
        f.get_db_prep_value(v, connection, prepared=False)
        for f, v in zip(fields, values, strict=True)
    ]


def _update_ranges(model, names, ranges):
    """Set `names` on the rows with lo < id <= hi, for each (values, lo, hi), in one go."""
    fields, assignments = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE id > %s AND id <= %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*_prepared(fields, v), lo, hi] for v, lo, hi in ranges])


def _update_rows(model, names, rows):
    """Set `names` on each row from (pk, values). Far faster than bulk_update's CASE."""
    if not rows:
        return
    fields, assignments = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*_prepared(fields, values), pk] for pk, values in rows])
