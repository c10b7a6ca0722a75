"""Importing and exporting in the admin: who may, the preview, the confirm, undo, round trips."""

import io
import re

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from briefs.models import ImportBatch, Ranking
from tests.factories import RankingFactory, country
from tests.imports.conftest import csv_bytes, edition_rows, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str):
    file = io.BytesIO(data)
    file.name = name
    return file


def preview(client, edition, source, data, name="ranks.xlsx"):
    fmt = "1" if name.endswith(".xlsx") else "0"
    return client.post(
        reverse("admin:briefs_ranking_import"),
        {
            "resource": "0",
            "edition": edition.pk,
            "source": source.pk if source else "",
            "format": fmt,
            "import_file": upload(data, name),
        },
    )


def hidden_fields(html: str) -> dict:
    confirm = html[html.index('action="/admin/briefs/ranking/process_import/"') :]
    confirm = confirm[: confirm.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm))


def confirm(client, response):
    return client.post(
        reverse("admin:briefs_ranking_process_import"), hidden_fields(response.content.decode())
    )


def test_a_contributor_cannot_import(client, contributor):
    client.force_login(contributor)
    assert client.get(reverse("admin:briefs_ranking_import")).status_code == 403
    changelist = client.get(reverse("admin:briefs_ranking_changelist"))
    assert "import_link" not in changelist.content.decode()


def test_an_editor_sees_import_and_export_on_the_changelist(editor_client):
    html = editor_client.get(reverse("admin:briefs_ranking_changelist")).content.decode()
    assert "import_link" in html
    assert "export_link" in html


def test_an_editor_previews_confirms_and_undoes_an_xlsx_edition(editor_client, edition, source):
    response = preview(editor_client, edition, source, xlsx_bytes(edition_rows(83)))
    html = response.content.decode()
    assert "83 new, 0 changed, 0 unchanged. Nothing is saved until you confirm." in html
    assert not Ranking.objects.exists()

    response = confirm(editor_client, response)
    batch = ImportBatch.objects.get()
    assert response.url == reverse("admin:briefs_importbatch_change", args=[batch.pk])
    assert Ranking.objects.filter(edition=edition, source=source).count() == 83

    page = editor_client.get(response.url).content.decode()
    assert "Undo this import" in page
    editor_client.post(reverse("admin:briefs_importbatch_undo", args=[batch.pk]))
    assert not Ranking.objects.exists()
    assert "Undo this import" not in editor_client.get(response.url).content.decode()


def test_one_bad_row_in_the_admin_is_named_and_nothing_is_offered_to_save(
    editor_client, edition, source
):
    rows = edition_rows(83)
    rows[40][0] = "Atlantis"
    response = preview(editor_client, edition, source, xlsx_bytes(rows))
    html = response.content.decode()
    assert "1 row cannot be imported" in html
    assert "<td>41</td><td>country</td>" in html
    assert "No country is called or coded" in html
    assert "process_import" not in html
    assert not Ranking.objects.exists()


def test_the_preview_shows_a_change_as_old_and_new(editor_client, edition, source):
    RankingFactory(edition=edition, country=country("RU"), rank=31, source=source)
    rows = [["country", "rank"], ["RUS", "30"]]
    html = preview(editor_client, edition, source, csv_bytes(rows), "r.csv").content.decode()
    assert "<del>31</del> → <ins>30</ins>" in html
    assert "Changed" in html


def test_the_history_of_an_imported_record_links_to_undoing_its_import(
    editor_client, edition, source
):
    response = confirm(
        editor_client, preview(editor_client, edition, source, csv_bytes(edition_rows(2)), "r.csv")
    )
    ranking = Ranking.objects.first()
    history = editor_client.get(reverse("admin:briefs_ranking_history", args=[ranking.pk]))
    html = history.content.decode()
    assert "Imported r.csv" in html
    assert response.url in html


def export(client, model: str, fmt: str) -> bytes:
    url = reverse(f"admin:briefs_{model}_export")
    page = client.get(url).content.decode()
    fields = re.findall(r"<input type=\"checkbox\" name=\"([^\"]+)\"[^>]*checked", page)
    data = {"format": fmt, "resource": "0", **dict.fromkeys(fields, "on")}
    response = client.post(url, data)
    assert response.status_code == 200, model
    return response.content


def test_a_round_trip_changes_exactly_the_edited_rows(editor_client, edition, source):
    confirm(editor_client, preview(editor_client, edition, source, xlsx_bytes(edition_rows(20))))
    before = dict(Ranking.objects.values_list("country__iso3", "updated_at"))
    workbook = openpyxl.load_workbook(io.BytesIO(export(editor_client, "ranking", "1")))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    edited = sheet.cell(row=5, column=header.index("rank") + 1)
    edited_country = sheet.cell(row=5, column=header.index("country") + 1).value
    edited.value = 83
    out = io.BytesIO()
    workbook.save(out)

    html = preview(editor_client, edition, source, out.getvalue()).content.decode()
    assert "0 new, 1 changed, 19 unchanged" in html
    confirm(editor_client, preview(editor_client, edition, source, out.getvalue()))
    after = dict(Ranking.objects.values_list("country__iso3", "updated_at"))
    assert [code for code in after if after[code] != before[code]] == [edited_country]
    assert Ranking.objects.get(country__iso3=edited_country).rank == 83


@pytest.mark.parametrize("fmt", ["0", "1"])
def test_every_changelist_exports_csv_and_xlsx(superuser_client, fmt):
    from briefs.admin.base import BaseAdmin

    models = [
        model._meta.model_name
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, BaseAdmin)
    ]
    assert len(models) >= 14
    for model in models:
        content = export(superuser_client, model, fmt)
        if fmt == "0":
            assert content.decode("utf-8-sig").splitlines()[0], model
        else:
            assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row >= 1, model


def test_a_confirmation_after_the_records_changed_saves_nothing_and_says_why(
    editor_client, edition, source
):
    response = preview(editor_client, edition, source, csv_bytes(edition_rows(40)), "r.csv")
    edition.countries_covered = 30
    edition.save()
    response = confirm(editor_client, response)
    assert response.url == reverse("admin:briefs_ranking_import")
    message = editor_client.get(response.url).content.decode()
    assert "Nothing was imported. Row 32, column &quot;rank&quot;: Rank 31 is beyond" in message
    assert not Ranking.objects.exists()
