"""The demo carries the seed facts as linked, cited data, not only as prose."""

import datetime

import pytest
from django.core.management import call_command

from briefs.models import Bloc, Event, KeyFigure, Ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=None)


def test_the_export_halt_under_sanctions_is_a_cited_event(demo):
    event = Event.objects.get(slug="chip-makers-halt-exports-to-russia")
    assert event.kind == Event.Kind.SANCTIONS
    assert [c.iso2 for c in event.countries.all()] == ["RU"]
    assert event.sources.get().publisher.name == "The Independent"
    assert event.briefs.filter(slug="russia-ai-alliance-network-brics").exists()


def test_yakov_and_partners_count_of_ten_countries_is_a_key_figure_with_its_source(demo):
    figure = KeyFigure.objects.get(label="Countries developing their own generative AI models")
    assert figure.value == 10 and figure.unit == KeyFigure.Unit.COUNT
    assert figure.country.iso2 == "RU" and figure.currency == ""
    assert "Yakov and Partners" in figure.locator
    assert figure.source.publisher.name == "The Independent"


def test_the_networks_joining_members_are_memberships(demo):
    network = Bloc.objects.get(slug="ai-alliance-network")
    members = {m.country.iso2 for m in network.memberships.current(datetime.date(2024, 12, 11))}
    assert members == {"RU", "BR", "CN", "IN", "ZA", "RS", "ID"}


def test_russias_rank_context_is_data_and_no_rank_is_invented(demo):
    ranks = {
        (r.edition.indicator.slug, r.edition.year): r.rank_display
        for r in Ranking.objects.select_related("edition__indicator")
    }
    assert ranks == {
        ("tortoise-global-ai-index", 2024): "31st of 83",
        ("stanford-global-ai-vibrancy-tool", 2024): "29th of 36",
    }
    assert "behind the US, China, India and Brazil" in Ranking.objects.get(rank=31).note


def test_loading_the_demo_twice_leaves_the_same_data(demo, settings):
    counts = (Event.objects.count(), KeyFigure.objects.count(), Ranking.objects.count())
    call_command("load_demo", stdout=None)
    assert (Event.objects.count(), KeyFigure.objects.count(), Ranking.objects.count()) == counts
