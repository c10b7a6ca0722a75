"""Draft, review, withdrawn and future-dated briefs are absent from every public surface."""

import pytest
from django.urls import reverse

from tests.site.conftest import HIDDEN_STATES, build_world, hidden_brief

pytestmark = pytest.mark.django_db

SECRET = "Secret unpublished analysis"


@pytest.fixture(params=sorted(HIDDEN_STATES))
def hidden(request, db):
    world = build_world(2)
    brief = hidden_brief(request.param, world, SECRET)
    return world, brief


def surfaces(world) -> dict[str, str]:
    return {
        "home": reverse("briefs:home"),
        "brief list": reverse("briefs:brief-list"),
        "brief list by topic": reverse("briefs:brief-list") + "?topic=ai-alliances",
        "published brief (related briefs, JSON-LD)": world.briefs[0].get_absolute_url(),
        "country": world.country.get_absolute_url(),
        "bloc": world.bloc.get_absolute_url(),
        "organization": world.organization.get_absolute_url(),
        "AI model": world.ai_model.get_absolute_url(),
        "person": world.person.get_absolute_url(),
        "event": world.event.get_absolute_url(),
        "topic": world.topic.get_absolute_url(),
        "source": world.source.get_absolute_url(),
        "search": reverse("briefs:search") + "?q=secret",
        "search by a shared word": reverse("briefs:search") + "?q=analysis",
        "RSS feed": reverse("briefs:feed"),
        "Atom feed": reverse("briefs:feed-atom"),
        "country feed": reverse("briefs:country-feed", args=[world.country.slug]),
        "bloc feed": reverse("briefs:bloc-feed", args=[world.bloc.slug]),
        "organization feed": reverse("briefs:organization-feed-atom", args=["sberbank"]),
        "AI model feed": reverse("briefs:aimodel-feed", args=["gigachat"]),
        "topic feed": reverse("briefs:topic-feed-atom", args=["ai-alliances"]),
        "sitemap": reverse("sitemap"),
        "sitemap of briefs": reverse("sitemap-section", args=["briefs"]),
    }


def test_hidden_brief_page_is_a_404(client, hidden):
    _, brief = hidden
    assert client.get(brief.get_absolute_url()).status_code == 404


def test_hidden_brief_is_absent_from_every_surface(client, hidden):
    world, brief = hidden
    for name, url in surfaces(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.content.decode()
        assert SECRET not in text, name
        assert brief.get_absolute_url() not in text, name


def test_hidden_brief_is_not_offered_as_a_filter_choice(client, hidden):
    world, _ = hidden
    world.briefs[0].topics.clear()
    world.briefs[1].topics.clear()
    response = client.get(reverse("briefs:brief-list"))
    choices = [
        str(value) for value, _ in response.context["filterset"].form.fields["topic"].choices
    ]
    assert "ai-alliances" not in choices
