"""An editor imports an edition in a browser: refused on a bad row, fixed, imported, undone."""

import pytest
from django.urls import reverse

from briefs.models import Country, ImportBatch, Ranking
from tests.factories import IndicatorEditionFactory, SourceFactory, restore_countries
from tests.imports.conftest import _with_import_grants, edition_rows, xlsx_bytes
from tests.workflow.conftest import member_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "correct horse battery staple"  # UserFactory's


def upload(page, live_server, path, edition, source):
    page.goto(live_server.url + reverse("admin:briefs_ranking_changelist"))
    page.click("a.import_link")
    page.select_option("#id_edition", str(edition.pk))
    page.select_option("#id_source", str(source.pk))
    page.set_input_files("#id_import_file", str(path))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")


def test_an_editor_imports_an_83_row_edition_fixes_a_bad_row_and_undoes_it(
    new_page, live_server, tmp_path
):
    restore_countries()  # an earlier browser test's flush removed the migration's rows
    _with_import_grants(member_of("Editor", "edna"))
    edition = IndicatorEditionFactory(
        indicator__name="Global AI Index", indicator__slug="global-ai-index", year=2024
    )
    source = SourceFactory(url="https://example.org/gai-2024", title="Global AI Index 2024")
    rows = edition_rows(83)
    rows[31][0] = "Rusia"  # row 32 of the sheet
    bad = tmp_path / "gai-2024-bad.xlsx"
    bad.write_bytes(xlsx_bytes(rows))
    rows[31][0] = "Russia"
    good = tmp_path / "gai-2024.xlsx"
    good.write_bytes(xlsx_bytes(rows))

    # The admin has no favicon, and Chromium asks for /favicon.ico anyway: the 404s allowed
    # are that one; every response of the pages themselves is checked below.
    page, watcher = new_page(allowed_statuses=(404,))
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "edna")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    upload(page, live_server, bad, edition, source)
    refusal = page.inner_text("table.import-invalid")
    assert "32" in refusal and "country" in refusal and 'Did you mean "Russia"?' in refusal
    assert "Nothing was saved" in page.content()
    assert not Ranking.objects.exists()

    upload(page, live_server, good, edition, source)
    assert "83 new, 0 changed, 0 unchanged" in page.inner_text(".import-totals")
    assert not Ranking.objects.exists()
    page.click("input[name=confirm]")
    assert "Imported gai-2024.xlsx: 83 new" in page.inner_text(".messagelist")
    assert Ranking.objects.filter(edition=edition).count() == 83

    indicator_url = live_server.url + edition.indicator.get_absolute_url()
    page.goto(indicator_url)
    assert page.locator("#edition-2024 ~ .table-scroll td.rank").count() == 83
    assert page.locator("text=Russia").count() >= 1
    # The map of the edition fills: the ranked countries are shaded by fifths of the ranks
    # (a few of the 83 are too small to be drawn at the map's scale).
    assert page.locator("figure.map").count() == 1
    assert page.locator("figure.map svg [class^='rank-']").count() >= 50

    # A second edition, imported the same way, gives the rank chart its trend.
    earlier = IndicatorEditionFactory(
        indicator=edition.indicator, year=2023, countries_covered=edition.countries_covered
    )
    older = tmp_path / "gai-2023.xlsx"
    older.write_bytes(xlsx_bytes([rows[0], *[[c, 84 - r, s, p] for c, r, s, p in rows[1:]]]))
    upload(page, live_server, older, earlier, source)
    page.click("input[name=confirm]")
    assert "Imported gai-2023.xlsx: 83 new" in page.inner_text(".messagelist")
    compared = Country.objects.filter(iso3__in=[rows[1][0], rows[32][0]])
    page.goto(indicator_url + "?" + "&".join(f"country={c.slug}" for c in compared))
    chart = page.locator("figure.chart")
    assert chart.count() == 1 and chart.locator("svg").count() == 1
    assert "2023" in chart.inner_text() and "2024" in chart.inner_text()

    page.goto(
        live_server.url + ImportBatch.objects.get(file_name="gai-2024.xlsx").get_absolute_url()
    )
    page.click("input[value='Undo this import']")
    assert "Undid gai-2024.xlsx" in page.inner_text(".messagelist")
    assert not Ranking.objects.filter(edition=edition).exists()
    page.goto(indicator_url)
    assert "No ranks recorded for this edition yet." in page.content()
    assert page.locator("figure.map").count() == 0
    assert not watcher.problems
    assert not failed
