"""Rankings of an edition: matched by country and pillar, every rule checked, all or nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from briefs.imports import batches
from briefs.imports.resources import RankingResource, row_errors
from briefs.models import AuditEvent, ImportBatch, Ranking
from tests.factories import RankingFactory, country
from tests.imports.conftest import edition_rows

pytestmark = pytest.mark.django_db


def dataset(rows):
    import tablib

    return tablib.Dataset(*rows[1:], headers=rows[0])


def run(rows, edition, source, *, dry_run=False, user=None, file_name="ranks.csv"):
    resource = RankingResource(edition=edition, source=source)
    return resource.import_data(dataset(rows), dry_run=dry_run, file_name=file_name, user=user)


def statuses(result) -> list[str]:
    return [row.import_type for row in result.valid_rows()]


def test_a_full_edition_imports_every_country_once(edition, source):
    result = run(edition_rows(83), edition, source)
    assert not row_errors(result)
    assert Ranking.objects.filter(edition=edition, source=source).count() == 83


def test_the_preview_says_new_changed_and_unchanged_and_saves_nothing(edition, source):
    RankingFactory(edition=edition, country=country("RU"), rank=31, source=source)
    RankingFactory(edition=edition, country=country("CN"), rank=2, source=source)
    rows = [["country", "rank"], ["RU", "30"], ["CN", "2"], ["IN", "10"]]
    result = run(rows, edition, source, dry_run=True)
    assert statuses(result) == ["update", "skip", "new"]
    assert "<del>31</del> → <ins>30</ins>" in str(result.valid_rows()[0].diff)
    assert Ranking.objects.get(country__iso2="RU").rank == 31
    assert not Ranking.objects.filter(country__iso2="IN").exists()


@pytest.mark.parametrize("name", ["RU", "rus", "643", "Russia", "russian federation"])
def test_countries_match_by_any_code_name_or_alias(edition, source, name):
    country("RU").aliases.create(name="Russian Federation", language="en")
    run([["country", "rank"], [name, "31"]], edition, source)
    assert Ranking.objects.get(edition=edition).country.iso2 == "RU"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["country", "rank"], ["RU", "84"]],
            'Row 2, column "rank": Rank 84 is beyond the 83 countries this edition covers.',
        ),
        (
            [["country", "rank"], ["Rusia", "31"]],
            'Row 2, column "country": No country is called or coded "Rusia". '
            'Did you mean "Russia"?',
        ),
        (
            [["country", "rank", "pillar"], ["RU", "31", ""], ["RUS", "30", ""]],
            'Row 3, column "country": Row 2 already gives this country\'s rank for this pillar.',
        ),
        (
            [["country", "rank"], ["RU", "first"]],
            "Row 2, column \"rank\": 'first' is not a whole number.",
        ),
        (
            [["country", "rank"], ["RU", "0"]],
            'Row 2, column "rank": Ensure this value is greater than or equal to 1.',
        ),
    ],
)
def test_one_invalid_row_saves_nothing_and_names_row_column_and_reason(
    edition, source, rows, expected
):
    rows = [*rows, ["CN", "2"] + [""] * (len(rows[0]) - 2)]
    result = run(rows, edition, source)
    assert expected in row_errors(result)
    assert not Ranking.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_rank_without_a_source_is_refused(edition):
    result = run([["country", "rank"], ["RU", "31"]], edition, None)
    assert row_errors(result) == [
        'Row 2, column "source": Every rank needs a source: choose one for the file or a row.'
    ]


def test_the_same_country_may_rank_once_per_pillar(edition, source):
    rows = [["country", "rank", "pillar"], ["RU", "31", ""], ["RU", "20", "Talent"]]
    run(rows, edition, source)
    assert sorted(Ranking.objects.values_list("pillar", "rank")) == [("", 31), ("Talent", 20)]


def test_an_import_is_one_revision_naming_the_file_and_an_audit_event(edition, source, editor):
    result = run(edition_rows(5), edition, source, user=editor, file_name="gai-2024.xlsx")
    batch = result.batch
    assert batch.revision.comment == "Imported gai-2024.xlsx"
    assert batch.revision.user == editor
    assert Version.objects.filter(revision=batch.revision).count() == 5
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORTED)
    assert event.actor == editor
    assert "gai-2024.xlsx: 5 new, 0 changed, 0 unchanged" in event.note


def test_undoing_an_import_deletes_what_it_created_and_restores_what_it_changed(
    edition, source, editor
):
    RankingFactory(edition=edition, country=country("RU"), rank=31, source=source, note="kept")
    result = run([["country", "rank"], ["RU", "30"], ["CN", "2"]], edition, source, user=editor)
    batches.undo(result.batch, user=editor)
    assert list(Ranking.objects.values_list("country__iso2", "rank", "note")) == [
        ("RU", 31, "kept")
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_UNDONE).count() == 1
    with pytest.raises(batches.UndoError):
        batches.undo(ImportBatch.objects.get(), user=editor)


def test_a_file_row_for_another_edition_is_refused(edition, source):
    rows = [["edition", "country", "rank"], ["Other index 2020", "RU", "31"]]
    [message] = row_errors(run(rows, edition, source))
    assert "is imported into Global AI Index 2024" in message


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_number_of_queries_does_not_grow_with_the_rows(edition, source, dry_run):
    counts = []
    for size in (40, 160):
        Ranking.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = run(edition_rows(83)[: size // 2 + 1], edition, source, dry_run=dry_run)
            result = run(
                edition_rows(83, pillar="Talent")[: size // 2 + 1], edition, source, dry_run=dry_run
            )
        assert not row_errors(result)
        counts.append(len(queries))
    assert counts[0] == counts[1]
