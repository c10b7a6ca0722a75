"""Readers reach the demo story and every entity behind it; drafts stay hidden."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from briefs.models import (
    AIModel,
    Bloc,
    Brief,
    Event,
    Indicator,
    Organization,
    Person,
    Source,
    Topic,
)
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=None)


def test_home_leads_with_the_featured_story(client, demo):
    response = client.get(reverse("briefs:home"))
    assert response.status_code == 200
    assert "Russia bets on a BRICS network to stay in the AI race" in response.text


def test_every_demo_entity_page_answers_200(client, demo):
    pages = [
        *(b.get_absolute_url() for b in Brief.objects.published()),
        *(b.get_absolute_url() for b in Bloc.objects.all()),
        *(o.get_absolute_url() for o in Organization.objects.all()),
        *(m.get_absolute_url() for m in AIModel.objects.all()),
        *(p.get_absolute_url() for p in Person.objects.all()),
        *(i.get_absolute_url() for i in Indicator.objects.all()),
        *(e.get_absolute_url() for e in Event.objects.all()),
        *(t.get_absolute_url() for t in Topic.objects.all()),
        *(s.get_absolute_url() for s in Source.objects.all()),
        reverse("briefs:country-detail", kwargs={"slug": "russia"}),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "name",
    [
        "brief-list",
        "country-list",
        "bloc-list",
        "organization-list",
        "aimodel-list",
        "indicator-list",
        "event-list",
    ],
)
def test_index_pages_answer_200(client, demo, name):
    assert client.get(reverse(f"briefs:{name}")).status_code == 200


def test_brief_page_shows_numbered_sources_and_the_figures(client, demo):
    response = client.get(reverse("briefs:brief-detail", args=["russia-ai-alliance-network-brics"]))
    assert 'href="https://www.independent.co.uk/' in response.text
    assert "RUB 11.2 trillion (USD 109 billion)" in response.text


def test_draft_brief_is_a_404_and_absent_from_lists(client):
    draft = BriefFactory(status=Brief.Status.DRAFT, title="Secret draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get(reverse("briefs:brief-list")).text
    assert "Secret draft" not in client.get(reverse("briefs:home")).text


def test_unknown_slug_is_a_404(client):
    assert client.get(reverse("briefs:country-detail", args=["atlantis"])).status_code == 404
