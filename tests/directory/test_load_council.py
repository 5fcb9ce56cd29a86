"""Loading a council from a YAML or JSON file: what it creates, idempotence, bad files."""

import io
import json

import pytest
import yaml
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wardcase.accounts.models import Role, User
from wardcase.directory.models import Council, Department, Service
from wardcase.directory.services import ADMINISTRATORS_GROUP
from wardcase.directory.services import loading as directory_loading
from wardcase.places.models import Ward

COUNCIL_YAML = """\
council:
  name: Fernley Borough Council
  nation: wales
wards:
  - name: Abermor
    gss_code: W05000001
  - name: Castle
departments:
  - name: Highways
    head: head.roads
  - name: Housing
services:
  - name: Potholes
    department: Highways
  - name: Street lighting
    department: Highways
  - name: Repairs
    department: Housing
users:
  - username: cllr.jones
    name: Cllr Eleri Jones
    email: eleri.jones@fernley.example
    role: councillor
    ward: Abermor
  - username: cllr.price
    name: Cllr Huw Price
    email: huw.price@fernley.example
    role: councillor
    ward: Castle
  - username: caseworker.ann
    name: Ann Caseworker
    email: ann@fernley.example
    role: caseworker
    acts_for: [cllr.jones, cllr.price]
  - username: coordinator
    name: Cath Coordinator
    email: cath@fernley.example
    role: coordinator
  - username: officer.roads
    name: Rhys Roads
    email: rhys@fernley.example
    role: officer
    department: Highways
  - username: head.roads
    name: Helen Head
    email: helen@fernley.example
    role: head_of_service
  - username: head.housing
    name: Harri Housing
    email: harri@fernley.example
    role: head_of_service
    department: Housing
  - username: admin
    name: Alys Admin
    email: alys@fernley.example
    role: administrator
"""


def load(path, *args):
    out = io.StringIO()
    call_command("load_council", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="council.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot():
    """Every row load_council can touch, so a test can tell that nothing changed at all."""
    return {
        "councils": sorted(Council.objects.values_list("name", "nation")),
        "wards": sorted(Ward.objects.values_list("council__name", "name", "gss_code")),
        "departments": sorted(
            Department.objects.values_list("name", "head__username", "active"),
            key=str,
        ),
        "services": sorted(Service.objects.values_list("department__name", "name", "active")),
        "users": sorted(
            User.objects.values_list(
                "username",
                "name",
                "email",
                "role",
                "ward__name",
                "department__name",
                "is_staff",
                "password",
            ),
            key=str,
        ),
        "acts_for": sorted(
            User.acts_for.through.objects.values_list("from_user__username", "to_user__username")
        ),
        "groups": sorted(Group.objects.values_list("name", "user__username"), key=str),
    }


@pytest.fixture
def council_file(db, tmp_path):
    return write(tmp_path, COUNCIL_YAML)


def test_load_creates_the_council_and_everything_in_it(council_file):
    """A council file creates the council, wards, departments, services and users."""
    output = load(council_file)

    council = Council.objects.get()
    assert (council.name, council.nation) == ("Fernley Borough Council", "wales")
    assert dict(Ward.objects.values_list("name", "gss_code")) == {
        "Abermor": "W05000001",
        "Castle": "",
    }
    assert set(Service.objects.values_list("department__name", "name")) == {
        ("Highways", "Potholes"),
        ("Highways", "Street lighting"),
        ("Housing", "Repairs"),
    }
    users = {u.username: u for u in User.objects.all()}
    assert {u.role for u in users.values()} == set(Role.values)
    assert users["cllr.jones"].ward.name == "Abermor"
    assert set(users["caseworker.ann"].acts_for.values_list("username", flat=True)) == {
        "cllr.jones",
        "cllr.price",
    }
    assert users["officer.roads"].department.name == "Highways"
    assert "Brackenford" not in output and "Fernley Borough Council: 16 created" in output


def test_new_users_cannot_sign_in_until_given_a_password(council_file):
    """New users get an unusable password unless a demo password is asked for."""
    load(council_file)
    assert not any(u.has_usable_password() for u in User.objects.all())


def test_demo_password_is_set_on_every_user_in_the_file(council_file):
    """--demo-password gives every user in the file that password."""
    load(council_file, "--demo-password", "demo-pass-123")
    assert all(u.check_password("demo-pass-123") for u in User.objects.all())


def test_heads_of_service_head_their_departments(council_file):
    """A named head works in the department; a department's only head of service heads it."""
    load(council_file)
    highways, housing = (
        Department.objects.get(name="Highways"),
        Department.objects.get(name="Housing"),
    )
    assert highways.head.username == "head.roads"
    assert highways.head.department == highways
    assert housing.head.username == "head.housing"


def test_administrators_are_staff_with_the_configuration_models(council_file):
    """Administrators can sign in to the Django admin and change the council's set-up."""
    load(council_file)
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert admin.groups.filter(name=ADMINISTRATORS_GROUP).exists()
    assert admin.has_perm("directory.change_service")
    assert admin.has_perm("places.add_ward")
    assert not admin.has_perm("cases.view_case")
    assert not User.objects.exclude(role=Role.ADMINISTRATOR).filter(is_staff=True).exists()


def test_loading_the_same_file_again_changes_nothing(council_file):
    """A second load of the same file writes nothing and says so."""
    load(council_file)
    before = snapshot()
    output = load(council_file)
    assert snapshot() == before
    assert "Fernley Borough Council: 0 created, 0 updated, 16 unchanged" in output
    assert "users: 0 created, 0 updated, 8 unchanged" in output


def test_changed_values_are_updated(council_file, tmp_path):
    """Values changed in the file are written on the next load, and counted as updates."""
    load(council_file)
    changed = (
        COUNCIL_YAML.replace("name: Cllr Huw Price", "name: Cllr Huw Price-Evans")
        .replace("    ward: Castle\n", "    ward: Abermor\n")
        .replace("acts_for: [cllr.jones, cllr.price]", "acts_for: [cllr.jones]")
        .replace("  - name: Castle\n", "  - name: Castle\n    gss_code: W05000002\n")
    )
    output = load(write(tmp_path, changed, "changed.yaml"))
    price = User.objects.get(username="cllr.price")
    assert (price.name, price.ward.name) == ("Cllr Huw Price-Evans", "Abermor")
    caseworker = User.objects.get(username="caseworker.ann")
    assert list(caseworker.acts_for.values_list("username", flat=True)) == ["cllr.jones"]
    assert Ward.objects.get(name="Castle").gss_code == "W05000002"
    assert "users: 0 created, 2 updated, 6 unchanged" in output
    assert "wards: 0 created, 1 updated, 1 unchanged" in output


def test_role_change_away_from_administrator_removes_admin_access(council_file, tmp_path):
    """Someone who stops being an administrator loses the Django admin."""
    load(council_file)
    demoted = COUNCIL_YAML.replace("role: administrator", "role: coordinator")
    load(write(tmp_path, demoted, "demoted.yaml"))
    user = User.objects.get(username="admin")
    assert not user.is_staff
    assert not user.groups.exists()


def test_optional_keys_left_out_leave_current_values_alone(council_file, tmp_path):
    """Leaving out a ward's GSS code or a user's ward keeps what the database holds."""
    load(council_file)
    trimmed = COUNCIL_YAML.replace("    gss_code: W05000001\n", "").replace(
        "    ward: Abermor\n", "", 1
    )
    load(write(tmp_path, trimmed, "trimmed.yaml"))
    assert Ward.objects.get(name="Abermor").gss_code == "W05000001"
    assert User.objects.get(username="cllr.jones").ward.name == "Abermor"


def test_departments_are_grouped_into_directorates(council_file, tmp_path):
    """A department's directorate is made on first mention, moved when changed, and
    left alone when the key is left out."""
    load(council_file)
    grouped = COUNCIL_YAML.replace(
        "  - name: Housing\n", "  - name: Housing\n    directorate: People\n"
    ).replace("    head: head.roads\n", "    head: head.roads\n    directorate: Place\n")
    output = load(write(tmp_path, grouped, "grouped.yaml"))
    directorates = dict(Department.objects.values_list("name", "directorate__name"))
    assert directorates == {"Highways": "Place", "Housing": "People"}
    assert "departments: 0 created, 2 updated, 0 unchanged" in output
    moved = grouped.replace("directorate: People", "directorate: Place")
    load(write(tmp_path, moved.replace("    directorate: Place\n", "", 1), "moved.yaml"))
    directorates = dict(Department.objects.values_list("name", "directorate__name"))
    assert directorates == {"Highways": "Place", "Housing": "Place"}


def test_json_files_load_too(db, tmp_path):
    """The same council as JSON loads the same way, by extension or by content."""
    data = yaml.safe_load(COUNCIL_YAML)
    load(write(tmp_path, json.dumps(data, indent=2), "council.json"))
    first = snapshot()
    output = load(write(tmp_path, json.dumps(data), "council.txt"))
    assert snapshot() == first
    assert "0 created, 0 updated, 16 unchanged" in output
    assert User.objects.count() == 8


def test_glossary_key_loads_the_default_glossary(db, tmp_path):
    """`glossary: default` adds the shipped departments and services to the file's own."""
    load(write(tmp_path, COUNCIL_YAML + "glossary: default\n"))
    assert Service.objects.count() >= 50
    assert Department.objects.filter(name="Highways").exists()
    assert Department.objects.count() >= 10


def test_with_glossary_flag_lets_users_refer_to_glossary_departments(db, tmp_path):
    """With --with-glossary, users may work in a department only the glossary defines."""
    text = COUNCIL_YAML.replace(
        "    department: Housing\n  - username: admin",
        "    department: Licensing\n  - username: admin",
    )
    with pytest.raises(CommandError, match='no department "Licensing"'):
        load(write(tmp_path, text))
    load(write(tmp_path, text), "--with-glossary")
    assert User.objects.get(username="head.housing").department.name == "Licensing"
    assert Department.objects.get(name="Licensing").head.username == "head.housing"


# Each bad file: what to change in the good one, and the message that must name the problem.
# Every bad file also adds a ward, to show nothing at all is written when the file is bad.
BAD_FILES = {
    "yaml syntax": (
        ("  - name: Castle\n", "  - name: Castle\n  - name: [Eastfield\n"),
        "line 10: not valid YAML: expected ',' or ']', but got ':' (column 12), while parsing a "
        "flow sequence that starts at line 9",
    ),
    "unknown role": (
        ("    role: caseworker\n", "    role: mayor\n"),
        'line 34: users[2].role: "mayor" is not one of councillor, caseworker, coordinator, '
        "officer, head_of_service, administrator",
    ),
    "unknown ward": (
        ("    ward: Castle\n", "    ward: Nowhere\n"),
        'users[1].ward: no ward "Nowhere" in wards',
    ),
    "unknown department": (
        (
            "    department: Highways\n  - username: head.roads",
            "    department: Roads\n  - username: head.roads",
        ),
        'users[4].department: no department "Roads" in departments',
    ),
    "unknown service department": (
        ("    department: Housing\nusers:", "    department: Housnig\nusers:"),
        'services[2].department: no department "Housnig" in departments',
    ),
    "unknown head": (
        ("  - name: Housing\n", "  - name: Housing\n    head: x\n"),
        'departments[1].head: no user "x" in users',
    ),
    "head is not a head of service": (
        ("    head: head.roads\n", "    head: officer.roads\n"),
        'departments[0].head: "officer.roads" is not a head of service',
    ),
    "unknown acts_for": (
        ("acts_for: [cllr.jones, cllr.price]", "acts_for: [cllr.jones, cllr.nobody]"),
        'users[2].acts_for[1]: no user "cllr.nobody" in users',
    ),
    "acts_for a non-councillor": (
        ("acts_for: [cllr.jones, cllr.price]", "acts_for: [coordinator]"),
        'users[2].acts_for[0]: "coordinator" is not a councillor',
    ),
    "missing user key": (
        ("    email: huw.price@fernley.example\n", ""),
        "users[1].email: is required",
    ),
    "missing council": (
        ("council:\n  name: Fernley Borough Council\n  nation: wales\n", ""),
        "council: is required",
    ),
    "invalid nation": (
        ("nation: wales", "nation: cymru"),
        'line 3: council.nation: "cymru" is not one of england, wales, scotland, northern_ireland',
    ),
    "duplicate usernames": (
        ("username: cllr.price", "username: cllr.jones"),
        'users[1].username: "cllr.jones" is also users[0]',
    ),
    "unknown key": (
        ("    ward: Castle\n", "    wrad: Castle\n"),
        'users[1].wrad: unknown key "wrad"',
    ),
    "gss code of another nation": (
        ("gss_code: W05000001", "gss_code: E05000001"),
        'wards[0].gss_code: "E05000001" is not a code for Wales',
    ),
    "name that is not text": (
        ("  - name: Castle\n", "  - name: 1984\n"),
        'wards[1].name: should be text: write it in quotes ("1984")',
    ),
}


@pytest.mark.parametrize("change, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_its_problem_and_changes_nothing(
    council_file, tmp_path, change, message
):
    """A bad file names the key (and line) at fault and leaves the database exactly as it was."""
    load(council_file)
    before = snapshot()
    old, new = change
    assert old in COUNCIL_YAML
    text = COUNCIL_YAML.replace(old, new, 1).replace(
        "  - name: Castle\n", "  - name: Castle\n  - name: Eastfield\n", 1
    )
    with pytest.raises(CommandError) as caught:
        load(write(tmp_path, text, "bad.yaml"))
    assert message in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert snapshot() == before
    assert not Ward.objects.filter(name="Eastfield").exists()


def test_a_bad_file_on_an_empty_database_creates_nothing(db, tmp_path):
    """Refusing a first load leaves no council, ward, department or user behind."""
    text = COUNCIL_YAML.replace("role: coordinator", "role: mayor")
    with pytest.raises(CommandError, match='"mayor" is not one of'):
        load(write(tmp_path, text))
    assert not Council.objects.exists()
    assert not User.objects.exists() and not Ward.objects.exists()
    assert not Department.objects.exists() and not Group.objects.exists()


def test_every_problem_is_listed_at_once(db, tmp_path):
    """An administrator sees all the problems in one go, not one per attempt."""
    text = COUNCIL_YAML.replace("role: coordinator", "role: mayor").replace(
        "ward: Castle", "ward: Nowhere"
    )
    with pytest.raises(CommandError) as caught:
        load(write(tmp_path, text))
    assert "(2 problems)" in str(caught.value)


def test_a_failure_while_writing_rolls_everything_back(council_file, tmp_path, monkeypatch):
    """If writing fails part-way, the transaction leaves nothing half-loaded."""
    load(council_file)
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(directory_loading, "apply_heads", fail)
    changed = COUNCIL_YAML.replace("  - name: Castle\n", "  - name: Castle\n  - name: Eastfield\n")
    with pytest.raises(RuntimeError):
        load(write(tmp_path, changed, "changed.yaml"))
    assert snapshot() == before


def test_a_second_council_is_refused(council_file, tmp_path):
    """One installation runs one council: a file for another council is refused."""
    load(council_file)
    other = COUNCIL_YAML.replace("Fernley Borough Council", "Other Council")
    with pytest.raises(CommandError, match='already holds "Fernley Borough Council"'):
        load(write(tmp_path, other, "other.yaml"))
    assert Council.objects.count() == 1


def test_a_missing_file_is_reported(db, tmp_path):
    """A path that does not exist gives a clear error, not a traceback."""
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "missing.yaml")
