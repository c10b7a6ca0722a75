"""A reader starting on the home page reaches every entity of the demo story by clicking."""

import re
from collections import deque

import pytest
from django.urls import reverse

from briefs.models import (
    AIModel,
    Bloc,
    Brief,
    Country,
    Event,
    Indicator,
    Organization,
    Person,
    Source,
    Topic,
)

pytestmark = pytest.mark.django_db

_HREF = re.compile(r'href="(/[^"#?]*)"')


def crawl(client, start: str) -> dict[str, int]:
    """Follow every site link from `start`, breadth first; status of each page reached."""
    seen, queue = {}, deque([start])
    skip = ("/admin/", "/static/", "/media/", "/feed/", "/sitemap.xml")
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code == 200 and "text/html" in response["Content-Type"]:
            for link in _HREF.findall(response.text):
                if link not in seen and not any(part in link for part in skip):
                    queue.append(link)
    return seen


def test_home_leads_with_the_featured_story(client, demo):
    response = client.get(reverse("briefs:home"))
    assert response.status_code == 200
    assert "Russia bets on a BRICS network to stay in the AI race" in response.text


def test_every_demo_entity_is_reached_by_clicking_from_the_home_page(client, demo):
    reached = crawl(client, reverse("briefs:home"))
    expected = [
        *(b.get_absolute_url() for b in Brief.objects.published()),
        *(b.get_absolute_url() for b in Bloc.objects.all()),
        *(o.get_absolute_url() for o in Organization.objects.all()),
        *(m.get_absolute_url() for m in AIModel.objects.all()),
        *(p.get_absolute_url() for p in Person.objects.all()),
        *(i.get_absolute_url() for i in Indicator.objects.all()),
        *(e.get_absolute_url() for e in Event.objects.all()),
        *(t.get_absolute_url() for t in Topic.objects.all()),
        *(s.get_absolute_url() for s in Source.objects.all()),
        *(c.get_absolute_url() for c in Country.objects.filter(briefs__isnull=False)),
    ]
    missing = [url for url in expected if reached.get(url) != 200]
    assert not missing
    assert all(status == 200 for status in reached.values()), {
        url: status for url, status in reached.items() if status != 200
    }


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
        "search",
    ],
)
def test_index_pages_answer_200(client, demo, name):
    assert client.get(reverse(f"briefs:{name}")).status_code == 200


def test_brief_page_shows_numbered_sources_and_the_figures(client, demo):
    response = client.get(reverse("briefs:brief-detail", args=["russia-ai-alliance-network-brics"]))
    assert 'href="https://www.independent.co.uk/' in response.text
    assert "RUB 11.2 trillion (USD 109 billion)" in response.text


def test_country_page_shows_each_rank_with_the_size_of_its_field(client, demo):
    response = client.get(reverse("briefs:country-detail", args=["russia"]))
    assert "31st of 83" in response.text
    assert "29th of 36" in response.text


def test_unknown_slug_is_a_404(client):
    assert client.get(reverse("briefs:country-detail", args=["atlantis"])).status_code == 404


def test_a_ranks_edition_note_is_shown_beside_it(client, demo):
    note = "The report names no edition year"
    for url in (
        reverse("briefs:country-detail", args=["russia"]),
        reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"]),
    ):
        assert note in client.get(url).text, url
