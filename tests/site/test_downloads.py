"""Every data table downloads as CSV, XLSX, a metadata sidecar and a zip, exactly as the
page shows it, with its licence, sources and citation; pages say whose data it is."""

import csv
import io
import json
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from briefs.models import Bloc, Country, IndicatorEdition, Source

pytestmark = pytest.mark.django_db

EDITION = ("tortoise-global-ai-index", 2024)


def download_urls() -> dict[str, str]:
    return {
        "edition": reverse(
            "briefs:edition-download", kwargs={"slug": EDITION[0], "year": EDITION[1], "fmt": "csv"}
        ),
        "country ranks": reverse(
            "briefs:country-rankings-download", kwargs={"slug": "russia", "fmt": "csv"}
        ),
        "country key figures": reverse(
            "briefs:country-figures-download", kwargs={"slug": "russia", "fmt": "csv"}
        ),
        "bloc members": reverse(
            "briefs:bloc-members-download", kwargs={"slug": "brics", "fmt": "csv"}
        ),
        "AI model index": reverse("briefs:aimodel-index-download", kwargs={"fmt": "csv"}),
        "comparison": reverse("briefs:compare-download", kwargs={"fmt": "csv"})
        + "?countries=RUS~CHN~IND",
    }


def fetch(client, url: str, fmt: str):
    response = client.get(url.replace(".csv", f".{fmt}", 1))
    assert response.status_code == 200, response.content[:300]
    return response


def read_csv(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("table", list(download_urls()))
def test_every_table_downloads_as_csv_xlsx_metadata_and_zip_with_the_same_rows(client, demo, table):
    url = download_urls()[table]
    rows = read_csv(fetch(client, url, "csv").content)
    assert rows, f"{table}: the demo has rows for this table"

    workbook = openpyxl.load_workbook(io.BytesIO(fetch(client, url, "xlsx").content))
    sheet = workbook["data"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(rows[0].keys())
    assert sheet.max_row == len(rows) + 1
    assert "about" in workbook.sheetnames

    meta = json.loads(fetch(client, url, "metadata.json").content)
    assert meta["licence"]["name"] == "CC BY 4.0"
    assert meta["licence"]["url"].startswith("https://creativecommons.org/")
    assert meta["sources"], "the metadata names the sources"
    assert all(source["url"] and "publisher" in source for source in meta["sources"])
    assert all(source["licence"] for source in meta["sources"])
    assert [column["name"] for column in meta["columns"]] == header
    assert all(column["description"] for column in meta["columns"])
    assert meta["citation"]["full"] and meta["citation"]["bibtex"].startswith("@misc{")
    assert meta["last_updated"] and meta["row_count"] == len(rows)

    archive = zipfile.ZipFile(io.BytesIO(fetch(client, url, "zip").content))
    names = archive.namelist()
    assert any(name.endswith(".csv") for name in names)
    assert any(name.endswith(".metadata.json") for name in names)
    readme = archive.read(next(name for name in names if name.endswith("README.md"))).decode()
    assert "CC BY 4.0" in readme and meta["sources"][0]["url"] in readme


def test_edition_csv_holds_the_ranks_the_page_shows(client, demo):
    url = download_urls()["edition"]
    rows = read_csv(fetch(client, url, "csv").content)
    assert [(row["country_iso3"], row["rank"], row["out_of"]) for row in rows] == [
        ("RUS", "31", "83")
    ]
    assert rows[0]["source_publisher"] == "The Independent"
    response = fetch(client, url, "csv")
    assert response["Content-Disposition"] == (
        'attachment; filename="tortoise-global-ai-index-2024.csv"'
    )


def test_metadata_names_each_sources_licence_when_the_source_records_one(client, demo):
    Source.objects.filter(url__contains="independent").update(
        licence="", licence_url="https://www.independent.co.uk/service/terms"
    )
    meta = json.loads(fetch(client, download_urls()["edition"], "metadata.json").content)
    independent = next(s for s in meta["sources"] if s["publisher"] == "The Independent")
    assert independent["licence"] == "Publisher's terms"
    assert independent["licence_url"] == "https://www.independent.co.uk/service/terms"
    assert meta["third_party_data"] is True


def test_bloc_members_download_on_a_date_holds_the_members_in_force_then(client, demo):
    url = download_urls()["bloc members"]
    members = {
        on: {
            row["country_iso3"] for row in read_csv(fetch(client, url + f"?on={on}", "csv").content)
        }
        for on in ("2023-06-01", "2024-06-01", "2025-06-01")
    }
    assert members["2023-06-01"] == {"BRA", "RUS", "IND", "CHN", "ZAF"}
    assert members["2024-06-01"] == members["2023-06-01"] | {"EGY", "ETH", "IRN", "ARE"}
    assert members["2025-06-01"] == members["2024-06-01"] | {"IDN"}


def test_a_download_with_a_bad_date_or_country_answers_400_saying_why(client, demo):
    bad_date = client.get(download_urls()["bloc members"] + "?on=June")
    assert bad_date.status_code == 400
    assert "YYYY-MM-DD" in bad_date.content.decode()
    url = reverse("briefs:compare-download", kwargs={"fmt": "csv"})
    bad_code = client.get(url + "?countries=RUS~XXZ")
    assert bad_code.status_code == 400
    assert "XXZ" in bad_code.content.decode()


def test_a_download_of_something_missing_is_404(client, demo):
    url = reverse(
        "briefs:edition-download", kwargs={"slug": EDITION[0], "year": 1999, "fmt": "csv"}
    )
    assert client.get(url).status_code == 404


def test_text_that_a_spreadsheet_would_run_is_not_a_formula_in_csv_or_xlsx(client, demo):
    edition = IndicatorEdition.objects.get(indicator__slug=EDITION[0], year=EDITION[1])
    edition.rankings.update(note='=HYPERLINK("http://example.com")')
    url = download_urls()["edition"]
    rows = read_csv(fetch(client, url, "csv").content)
    assert rows[0]["note"].startswith("'=")
    sheet = openpyxl.load_workbook(io.BytesIO(fetch(client, url, "xlsx").content))["data"]
    note = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("note") + 1)
    assert note.data_type == "s" and note.value.startswith("'=")


@pytest.mark.parametrize(
    "page",
    [
        ("briefs:indicator-detail", {"slug": EDITION[0]}),
        ("briefs:country-detail", {"slug": "russia"}),
        ("briefs:bloc-detail", {"slug": "brics"}),
        ("briefs:aimodel-list", {}),
    ],
)
def test_data_pages_link_their_downloads_and_mark_third_party_data(client, demo, page):
    response = client.get(reverse(page[0], kwargs=page[1]))
    html = response.content.decode()
    assert ".csv" in html and ".xlsx" in html and ".metadata.json" in html and ".zip" in html
    assert "Third-party data" in html
    assert 'rel="license"' in html


def test_key_figures_table_numbers_its_sources_instead_of_repeating_them(client, demo):
    html = client.get(reverse("briefs:country-detail", kwargs={"slug": "russia"})).content.decode()
    figures = html[html.index('id="figures-heading"') :]
    assert (
        figures.count('href="#figure-source-1"')
        == Country.objects.get(iso2="RU").key_figures.count()
    )
    assert figures.count('id="figure-source-1"') == 1


def test_bloc_download_has_one_row_per_member_with_its_sources(client, demo):
    rows = read_csv(fetch(client, download_urls()["bloc members"], "csv").content)
    assert len(rows) == Bloc.objects.get(slug="brics").memberships.count()
    assert all(row["source_url"] for row in rows)
