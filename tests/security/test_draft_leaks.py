"""Drafts never leak: every public URL the site has, with briefs in every hidden state.

The URLs are not listed by hand: every named route of the public site and the API
(and the sitemap and robots.txt) is resolved with the objects of a linked world,
so a page or endpoint added later is checked too, or fails the coverage check
below until it is. Each hidden brief (draft, in review, withdrawn, scheduled for
later) is linked to everything, has a renamed old slug and carries a secret word in
its title, summary, body, citation and slug; no response may contain any of them,
and its own URLs (old and new, page and API) answer 404.
"""

import datetime
import re

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone

from briefs.models import Brief, Country, Membership, Ranking
from tests.factories import BriefCitationFactory, BriefFactory
from tests.site.conftest import HIDDEN_STATES, build_world

pytestmark = pytest.mark.django_db

# Routes that read no brief: documentation, the schema (fixed examples), the API's JSON
# 404 for unknown paths, and previews (tested in tests/workflow/test_preview.py).
NOT_PUBLIC_BRIEF_SURFACES = {"api:schema", "api:docs", "api:redoc", "briefs:brief-preview", "api:"}


def hidden_briefs(world) -> dict[str, Brief]:
    briefs = {}
    for state, options in HIDDEN_STATES.items():
        options = dict(options)
        offset = options.pop("publish_at_offset", -datetime.timedelta(days=3))
        secret = f"hushhush{state}"
        brief = BriefFactory(
            title=f"{secret} title",
            slug=f"{secret}-old-slug",
            summary=f"{secret} summary",
            body=f"The {secret} body.",
            publish_at=timezone.now() + offset,
            featured=True,
            **options,
        )
        brief.slug = f"{secret}-slug"
        brief.save()  # leaves the old slug behind
        for relation, objects in {
            "countries": world.countries,
            "blocs": [world.bloc],
            "organizations": [world.organization],
            "ai_models": [world.ai_model],
            "people": [world.person],
            "events": [world.event],
            "topics": [world.topic],
            "key_figures": list(world.country.key_figures.all()),
        }.items():
            getattr(brief, relation).set(objects)
        brief.authors.set(world.briefs[0].authors.all())
        BriefCitationFactory(brief=brief, source=world.source, position=1, supports=secret)
        briefs[secret] = brief
    return briefs


def route_kwargs(world) -> dict[str, dict]:
    """Arguments that fill each route's parameters with an object of the world."""
    membership = Membership.objects.filter(bloc=world.bloc).first()
    ranking = Ranking.objects.filter(edition__indicator=world.indicator).first()
    key_figure = world.country.key_figures.first()
    slugs = {
        "country": world.country.slug,
        "bloc": world.bloc.slug,
        "organization": world.organization.slug,
        "aimodel": world.ai_model.slug,
        "ai-model": world.ai_model.slug,
        "person": world.person.slug,
        "indicator": world.indicator.slug,
        "event": world.event.slug,
        "topic": world.topic.slug,
        "brief": world.briefs[0].slug,
    }
    pks = {
        "source": world.source.pk,
        "membership": membership.pk,
        "ranking": ranking.pk,
        "key-figure": key_figure.pk,
    }
    kwargs = {}
    for kind, slug in slugs.items():
        kwargs[kind] = {"slug": slug}
    for kind, pk in pks.items():
        kwargs[kind] = {"pk": pk}
    kwargs["country-api"] = {"code": world.country.iso3}
    # The data downloads, each as CSV (their other formats hold the same rows).
    kwargs["edition-download"] = {
        "slug": world.indicator.slug,
        "year": ranking.edition.year,
        "fmt": "csv",
    }
    for kind in ("country-rankings", "country-figures"):
        kwargs[f"{kind}-download"] = {"slug": world.country.slug, "fmt": "csv"}
    kwargs["organization-figures-download"] = {"slug": world.organization.slug, "fmt": "csv"}
    kwargs["bloc-members-download"] = {"slug": world.bloc.slug, "fmt": "csv"}
    kwargs["aimodel-index-download"] = {"fmt": "csv"}
    kwargs["compare-download"] = {"fmt": "csv"}
    return kwargs


def public_routes() -> list[tuple[str, list[str]]]:
    """Every named route outside the admin, with its parameter names."""
    routes = []

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if pattern.namespace == "admin":
                    continue
                prefix = f"{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix)
            else:
                params = list(pattern.pattern.regex.groupindex)
                routes.append((f"{namespace}{pattern.name or ''}", params))

    walk(get_resolver().url_patterns)
    return routes


def url_for(name: str, params: list[str], kwargs: dict) -> str:
    if name == "api:search":
        return reverse(name) + "?q=brief"  # the API's search needs a query
    if name == "sitemap-section":
        return reverse(name, kwargs={"section": "briefs"})
    if name == "briefs:compare-download":
        countries = kwargs["country"]["slug"]
        code = Country.objects.get(slug=countries).iso3
        return reverse(name, kwargs=kwargs["compare-download"]) + f"?countries={code}"
    if not params:
        return reverse(name)
    if name.endswith("-download"):
        return reverse(name, kwargs=kwargs[name.removeprefix("briefs:")])
    kind = re.sub(r"^(briefs|api):|-(list|detail|feed|feed-atom)$", "", name)
    kind = re.sub(r"-feed(-atom)?$", "", kind)
    if name == "api:country-detail":
        kind = "country-api"
    return reverse(name, kwargs=kwargs[kind])


def query_variants(world) -> list[str]:
    """Searches, filters and formats that read briefs another way."""
    return [
        reverse("briefs:search") + "?q=hushhush",
        reverse("briefs:brief-list") + f"?topic={world.topic.slug}&country={world.country.slug}",
        reverse("briefs:brief-list") + f"?organization={world.organization.slug}",
        reverse("briefs:event-list") + "?kind=statement",
        reverse("api:search") + "?q=hushhush",
        reverse("api:brief-list") + "?q=hushhush",
        reverse("api:brief-list") + f"?topic={world.topic.slug}&page_size=100",
        reverse("api:brief-list") + "?updated_since=2000-01-01T00:00:00Z",
        reverse("api:key-figure-csv"),  # the CSV tables show no brief text
        reverse("api:topic-detail", args=[world.topic.slug]),
    ]


@pytest.mark.parametrize("state", sorted(HIDDEN_STATES))
def test_no_public_surface_shows_a_hidden_brief(client, state):
    world = build_world(2)
    briefs = hidden_briefs(world)
    secret = f"hushhush{state}"
    brief = briefs[secret]
    kwargs = route_kwargs(world)
    checked, answers = set(), {}
    for name, params in public_routes():
        if name in NOT_PUBLIC_BRIEF_SURFACES:
            continue
        answers[name] = url_for(name, params, kwargs)
        checked.add(name)
    answers.update({f"query {n}": url for n, url in enumerate(query_variants(world))})
    leaks = {}
    for name, url in answers.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        if any(word in text for word in briefs):
            leaks[name] = [word for word in briefs if word in text]
    assert leaks == {}
    # The hidden brief's own addresses, new and old, page and API: a plain 404.
    for url in (
        brief.get_absolute_url(),
        f"/briefs/{secret}-old-slug/",
        reverse("api:brief-detail", args=[brief.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()  # the path asked for may be echoed, nothing else
        assert f"{secret} title" not in text and f"{secret} summary" not in text, url
        assert "old-slug" in url or f"{secret}-old-slug" not in text, url
    assert len(checked) >= 60  # every public route, found from the URLconf
