"""`manage.py load_demo` loads the launch story, and loading it again changes nothing."""

import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from briefs.models import Brief, IndicatorEdition, KeyFigure, Membership, Ranking

pytestmark = pytest.mark.django_db


def row_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("briefs").get_models()
    }


def load(settings, *, debug: bool) -> str:
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_loading_twice_gives_the_same_rows(settings):
    load(settings, debug=False)
    first = row_counts()
    load(settings, debug=False)
    assert row_counts() == first
    assert first["Brief"] >= 1


def test_demo_story_is_published_and_cited(settings):
    load(settings, debug=False)
    brief = Brief.objects.published().get(slug="russia-ai-alliance-network-brics")
    assert brief.citations.first().source.url.startswith("https://www.independent.co.uk/")
    assert "AI Alliance Network" in brief.body
    assert brief.featured


def test_demo_ranks_read_as_in_the_report(settings):
    load(settings, debug=False)
    ranks = {
        ranking.edition.indicator.name: ranking.rank_display
        for ranking in Ranking.objects.select_related("edition__indicator")
    }
    assert ranks == {"Global AI Index": "31st of 83", "Global AI Vibrancy Tool": "29th of 36"}
    assert all("edition" in ranking.note for ranking in Ranking.objects.all())
    coverage = sorted(IndicatorEdition.objects.values_list("year", "countries_covered"))
    assert coverage == [(2023, 62), (2024, 36), (2024, 83)]


def test_demo_figures_carry_currency_year_and_source(settings):
    load(settings, debug=False)
    gdp_2030 = KeyFigure.objects.get(label="AI contribution to GDP", year=2030)
    assert gdp_2030.value_display == "RUB 11.2 trillion"
    assert gdp_2030.usd_display == "USD 109 billion"
    assert gdp_2030.source.publisher.name == "The Independent"


def test_demo_memberships_have_their_dates(settings):
    load(settings, debug=False)
    indonesia = Membership.objects.get(bloc__slug="brics", country__iso2="ID")
    assert indonesia.joined_on.isoformat() == "2025-01-06"
    network = Membership.objects.filter(bloc__slug="ai-alliance-network")
    assert sorted(network.values_list("country__iso2", flat=True)) == [
        "BR", "CN", "ID", "IN", "RS", "RU", "ZA",
    ]  # fmt: skip


def test_with_debug_off_no_demo_account_is_created(settings):
    output = load(settings, debug=False)
    assert not get_user_model().objects.exists()
    assert "login" not in output


def test_with_debug_on_the_demo_editor_can_log_in(settings, client):
    output = load(settings, debug=True)
    assert "Demo admin login: editor / briefs-demo-editor" in output
    # Through the sign-in form, as the editor does (django-axes checks it).
    credentials = {"username": "editor", "password": "briefs-demo-editor"}
    assert client.post(reverse("admin:login"), credentials).status_code == 302
    assert Brief.objects.filter(authors__username="editor").count() == 2


def test_loading_into_a_database_with_other_data_is_idempotent_and_leaves_it_be(settings):
    from briefs.dev.benchmark_seed import Sizes, seed

    seed(Sizes.at(0.05))  # other data: the same countries, labels and topic names
    other_briefs = set(Brief.objects.values_list("slug", flat=True))
    load(settings, debug=False)
    first = row_counts()
    load(settings, debug=False)
    assert row_counts() == first
    assert other_briefs < set(Brief.objects.values_list("slug", flat=True))
    assert KeyFigure.objects.filter(label="AI contribution to GDP", year=2030).exists()
    assert Brief.objects.published().filter(slug="russia-ai-alliance-network-brics").exists()
