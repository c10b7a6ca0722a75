"""Time the preview and the save of a large ranking import on a throwaway database."""

from django.core.management.base import BaseCommand, CommandError

from briefs.dev import import_benchmark


class Command(BaseCommand):
    help = (
        "Import N ranking rows (default 10,000) into one edition on a throwaway database: "
        "time reading the file, the preview and the save, and count their queries at N and "
        "N/10. Your own database is never opened. Exit status 3 if a phase takes over 60 s."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="Rows to import.")

    def handle(self, *args, rows, verbosity, **options):
        if not 1 <= rows <= 249 * 200:
            raise CommandError("--rows must be between 1 and 49,800.")

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(f"{message}...")

        phases = import_benchmark.run(rows=rows, progress=progress)
        self.stdout.write(import_benchmark.format_table(phases))
        if import_benchmark.missed_target(phases):
            raise CommandError("A phase took over the target: see the table.", returncode=3)
