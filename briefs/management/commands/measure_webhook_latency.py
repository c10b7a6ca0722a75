"""Measure a scheduled brief's webhook latency on a throwaway database (briefs.dev)."""

from django.core.management.base import BaseCommand

from briefs.dev import webhook_latency


class Command(BaseCommand):
    help = (
        "Schedule briefs a few seconds ahead on a throwaway database, run the real worker "
        "(manage.py db_worker) beside a local HTTP receiver, and print how many seconds "
        "after each publish_at its brief.published webhook arrived. Your own database is "
        "never opened."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5, help="Briefs to schedule. Default 5.")
        parser.add_argument(
            "--lead", type=float, default=5.0, help="Seconds ahead to schedule each. Default 5."
        )
        parser.add_argument(
            "--port", type=int, default=0, help="The receiver's port (default: any free one)."
        )

    def handle(self, *args, runs, lead, port, **options):
        latencies = webhook_latency.measure(
            runs=runs, lead_seconds=lead, port=port, write=self.stdout.write
        )
        if latencies:
            ordered = sorted(latencies)
            self.stdout.write(
                f"{len(ordered)} deliveries: median {ordered[len(ordered) // 2]:.2f} s, "
                f"max {ordered[-1]:.2f} s after publish_at"
            )
