"""Write all content to a JSON file with natural keys (see briefs/content_transfer.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from briefs.content_transfer import export_content


class Command(BaseCommand):
    help = (
        "Export the knowledge base, the briefs, their history and the accounts they name "
        "to FILE (JSON with natural keys; FILE.json.gz is compressed). Media files are not "
        "included. Read it back with import_content."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write, e.g. content.json.gz")

    def handle(self, *args, file: Path, **options):
        if not file.name.endswith((".json", ".json.gz")):
            raise CommandError(f"{file} must end in .json or .json.gz.")
        if not file.parent.is_dir():
            raise CommandError(f"There is no folder {file.parent} to write {file.name} into.")
        counts = export_content(file)
        for label, count in counts.items():
            if count and options["verbosity"] > 1:
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Exported {sum(counts.values())} rows to {file}."))
