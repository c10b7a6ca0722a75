"""Drive the site under gunicorn with wrk against its own floor (briefs.dev.loadtest)."""

from django.core.management.base import BaseCommand, CommandError

from briefs.dev import loadtest


class Command(BaseCommand):
    help = (
        "Seed a throwaway database, serve it with gunicorn and production settings, and "
        "measure each endpoint with wrk, cached and uncached, against a hello view and a "
        "static file. Writes bench/results/latest.json. BENCH_QUICK=1 for a quick run; "
        "LOADTEST_SCALE sets the seed's size. Your own database is never opened."
    )

    def handle(self, *args, verbosity, **options):
        plan = loadtest.Plan.from_environment()
        progress = self.stderr.write if verbosity else (lambda _: None)
        try:
            report = loadtest.run(plan, progress=progress)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        path = loadtest.write(report)
        self.stdout.write(loadtest.format_table(report))
        self.stdout.write(f"\nWritten to {path}")
