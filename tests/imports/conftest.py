"""Fixtures for imports: an 83-country edition, files written as CSV or XLSX, and the roles."""

import csv
import io
from importlib import import_module

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group

from briefs.models import Country
from tests.factories import IndicatorEditionFactory, SourceFactory
from tests.workflow.conftest import member_of


def csv_bytes(rows, *, delimiter=",", encoding="utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def edition_rows(count: int = 83, *, pillar: str = "") -> list[list]:
    """A header and `count` ranks, one per country in ISO alpha-3 order."""
    codes = Country.objects.order_by("iso3").values_list("iso3", flat=True)[:count]
    return [["country", "rank", "score", "pillar"]] + [
        [code, rank, f"{100 - rank / 2:.1f}", pillar] for rank, code in enumerate(codes, 1)
    ]


@pytest.fixture
def edition(db):
    return IndicatorEditionFactory(
        indicator__name="Global AI Index", indicator__slug="global-ai-index", year=2024
    )


@pytest.fixture
def source(db):
    return SourceFactory(url="https://example.org/global-ai-index-2024", title="The index")


def _with_import_grants(user):
    # A transactional (browser) test may have flushed the groups: make them again.
    import_module("briefs.migrations.0016_aliases_imports").grant(django_apps, None)
    return user


@pytest.fixture
def editor(db):
    user = member_of("Editor", "imp-editor")
    if not Group.objects.get(name="Editor").permissions.filter(codename="import_data").exists():
        _with_import_grants(user)
    return user


@pytest.fixture
def contributor(db):
    return _with_import_grants(member_of("Contributor", "imp-contributor"))


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
