"""Time every public page and API endpoint on a throwaway database (briefs.dev.benchmark)."""

import argparse
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from briefs.dev import benchmark


def _positive(kind):
    def parse(raw: str):
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{raw!r} is not a number.") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{raw!r} must be greater than 0.")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Seed a throwaway database with a realistic volume of data, request every public "
        "page and API endpoint through the test client, and print median and p95 times, "
        "query counts and sizes against the targets in briefs/dev/benchmark.py. Your own "
        "database is never opened. Exit status 3 if a target is missed, 1 if a page fails."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=_positive(float),
            default=1.0,
            help="Multiply the amount of seeded data (1: 500 published briefs). Default 1.",
        )
        parser.add_argument(
            "--repeat",
            type=_positive(int),
            default=20,
            help="Timed requests per page and endpoint, after one warm-up. Default 20.",
        )
        parser.add_argument(
            "--json", dest="json_path", metavar="FILE", help="Also write the results to FILE."
        )

    def handle(self, *args, scale, repeat, json_path, verbosity, **options):
        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(f"{message}...")

        report = benchmark.run(scale=scale, repeat=repeat, progress=progress)
        self.stdout.write(benchmark.format_table(report))
        if json_path:
            Path(json_path).write_text(json.dumps(report.as_dict(), indent=2) + "\n")
        status = report.exit_status
        if status == benchmark.EXIT_FAILED:
            raise CommandError("Some pages did not answer 200: see the table.", returncode=status)
        if status == benchmark.EXIT_SLOW:
            raise CommandError("Some pages missed their target: see the table.", returncode=status)
