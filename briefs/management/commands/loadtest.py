"""Drive the site under gunicorn with wrk against its own floor (briefs.dev.loadtest)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from briefs.dev import loadtest


class Command(BaseCommand):
    help = (
        "Seed a throwaway database, serve it with gunicorn and production settings, and "
        "measure each endpoint with wrk, cached and uncached, against a hello view and a "
        "static file. Writes bench/results/latest.json. BENCH_QUICK=1 for a quick run; "
        "LOADTEST_SCALE sets the seed's size. Your own database is never opened."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--compare",
            nargs=2,
            metavar=("SMALL", "LARGE"),
            help="Compare two results files (e.g. scale 2 and scale 200): each endpoint's p50 "
            "in LARGE as a multiple of SMALL's. Runs nothing.",
        )

    def handle(self, *args, verbosity, compare=None, **options):
        if compare:
            try:
                small, large = (json.loads(Path(name).read_text()) for name in compare)
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the results: {error}") from error
            self.stdout.write(loadtest.format_comparison(loadtest.compare(small, large)))
            return
        plan = loadtest.Plan.from_environment()
        progress = self.stderr.write if verbosity else (lambda _: None)
        try:
            report = loadtest.run(plan, progress=progress)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        path = loadtest.write(report)
        self.stdout.write(loadtest.format_table(report))
        self.stdout.write(f"\nWritten to {path}")
