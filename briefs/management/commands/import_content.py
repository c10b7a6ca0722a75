"""Load a file written by export_content into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from briefs.content_transfer import NotEmptyError, import_content


class Command(BaseCommand):
    help = (
        "Import FILE, written by export_content, into a freshly migrated database with "
        "no content yet, in one transaction: all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A file from export_content")

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        if not file.name.endswith((".json", ".json.gz")):
            raise CommandError(f"{file} must end in .json or .json.gz, as export_content writes.")
        try:
            import_content(file, verbosity=options["verbosity"])
        except NotEmptyError as error:
            raise CommandError(str(error)) from error
        except DeserializationError as error:
            raise CommandError(f"{file} could not be read as an export: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {file}."))
