"""Store afresh the HTML of every brief rendered by an older Markdown renderer."""

from django.core.management.base import BaseCommand

from briefs.markdown import RENDERER_VERSION
from briefs.models import Brief, ContentGeneration

BATCH = 500


class Command(BaseCommand):
    help = (
        "Render and store the body of every brief whose stored HTML an older renderer "
        "made (after raising briefs.markdown.RENDERER_VERSION). Until then such briefs "
        "are rendered on every read, so this only saves time; it is safe to run twice."
    )

    def handle(self, *args, **options):
        stale = Brief.objects.exclude(stored_body_html_version=RENDERER_VERSION)
        batch, count = [], 0
        for brief in stale.only("pk", "body").iterator(chunk_size=BATCH):
            brief.render_body()
            batch.append(brief)
            if len(batch) == BATCH:
                count += self._store(batch)
                batch = []
        count += self._store(batch)
        if count:
            ContentGeneration.bump()  # bulk_update sends no signals
        self.stdout.write(f"Rendered {count} brief(s) with renderer version {RENDERER_VERSION}.")

    def _store(self, briefs) -> int:
        Brief.objects.bulk_update(briefs, ["stored_body_html", "stored_body_html_version"])
        return len(briefs)
