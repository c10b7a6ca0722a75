"""A bounded load run: wrk against gunicorn on loopback (briefs.dev.loadrun)."""

from django.core.management.base import BaseCommand, CommandError

from briefs.dev import loadrun

from .benchmark import _positive


class Command(BaseCommand):
    help = (
        "Seed a throwaway database, serve it with gunicorn (production settings) on "
        "127.0.0.1, load it with wrk for a bounded time over every public page and API "
        "endpoint, and report requests, latency and responses by status. Exit status 1 "
        "if any response was a 5xx. Your own database is never opened."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=_positive(int), default=30, help="Seconds (30).")
        parser.add_argument(
            "--connections", type=_positive(int), default=64, help="Open connections (64)."
        )
        parser.add_argument(
            "--scale", type=_positive(float), default=1.0, help="Seeded data, as in benchmark (1)."
        )
        parser.add_argument(
            "--workers",
            type=_positive(int),
            default=3,
            help="gunicorn workers when there is no gunicorn.conf.py (3).",
        )
        parser.add_argument(
            "--threads",
            type=_positive(int),
            default=8,
            help="Threads per gunicorn worker when there is no gunicorn.conf.py (8).",
        )

    def handle(self, *args, duration, connections, scale, workers, threads, **options):
        def progress(message: str) -> None:
            if options["verbosity"] >= 1:
                self.stderr.write(f"{message}...")

        try:
            report = loadrun.run(
                duration=duration,
                connections=connections,
                scale=scale,
                workers=workers,
                server_threads=threads,
                progress=progress,
            )
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.as_text())
        if report.server_errors:
            raise CommandError(f"{report.server_errors} responses were 5xx.", returncode=1)
