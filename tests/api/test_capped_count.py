"""/api/v1/briefs/ counts no further than the cap (briefs.paging): ``count`` is exact up
to it and ``count_is_exact`` says when it is not. The cap is 3 here (``count_cap``)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:brief-list")
SCHEMA = reverse("api:schema")


def hits(count: int, *, word: str = "Sanctions", **kwargs) -> list[str]:
    """`count` briefs holding `word`, newest first; their slugs in that order."""
    now = timezone.now()
    return [
        BriefFactory(
            slug=f"{word.lower()}-{number}",
            title=f"{word} story {number}",
            publish_at=now - datetime.timedelta(hours=number),
            **kwargs,
        ).slug
        for number in range(count)
    ]


def test_count_is_exact_up_to_the_cap(client, count_cap):
    hits(3)
    body = client.get(LIST).json()
    assert (body["count"], body["count_is_exact"]) == (3, True)


def test_past_the_cap_count_is_the_cap_and_not_exact(client, count_cap):
    hits(5)
    body = client.get(LIST, {"page_size": 2}).json()
    assert (body["count"], body["count_is_exact"]) == (3, False)
    assert client.get(body["next"]).json()["count_is_exact"] is False


def test_drafts_are_not_counted(client, count_cap):
    hits(2)
    hits(3, word="Draft", status=Brief.Status.DRAFT)
    body = client.get(LIST).json()
    assert (body["count"], body["count_is_exact"]) == (2, True)


def test_a_search_past_the_cap_pages_through_the_candidates_best_first(client, count_cap):
    slugs = hits(6)
    title_hit = BriefFactory(
        slug="oldest-title-hit",
        title="Sanctions Sanctions",
        publish_at=timezone.now() - datetime.timedelta(days=30),
    )
    first = client.get(LIST, {"q": "sanctions", "page_size": 2}).json()
    assert (first["count"], first["count_is_exact"]) == (3, False)
    second = client.get(first["next"]).json()
    found = [item["slug"] for page in (first, second) for item in page["results"]]
    # The newest cap + 1 matches are ranked; the oldest lies beyond them.
    assert sorted(found) == sorted(slugs[:4])
    assert title_hit.slug not in found
    assert second["next"] is None
    assert client.get(second["previous"]).json() == first


def test_the_schema_documents_count_and_count_is_exact(client):
    schema = client.get(SCHEMA, HTTP_ACCEPT="application/json").json()
    listing = schema["paths"]["/api/v1/briefs/"]["get"]["responses"]["200"]["content"]
    properties = next(iter(listing.values()))["schema"]
    if "$ref" in properties:
        name = properties["$ref"].rsplit("/", 1)[1]
        properties = schema["components"]["schemas"][name]
    assert {"count", "count_is_exact"} <= set(properties["required"])
    assert properties["properties"]["count_is_exact"]["type"] == "boolean"
    assert "more than" in properties["properties"]["count"]["description"]
