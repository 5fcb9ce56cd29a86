"""Generate a realistic council with N cases, for benchmarks and performance work."""

import time

from django.core.management.base import BaseCommand, CommandError

from wardcase.core.errors import ServiceError
from wardcase.demo.generating import generate_data


class Command(BaseCommand):
    help = (
        "Build a realistic council (the demo council grown to --councillors) and --cases "
        "cases over five years, in bulk, with the same timeline, clocks, audit and search "
        "index the services write. The same --seed gives the same data on the same day. "
        "Cases are added to any already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to make.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--councillors",
            type=int,
            default=None,
            help="Councillors in the council, three a ward (default: by the number of cases).",
        )
        parser.add_argument(
            "--batch", type=int, default=5000, help="Cases per transaction (default 5000)."
        )

    def handle(self, *args, cases, seed, councillors, batch, **options):
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if councillors is not None and councillors < 1:
            raise CommandError("--councillors must be at least 1.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        started, cpu = time.monotonic(), time.process_time()

        def progress(done, total):
            rate = done / max(time.monotonic() - started, 1e-9)
            self.stderr.write(f"  {done:,}/{total:,} cases, {rate:,.0f} cases/s", ending="\r")

        try:
            summary = generate_data(
                cases=cases, seed=seed, councillors=councillors, batch=batch, progress=progress
            )
        except (ServiceError, ValueError) as exc:
            raise CommandError(f"No cases were generated: {exc}") from exc
        self.stderr.write("")
        rows = ", ".join(f"{name} {count:,}" for name, count in summary.rows.items())
        statuses = ", ".join(f"{k.replace('_', ' ')} {n:,}" for k, n in summary.statuses.items())
        self.stdout.write(f"Council: {summary.councillors} councillors.")
        self.stdout.write(f"Rows written: {rows}.")
        self.stdout.write(f"Cases by status: {statuses}.")
        # The machine may be shared: this process's CPU time says how much was its own.
        self.stdout.write(
            f"Generated {summary.cases:,} cases in {summary.seconds:.1f} s "
            f"({time.process_time() - cpu:.1f} s of CPU in this process): "
            f"{summary.rate:,.0f} cases/s."
        )
