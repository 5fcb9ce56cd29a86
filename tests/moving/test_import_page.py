"""The Council settings page that imports cases: administrators only, upload, dry run,
progress and the report. Tasks run at once in tests (the immediate backend)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.moving.helpers import csv_bytes, row
from wardcase.cases.models import Case
from wardcase.moving.models import CaseImport


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a file; the task queued on commit runs (the test's transaction never commits)."""

    def post(rows, **options):
        data = {"file": SimpleUploadedFile("old.csv", csv_bytes(rows), "text/csv"), **options}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("council:imports"), data)

    return post


@pytest.mark.parametrize("who", ["coordinator", "councillor", "officer", "head"])
def test_only_administrators_reach_the_import_pages(client, world, who, upload):
    """Anyone else gets nothing: not the form, not an import, not its report."""
    job = CaseImport.objects.create(
        token="t", file_format="csv", original_name="x.csv", created_by=world.administrator
    )
    client.force_login(getattr(world, who))
    for url in (
        reverse("council:imports"),
        reverse("council:import_detail", args=[job.pk]),
        reverse("council:import_report", args=[job.pk]),
    ):
        assert client.get(url).status_code in {403, 404}
    assert upload([row()]).status_code in {403, 404}
    assert CaseImport.objects.count() == 1


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("council:imports"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_a_dry_run_reports_without_writing(client, world, upload):
    """The report lists each rejected row; a dry run writes no case."""
    client.force_login(world.administrator)
    response = upload([row(), row(reference="B", councillor="cllr.onne")], dry_run="on")
    job = CaseImport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/")
    assert (job.status, job.rows, job.valid, job.rejected, job.imported) == ("done", 2, 1, 1, 0)
    assert not Case.objects.filter(legacy_reference__isnull=False).exists()
    page = client.get(response["Location"]).content.decode()
    assert "unknown councillor “cllr.onne” - did you mean “cllr.one”?" in page
    assert "hx-trigger" not in page  # finished: no more polling
    report = client.get(reverse("council:import_report", args=[job.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert report.content.decode().splitlines()[1].startswith("3,B,councillor,unknown councillor")


def test_an_import_runs_and_shows_its_progress(client, world, upload):
    """A real run imports the rows; the progress fragment polls until it is done."""
    client.force_login(world.administrator)
    upload([row(), row(reference="B")])
    job = CaseImport.objects.get()
    assert (job.status, job.imported, job.percent) == ("done", 2, 100)
    assert Case.objects.filter(legacy_reference__in=["SIEBEL-1", "B"]).count() == 2
    fragment = client.get(
        reverse("council:import_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'value="100"' in fragment and "2 of 2 cases imported" in fragment
    CaseImport.objects.filter(pk=job.pk).update(status="importing", done=1, to_do=4)
    fragment = client.get(
        reverse("council:import_detail", args=[job.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="25"' in fragment


def test_a_file_that_is_not_csv_or_xlsx_is_refused(client, world):
    client.force_login(world.administrator)
    response = client.post(
        reverse("council:imports"),
        {"file": SimpleUploadedFile("old.txt", b"hello", "text/plain")},
    )
    assert response.status_code == 400
    assert "Choose a .csv or .xlsx file" in response.content.decode()
    assert not CaseImport.objects.exists()


def test_the_report_never_hands_a_spreadsheet_a_formula(client, world, upload):
    """A rejected row's reference comes from the council's file: the downloaded report
    leads it with an apostrophe, so a spreadsheet shows it as text."""
    client.force_login(world.administrator)
    upload([row(reference="=cmd|' /C calc'!A0", councillor="nobody")], dry_run="on")
    job = CaseImport.objects.get()
    report = client.get(reverse("council:import_report", args=[job.pk])).content.decode()
    line = report.splitlines()[1]
    assert line.startswith("2,'=cmd|")
    assert ",=" not in report
