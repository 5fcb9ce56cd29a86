"""Loading a council from an XLSX workbook: the same council as the YAML, and each problem
named by its sheet, row and column."""

import pytest
import yaml
from django.core.management import CommandError
from django.db import transaction
from openpyxl import Workbook

from tests.directory.test_load_council import COUNCIL_YAML, load, snapshot, write
from wardcase.accounts.models import Invitation, User
from wardcase.core.spreadsheets import append_text_row
from wardcase.directory.council_workbook import SHEETS
from wardcase.directory.models import Council, Department, Directorate
from wardcase.places.models import Ward

# The test council, its departments grouped into directorates (one with no department yet).
GROUPED_YAML = COUNCIL_YAML.replace(
    "    head: head.roads\n", "    head: head.roads\n    directorate: Place\n"
).replace("departments:\n", "directorates:\n  - name: Place\n  - name: People\ndepartments:\n", 1)


def workbook_from(data, path):
    """The council file's data as a workbook: a sheet per part, its keys as headings."""
    book = Workbook()
    book.remove(book.active)
    for kind, columns in SHEETS.items():
        if kind not in data:
            continue
        items = [data[kind]] if kind == "council" else data[kind]
        headings = [c for c in columns if any(c in item for item in items)]
        sheet = book.create_sheet(kind)
        append_text_row(sheet, headings)
        for item in items:
            values = [item.get(h) for h in headings]
            append_text_row(sheet, [", ".join(v) if isinstance(v, list) else v for v in values])
    book.save(path)
    return path


def write_sheets(path, sheets):
    """A workbook from {sheet: [row, ...]}, the first row its headings."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            append_text_row(sheet, row)
    book.save(path)
    return path


def state():
    """What a load made, passwords as usable or not (each hash is salted afresh)."""
    made = snapshot()
    made["users"] = sorted(
        (u.username, u.name, u.email, u.role, str(u.ward), str(u.department), u.is_staff)
        + (u.has_usable_password(),)
        for u in User.objects.select_related("ward", "department")
    )
    made["directorates"] = sorted(Directorate.objects.values_list("name", flat=True))
    made["grouped"] = sorted(Department.objects.values_list("name", "directorate__name"))
    made["invited"] = sorted(Invitation.objects.values_list("user__username", flat=True))
    return made


def test_a_workbook_loads_the_same_council_as_the_yaml(db, tmp_path):
    """The workbook with the YAML's fields makes the same council, users and invitations."""
    point = transaction.savepoint()
    yaml_output = load(write(tmp_path, GROUPED_YAML))
    from_yaml = state()
    transaction.savepoint_rollback(point)
    assert not Council.objects.exists()

    path = workbook_from(yaml.safe_load(GROUPED_YAML), tmp_path / "council.xlsx")
    output = load(path)

    assert state() == from_yaml
    assert from_yaml["directorates"] == ["People", "Place"]
    assert len(from_yaml["invited"]) == 8
    assert output == yaml_output
    assert "directorates: 2 created" in output
    assert "0 created, 0 updated, 18 unchanged" in load(path)


def test_a_blank_cell_or_a_missing_column_keeps_the_current_value(db, tmp_path):
    """As with a key left out of a YAML file, a blank cell or a column left out leaves an
    optional value as it is."""
    data = yaml.safe_load(GROUPED_YAML)
    load(workbook_from(data, tmp_path / "first.xlsx"))
    for ward in data["wards"]:
        ward.pop("gss_code", None)  # no gss_code column at all
    users = {u["username"]: u for u in data["users"]}
    del users["cllr.jones"]["ward"]  # a blank cell in the ward column
    users["cllr.price"]["name"] = "Cllr Huw Price MBE"
    output = load(workbook_from(data, tmp_path / "second.xlsx"))
    assert Ward.objects.get(name="Abermor").gss_code == "W05000001"
    assert User.objects.get(username="cllr.jones").ward.name == "Abermor"
    assert User.objects.get(username="cllr.price").name == "Cllr Huw Price MBE"
    assert "users: 0 created, 1 updated, 7 unchanged" in output


def test_a_workbook_with_errors_names_each_cell_and_writes_nothing(db, tmp_path):
    """Every problem is reported by sheet, row and column, and nothing is written."""
    data = yaml.safe_load(GROUPED_YAML)
    users = {u["username"]: u for u in data["users"]}
    users["coordinator"]["role"] = "mayor"  # users row 5, column D
    users["cllr.price"]["ward"] = "Nowhere"  # users row 3, column E
    users["officer.roads"]["email"] = "not-an-address"  # users row 6, column C
    data["departments"][1]["directorate"] = "Peeple"  # departments row 3, column C
    data["services"][2]["department"] = "Housing Repairs"  # services row 4, column B
    data["wards"][0]["gss_code"] = "X123"  # wards row 2, column B
    path = workbook_from(data, tmp_path / "bad.xlsx")

    with pytest.raises(CommandError) as caught:
        load(path)

    message = str(caught.value)
    assert "(6 problems); nothing was changed" in message
    listed = [line.split(": ", 1)[1] for line in message.splitlines()[1:]]
    assert listed == [
        'sheet wards, row 2, column B (gss_code): "X123" is not an ONS GSS code like E05012345',
        'sheet departments, row 3, column C (directorate): no directorate "Peeple" in directorates',
        'sheet services, row 4, column B (department): no department "Housing Repairs" in '
        "departments",
        'sheet users, row 3, column E (ward): no ward "Nowhere" in wards',
        'sheet users, row 5, column D (role): "mayor" is not one of councillor, caseworker, '
        "coordinator, officer, head_of_service, administrator",
        'sheet users, row 6, column C (email): "not-an-address" is not an email address',
    ]
    assert not Council.objects.exists() and not User.objects.exists()
    assert not Ward.objects.exists() and not Directorate.objects.exists()


def test_sheets_and_columns_that_are_not_a_councils_are_named(db, tmp_path):
    """An unknown sheet or column, a repeated one, a value under no heading, a missing
    council sheet: each is named by its place before any row is checked."""
    path = write_sheets(
        tmp_path / "odd.xlsx",
        {
            "Wards": [["name", "gss code"], ["Abermor", "W05000001"]],
            "people": [["username"], ["cllr.jones"]],
            "users": [["username", "name", "Username"], ["a", "A", "b"]],
            "services": [["name", "department"], ["Potholes", "Highways", "extra"]],
        },
    )
    with pytest.raises(CommandError) as caught:
        load(path)
    listed = [line.split(": ", 1)[1] for line in str(caught.value).splitlines()[1:]]
    assert listed == [
        "the workbook needs a council sheet (name, nation)",
        "sheet Wards, row 1, column B (gss code): unknown column (expected name, gss_code)",
        "sheet people: unknown sheet (expected council, wards, directorates, departments, "
        "services, users)",
        "sheet users, row 1, column C (Username): username is also column A",
        "sheet services, row 2, column C: this cell's column has no heading in row 1",
    ]
    assert not Council.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(db, tmp_path):
    """A .xlsx that is not one says so and changes nothing."""
    path = write(tmp_path, COUNCIL_YAML, "council.xlsx")
    with pytest.raises(CommandError, match="is not a readable XLSX workbook"):
        load(path)
    assert not Council.objects.exists()
