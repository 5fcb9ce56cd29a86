"""`manage.py generate_data`: a realistic council with as many cases as asked for, fast.

For benchmarks and performance work: the demo council grown to size (`council.py`), then
cases spread over five years and every status, made in batches (`cases.py`, with their
clocks from `clocks.py`) and written in bulk (`writer.py`: COPY on PostgreSQL). Each
batch is one transaction holding everything the services would have written for its
cases: constituents, cases, timeline events, clocks, pauses, shares, attachments (small
files), audit entries, the search index (built set-based by `index_cases`), the
reference counters and the id sequences. The same seed, case count, councillors and
`now` give the same data.
"""

import random
import sys
import time as monotonic
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from wardcase.audit.models import AuditEntry
from wardcase.cases.models import Attachment, Case, CaseEvent, CaseShare, ReferenceCounter
from wardcase.cases.services import reports_rollup_refresh, rollup_mark_stale
from wardcase.charter.models import Clock, Pause
from wardcase.constituents.models import Constituent
from wardcase.demo.generating import columns as case_rows
from wardcase.demo.generating.cases import CaseMaker
from wardcase.demo.generating.clocks import COLUMNS as CLOCK_COLUMNS
from wardcase.demo.generating.clocks import ClockBook
from wardcase.demo.generating.council import council_build, default_councillors
from wardcase.demo.generating.writer import Rows, advance_sequences
from wardcase.directory.models import Department
from wardcase.search.indexing import index_cases

YEARS = 5
BATCH = 5000

# Written in this order: each table's rows point only at tables before it.
TABLES = (
    (Constituent, case_rows.PERSON_COLUMNS),
    (Case, case_rows.CASE_COLUMNS),
    (CaseEvent, case_rows.EVENT_COLUMNS),
    (Clock, CLOCK_COLUMNS),
    (Pause, case_rows.PAUSE_COLUMNS),
    (CaseShare, case_rows.SHARE_COLUMNS),
    (Attachment, case_rows.ATTACHMENT_COLUMNS),
    (AuditEntry, case_rows.AUDIT_COLUMNS),
)


@dataclass
class GenerateSummary:
    """What `generate_data` made, and how fast."""

    cases: int = 0
    councillors: int = 0
    seconds: float = 0.0
    rows: dict = field(default_factory=dict)  # model name -> rows written
    statuses: dict = field(default_factory=dict)

    @property
    def rate(self):
        return self.cases / self.seconds if self.seconds else 0.0


def ages(*, cases, rng):
    """Days before now each case was logged, oldest first: most spread over five years, a
    fifth in the last two months (the current caseload)."""
    span = YEARS * 365
    drawn = [
        rng.uniform(0, 60) if rng.random() < 0.2 else rng.uniform(0, span) for _ in range(cases)
    ]
    drawn.sort(reverse=True)
    return drawn


def generate_data(
    *, cases, seed=1, councillors=None, now=None, batch=BATCH, progress=None, pipeline=None
):
    """Build the council and `cases` cases. `progress(done, total)` is called per batch.

    With `pipeline` (the default outside a transaction) a second thread, on a connection
    of its own, writes each batch while the next is made: the database's work (indexes,
    search vectors) overlaps Python's. Ids are given on from the highest at the start, so
    nothing else may write these tables meanwhile.
    """
    if cases < 1:
        raise ValueError("Ask for at least one case.")
    started = monotonic.monotonic()
    now = timezone.localtime(now or timezone.now())
    councillors = councillors or default_councillors(cases)
    if pipeline is None:
        pipeline = not connection.in_atomic_block
    with transaction.atomic():
        staff = council_build(councillors=councillors, cases=cases, seed=seed)
    rng = random.Random(seed)
    drawn = ages(cases=cases, rng=rng)
    directorate_of = dict(Department.objects.values_list("pk", "directorate_id"))
    first_year = (now - timedelta(days=YEARS * 366)).year - 1
    book = ClockBook(first_year=first_year, today=now.date(), directorate_of=directorate_of)
    tables = {model.__name__: Rows(model, columns) for model, columns in TABLES}
    for rows in tables.values():
        rows.start_ids()
    files = []
    maker = CaseMaker(staff=staff, book=book, tables=tables, rng=rng, now=now, files=files)
    maker.counters = dict(ReferenceCounter.objects.values_list("year", "last_number"))
    summary = GenerateSummary(councillors=len(staff.councillors))
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending = None  # the batch the writer thread is on, and its size
        for start in range(0, cases, batch):
            ids = [maker.make(age) for age in drawn[start : start + batch]]
            for name, rows in tables.items():
                summary.rows[name] = summary.rows.get(name, 0) + len(rows)
            job = (
                [tables[model.__name__].take() for model, _columns in TABLES],
                ids,
                dict(maker.counters),
                files[:],
            )
            files.clear()
            if pending is not None:
                _settle(pending, summary, progress, cases)
                pending = None
            if pipeline:
                pending = (writer.submit(_write_batch, *job), len(ids))
            else:
                _write_batch(*job)
                _settle(None, summary, progress, cases, count=len(ids))
        if pending is not None:
            _settle(pending, summary, progress, cases)
            writer.submit(_close_connection).result()
    reports_rollup_refresh()  # the days just written, counted once rather than per batch
    summary.statuses = dict(sorted(maker.statuses.items()))
    summary.seconds = monotonic.monotonic() - started
    return summary


def _close_connection():
    """Close the connection of the thread this runs in (the writer's)."""
    connection.close()


def _settle(pending, summary, progress, total, count=0):
    """Wait for a batch to be written (raising its error), then count it."""
    if pending is not None:
        future, count = pending
        future.result()
    summary.cases += count
    if progress is not None:
        progress(summary.cases, total)


def _write_batch(tables, ids, counters, files):
    """One batch in one transaction: its rows, sequences, search index and counters."""
    with transaction.atomic():
        for rows in tables:
            rows.flush()
        advance_sequences([rows.model for rows in tables])
        index_cases(case_ids=ids)
        rollup_mark_stale(case_ids=ids)  # as the services would, for the reports' roll-up
        _counters_save(counters)
    _files_store(files)


def _counters_save(counters):
    """Each year's counter at the last reference issued, so new cases number on."""
    for year, last in counters.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})


def _files_store(files):
    """Write the attachments' small files. A filesystem storage is written directly."""
    try:
        base = default_storage.path("")
    except NotImplementedError:
        base = None
    made = set()
    for name, content in files:
        if base is None:
            default_storage.save(name, ContentFile(content))
            continue
        path = Path(default_storage.path(name))
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(content)
    files.clear()


def stderr_progress(done, total, *, stream=sys.stderr):
    """A plain progress line, rewritten in place."""
    stream.write(f"\r  {done:,}/{total:,} cases ({100 * done // total}%)")
    if done == total:
        stream.write("\n")
    stream.flush()
