"""Rows a second for each API CSV table, on a throwaway database (briefs.dev.benchmark_csv)."""

from django.core.management.base import BaseCommand

from briefs.dev import benchmark_csv

from .benchmark import _positive


class Command(BaseCommand):
    help = (
        "Seed a throwaway database, read each API CSV table to its end through the test "
        "client and print rows a second against the target in briefs/dev/benchmark_csv.py. "
        "Your own database is never opened. Exit status 3 if a table is below the target."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=_positive(float), default=2.0, help="Seeded data; default 2."
        )
        parser.add_argument(
            "--repeat", type=_positive(int), default=5, help="Timed reads each; default 5."
        )

    def handle(self, *args, scale, repeat, verbosity, **options):
        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(f"{message}...")

        rates = benchmark_csv.run(scale=scale, repeat=repeat, progress=progress)
        self.stdout.write(benchmark_csv.format_table(rates))
        if any(r.rows_per_second < benchmark_csv.TARGET_ROWS_PER_SECOND for r in rates):
            raise SystemExit(3)
