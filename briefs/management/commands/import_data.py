"""Import a CSV or XLSX file from the command line, with the admin's rules and records.

    manage.py import_data rankings ranks.xlsx --edition tortoise-global-ai-index:2024 \\
        --source https://www.tortoisemedia.com/intelligence/global-ai --user editor
    manage.py import_data organizations orgs.csv --dry-run

One invalid row saves nothing; every reason is printed with its row and column.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...imports import batches
from ...imports.files import ImportFileError, check_size, read_dataset
from ...imports.resources import RESOURCES, edition_by_name, row_errors, source_by_name

MAX_SHOWN = 50
KINDS = {kind.replace("_", "-"): kind for kind in RESOURCES}


class Command(BaseCommand):
    help = "Import rankings, key figures, memberships, AI models, organizations, sources or events."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="What the file holds.")
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and preview every row; save nothing."
        )
        parser.add_argument(
            "--edition", help="Rankings: the edition, as indicator-slug:year or its id."
        )
        parser.add_argument("--source", help="The source of every row without its own (URL or id).")
        parser.add_argument("--user", help="The username the import is recorded under.")

    def handle(self, *args, kind, file, dry_run, edition, source, user, **options):
        resource_class = RESOURCES[KINDS[kind]]
        path = Path(file)
        try:
            check_size(path.stat().st_size)
            dataset = read_dataset(path.read_bytes(), path.name)
            resource = resource_class(
                edition=edition_by_name(edition) if edition else None,
                source=source_by_name(source) if source else None,
            )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        actor = self._user(user)
        with tqdm(total=len(dataset), unit="row", disable=options["verbosity"] < 1) as bar:
            resource.on_row = bar.update
            result = resource.import_data(dataset, dry_run=dry_run, file_name=path.name, user=actor)
        problems = row_errors(result)
        if problems:
            shown = problems[:MAX_SHOWN]
            if len(problems) > MAX_SHOWN:
                shown.append(f"... and {len(problems) - MAX_SHOWN} more.")
            shown.append(f"{path.name} was not imported: nothing was saved.")
            raise CommandError("\n".join(shown))
        totals = result.totals
        counts = f"{totals['new']} new, {totals['update']} changed, {totals['skip']} unchanged"
        if dry_run:
            self.stdout.write(f"Dry run of {path.name}: {counts}. Nothing was saved.")
        else:
            batch = result.batch
            self.stdout.write(
                self.style.SUCCESS(f"Imported {batches.summary(batch)} (import {batch.pk}).")
            )

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.has_perm("briefs.import_data"):
            raise CommandError(f"{username} may not import: only Editors and Publishers can.")
        return user
