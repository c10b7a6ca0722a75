"""Key figures, memberships, AI models, organizations, sources and events, under their rules."""

import pytest
import tablib

from briefs.imports.resources import (
    AIModelResource,
    EventResource,
    KeyFigureResource,
    MembershipResource,
    OrganizationResource,
    SourceResource,
    row_errors,
)
from briefs.models import AIModel, Event, KeyFigure, Membership, Organization, Source
from tests.factories import AliasFactory, BlocFactory, OrganizationFactory, SourceFactory

pytestmark = pytest.mark.django_db


def run(resource, rows, **kwargs):
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    return resource.import_data(dataset, dry_run=False, file_name="file.csv", **kwargs)


def test_money_needs_a_currency(source):
    rows = [
        ["country", "label", "value", "unit", "currency", "year"],
        ["RU", "AI market", "1.2", "currency", "", "2024"],
    ]
    assert row_errors(run(KeyFigureResource(source=source), rows)) == [
        'Row 2, column "currency": Money needs an ISO 4217 currency code, such as RUB.'
    ]
    assert not KeyFigure.objects.exists()


def test_a_key_figure_needs_a_source():
    rows = [
        ["country", "label", "value", "unit", "year"],
        ["RU", "Companies", "10", "count", "2024"],
    ]
    [message] = row_errors(run(KeyFigureResource(), rows))
    assert message.startswith('Row 2, column "source"')


def test_key_figures_import_and_match_on_a_second_run(source):
    rows = [
        ["country", "label", "value", "unit", "currency", "year", "kind"],
        ["RU", "AI market", "1.2", "currency", "RUB", "2024", "actual"],
    ]
    run(KeyFigureResource(source=source), rows)
    rows[1][2] = "1.3"
    result = run(KeyFigureResource(source=source), rows)
    assert result.totals["update"] == 1
    assert str(KeyFigure.objects.get().value) == "1.3000"


def test_membership_dates_must_be_in_order():
    BlocFactory(slug="brics", name="BRICS")
    rows = [
        ["bloc", "country", "joined_on", "left_on"],
        ["brics", "RU", "2020-01-01", "2019-01-01"],
    ]
    assert row_errors(run(MembershipResource(), rows)) == [
        'Row 2, column "left_on": A member cannot leave before it joined.'
    ]
    assert not Membership.objects.exists()


def test_memberships_import_with_their_sources():
    BlocFactory(slug="brics", name="BRICS")
    source = SourceFactory(url="https://example.org/brics")
    rows = [
        ["bloc", "country", "joined_on", "sources"],
        ["BRICS", "Brazil", "2009-06-16", source.url],
    ]
    run(MembershipResource(), rows)
    membership = Membership.objects.get()
    assert membership.country.iso2 == "BR"
    assert list(membership.sources.all()) == [source]


def test_ai_models_import_with_developers_named_by_alias():
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    AliasFactory(entity=sber, name="Sber", language="en")
    rows = [
        ["name", "developers", "country", "released_on"],
        ["GigaChat", "Sber", "RU", "2023-04-24"],
    ]
    run(AIModelResource(), rows)
    model = AIModel.objects.get()
    assert model.slug == "gigachat"
    assert list(model.developers.all()) == [sber]


def test_an_ai_model_needs_a_developer():
    rows = [["name", "developers"], ["GigaChat", ""]]
    assert row_errors(run(AIModelResource(), rows)) == [
        'Row 2, column "developers": Name at least one developer.'
    ]


def test_organizations_import_and_a_later_row_may_name_an_earlier_as_parent():
    rows = [
        ["name", "kind", "country", "parent"],
        ["Sberbank", "bank", "RU", ""],
        ["SberDevices", "company", "RU", "Sberbank"],
    ]
    assert not row_errors(run(OrganizationResource(), rows))
    assert Organization.objects.get(slug="sberdevices").parent.slug == "sberbank"


def test_an_organization_kind_must_be_a_known_one():
    [message] = row_errors(run(OrganizationResource(), [["name", "kind"], ["Sber", "shop"]]))
    assert message == "Row 2, column \"kind\": Value 'shop' is not a valid choice."


def test_a_source_cannot_be_accessed_before_it_was_published():
    rows = [
        ["url", "title", "published_on", "accessed_on"],
        ["https://example.org/a", "A", "2024-12-11", "2024-12-01"],
    ]
    assert row_errors(run(SourceResource(), rows)) == [
        'Row 2, column "accessed_on": A source cannot be accessed before it was published.'
    ]
    assert not Source.objects.exists()


def test_events_import_with_their_links():
    BlocFactory(slug="brics", name="BRICS")
    rows = [
        ["title", "kind", "occurred_on", "countries", "blocs"],
        ["Network formed", "alliance_formed", "2024-12-11", "RU; China; 356", "brics"],
    ]
    run(EventResource(), rows)
    event = Event.objects.get()
    assert sorted(event.countries.values_list("iso2", flat=True)) == ["CN", "IN", "RU"]
    assert event.blocs.get().slug == "brics"


def test_a_failing_webhook_does_not_fail_the_import(
    monkeypatch, django_capture_on_commit_callbacks
):
    def fail(**kwargs):
        raise ConnectionError("receiver down")

    monkeypatch.setattr("briefs.webhooks.notify_import_completed", fail)
    with django_capture_on_commit_callbacks(execute=True):
        run(SourceResource(), [["url", "title"], ["https://example.org/c", "C"]])
    assert Source.objects.filter(url="https://example.org/c").exists()


def test_undoing_an_ai_model_import_puts_back_its_developers():
    from briefs.imports import batches
    from tests.factories import AIModelFactory

    yandex = OrganizationFactory(name="Yandex", slug="yandex")
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    model = AIModelFactory(name="GigaChat", slug="gigachat", developers=[sber])
    result = run(
        AIModelResource(), [["name", "slug", "developers"], ["GigaChat", "gigachat", "yandex"]]
    )
    assert list(model.developers.all()) == [yandex]
    batches.undo(result.batch, user=None)
    assert list(model.developers.all()) == [sber]
