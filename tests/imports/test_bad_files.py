"""Bad files get a clear message and save nothing, from the command line and the admin alike."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from briefs.models import ImportBatch, Ranking
from tests.imports.conftest import csv_bytes, edition_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [["country", "rank"], ["RU", "31"], ["CN", "2"]]


def import_file(tmp_path, data: bytes, edition, source, *, name="ranks.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    call_command(
        "import_data",
        "rankings",
        str(path),
        edition=f"{edition.indicator.slug}:{edition.year}",
        source=source.url,
        verbosity=0,
    )


def refused(tmp_path, data, edition, source, *, name="ranks.csv") -> str:
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data, edition, source, name=name)
    assert not Ranking.objects.exists()
    assert not ImportBatch.objects.exists()
    return str(error.value)


def xlsx_with_formula() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["country", "rank"])
    sheet.append(["RU", "=30+1"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The file is empty"),
        ("blank.csv", b"\n \n", "The file is empty"),
        ("header-only.csv", b"country,rank\n", "has a header row but no rows"),
        ("latin1.csv", "country,rank\nCôte d'Ivoire,5\n".encode("latin-1"), "not UTF-8 text"),
        ("utf16.csv", csv_bytes(GOOD, encoding="utf-16"), "not UTF-8 text"),
        ("duplicate.csv", csv_bytes([*GOOD, ["CN", "2"]]), "Row 4 repeats row 3 exactly"),
        ("formula.csv", csv_bytes([*GOOD, ["IN", "=1+1"]]), 'Row 4, column "rank"'),
        ("plus.csv", csv_bytes([*GOOD, ["+IN", "9"]]), "would run as a formula"),
        ("at.csv", csv_bytes([*GOOD, ["@SUM(A1)", "9"]]), "would run as a formula"),
        ("formula.xlsx", xlsx_with_formula(), "'=30+1' would run as a formula"),
        ("header.csv", csv_bytes([["country", "rnak"], ["RU", "31"]]), "Unknown column: 'rnak'"),
        ("missing.csv", csv_bytes([["country"], ["RU"]]), "lacks the required column 'rank'"),
        ("not-xlsx.xlsx", b"PK\x03\x04 not really a zip", "cannot be read as an Excel workbook"),
        ("ragged.csv", b"country,rank\nRU,31,extra\n", "more cells than the header"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, edition, source, name, data, message):
    assert message in refused(tmp_path, data, edition, source, name=name)


def test_a_byte_order_mark_is_accepted(tmp_path, edition, source):
    import_file(tmp_path, b"\xef\xbb\xbf" + csv_bytes(GOOD), edition, source)
    assert Ranking.objects.count() == 2


def test_a_semicolon_separated_file_is_accepted(tmp_path, edition, source):
    import_file(tmp_path, csv_bytes(GOOD, delimiter=";"), edition, source)
    assert Ranking.objects.count() == 2


def test_a_negative_number_is_not_taken_for_a_formula(tmp_path, edition, source):
    rows = [["country", "rank", "score"], ["RU", "31", "-1.5"]]
    import_file(tmp_path, csv_bytes(rows), edition, source)
    assert str(Ranking.objects.get().score) == "-1.500"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, edition, source):
    path = tmp_path / "big.csv"
    with path.open("wb") as big:
        big.write(b"country,rank\n")
        big.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"The file is 50.0 MB; the largest accepted is 10.0"):
        call_command("import_data", "rankings", str(path), edition=str(edition.pk), verbosity=0)


def test_a_file_over_the_row_limit_is_refused(tmp_path, edition, source, settings):
    settings.IMPORT_MAX_ROWS = 20_000
    rows = [["country", "rank"]] + [["RU", str(n)] for n in range(100_000)]
    message = refused(tmp_path, csv_bytes(rows), edition, source)
    assert "more than 20,000 rows" in message
    assert "IMPORT_MAX_ROWS" in message


def test_a_bad_file_in_the_admin_is_named_next_to_the_file_field(editor_client, edition, source):
    upload = io.BytesIO("country,rank\nCôte,5\n".encode("latin-1"))
    upload.name = "ranks.csv"
    response = editor_client.post(
        reverse("admin:briefs_ranking_import"),
        {"edition": edition.pk, "source": source.pk, "format": "0", "import_file": upload},
    )
    assert response.status_code == 200
    assert "not UTF-8 text" in response.content.decode()
    assert not Ranking.objects.exists()


def test_an_oversized_upload_in_the_admin_is_refused(editor_client, edition, source, settings):
    settings.IMPORT_MAX_BYTES = 1024
    upload = io.BytesIO(csv_bytes(edition_rows(83)))
    upload.name = "ranks.csv"
    response = editor_client.post(
        reverse("admin:briefs_ranking_import"),
        {"edition": edition.pk, "source": source.pk, "format": "0", "import_file": upload},
    )
    assert "the largest accepted is 1.0" in response.content.decode()
    assert not Ranking.objects.exists()


def test_an_xlsx_edition_imports_from_the_command_line(tmp_path, edition, source):
    import_file(tmp_path, xlsx_bytes(edition_rows(83)), edition, source, name="gai.xlsx")
    assert Ranking.objects.filter(edition=edition).count() == 83
