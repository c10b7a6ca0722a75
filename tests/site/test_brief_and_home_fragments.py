"""The brief page's and home's blocks are kept as fragments, and no edit makes them wrong.

The page cache is off unless a test says otherwise, so what is tested is the fragment
cache. Each invalidation test first proves the page is kept (a second render runs
fewer queries), then edits what a block shows and checks the very next render.
"""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs import fragments, preview, selectors
from briefs.models import Brief, ContentGeneration
from briefs.models.generation import close_request_memo, open_request_memo
from tests.cache import generation_queries
from tests.factories import BriefFactory, KeyFigureFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

HOME = reverse("briefs:home")


@pytest.fixture(autouse=True)
def only_the_fragment_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = True


def brief_about(code: str, **kwargs) -> Brief:
    brief = BriefFactory(**kwargs)
    brief.countries.add(country(code))
    return brief


def rendered(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def kept(client, url: str) -> str:
    """The page, after checking that a second render runs fewer queries and is the same."""
    first, first_queries = rendered(client, url)
    second, second_queries = rendered(client, url)
    assert second == first
    assert second_queries < first_queries
    return second


def test_a_brief_page_hit_skips_the_related_briefs_and_key_figures(client, monkeypatch):
    brief = brief_about("RU")
    brief_about("RU", title="A related brief")
    brief.key_figures.add(KeyFigureFactory())
    with override_settings(FRAGMENT_CACHE_ENABLED=False):
        _, uncached = rendered(client, brief.get_absolute_url())
    rendered(client, brief.get_absolute_url())

    def not_again(*args, **kwargs):
        raise AssertionError("a kept block was rendered again")

    monkeypatch.setattr(selectors, "related_briefs", not_again)
    monkeypatch.setattr(selectors, "brief_key_figures", not_again)
    monkeypatch.setattr(selectors, "load_page_relations", not_again)
    html, hit = rendered(client, brief.get_absolute_url())
    assert "A related brief" in html
    # The brief, its authors and topics for the header, and the content generation: no
    # related brief, key figure, source, linked entity or JSON-LD is loaded.
    assert hit == 3 + generation_queries() < uncached


def test_publishing_a_related_brief_shows_it_on_the_brief_page_at_once(client):
    brief = brief_about("RU")
    draft = brief_about("RU", title="Soon related", status=Brief.Status.DRAFT)
    assert "Soon related" not in kept(client, brief.get_absolute_url())

    draft.status = Brief.Status.PUBLISHED
    draft.save()
    assert "Soon related" in kept(client, brief.get_absolute_url())

    draft.status = Brief.Status.WITHDRAWN
    draft.save()
    assert "Soon related" not in kept(client, brief.get_absolute_url())


def test_a_related_brief_joins_the_brief_page_at_its_publish_time(client, monkeypatch):
    brief = brief_about("RU")
    publish_at = timezone.now() + datetime.timedelta(minutes=5)
    brief_about("RU", title="Scheduled related", publish_at=publish_at)
    assert "Scheduled related" not in kept(client, brief.get_absolute_url())

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no write: only the clock moves
    assert "Scheduled related" in rendered(client, brief.get_absolute_url())[0]


def test_renaming_a_linked_entity_changes_the_brief_page_at_once(client):
    brief = brief_about("RU")
    organization = OrganizationFactory(name="Old Name Labs")
    brief.organizations.add(organization)
    assert "Old Name Labs" in kept(client, brief.get_absolute_url())

    organization.name = "New Name Labs"
    organization.save()
    html = kept(client, brief.get_absolute_url())
    assert "New Name Labs" in html
    assert "Old Name Labs" not in html


def test_editing_a_key_figure_changes_the_brief_page_at_once(client):
    brief = brief_about("RU")
    figure = KeyFigureFactory(label="Compute capacity")
    brief.key_figures.add(figure)
    assert "Compute capacity" in kept(client, brief.get_absolute_url())

    figure.label = "Data centre capacity"
    figure.save()
    assert "Data centre capacity" in kept(client, brief.get_absolute_url())


@pytest.mark.parametrize(
    "unpublished",
    [
        {"status": Brief.Status.DRAFT},
        {"publish_at": datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)},  # scheduled
    ],
)
def test_a_preview_never_reads_or_fills_a_fragment(client, monkeypatch, unpublished):
    brief = brief_about("RU", title="Previewed", **unpublished)
    brief_about("RU", title="Its related brief")
    brief.key_figures.add(KeyFigureFactory())
    _, token = preview.make_link(brief, user=None)

    def refuse(*args, **kwargs):
        raise AssertionError("a preview went through the fragment cache")

    monkeypatch.setattr(fragments, "cached", refuse)
    response = client.get(reverse("briefs:brief-preview", args=[token]))
    assert response.status_code == 200
    assert b"Its related brief" in response.content


def test_a_home_hit_reads_the_content_generation_alone(client):
    brief_about("RU")
    with override_settings(FRAGMENT_CACHE_ENABLED=False):
        uncached_html, _ = rendered(client, HOME)
    rendered(client, HOME)
    html, hit = rendered(client, HOME)
    assert html == uncached_html
    assert hit == generation_queries()


def test_withdrawing_a_brief_takes_it_off_home_at_once(client):
    brief_about("RU", title="Old news")
    featured = brief_about("CN", title="Front page", featured=True)
    html = kept(client, HOME)
    assert "Old news" in html and "Front page" in html

    featured.status = Brief.Status.WITHDRAWN
    featured.save()
    html = kept(client, HOME)
    assert "Front page" not in html
    assert "Old news" in html


def test_publishing_a_brief_puts_it_on_home_at_once(client):
    brief_about("RU", title="Old news")
    draft = brief_about("CN", title="Just in", status=Brief.Status.DRAFT)
    assert "Just in" not in kept(client, HOME)

    draft.status = Brief.Status.PUBLISHED
    draft.save()
    assert "Just in" in kept(client, HOME)


def test_a_request_reads_the_content_generation_once(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    brief = brief_about("RU")
    for url in (HOME, brief.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200  # a page cache miss, then the view
        table = ContentGeneration._meta.db_table
        reads = [q for q in queries if table in q["sql"] and q["sql"].startswith("SELECT")]
        assert len(reads) == generation_queries(), url


def test_a_bump_within_a_request_is_seen_by_its_next_read():
    open_request_memo()
    try:
        before = ContentGeneration.current()
        ContentGeneration.bump()
        assert ContentGeneration.current() != before
    finally:
        close_request_memo()


def test_the_kept_json_ld_carries_the_address_it_was_asked_for_on(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    brief = brief_about("RU")
    url = brief.get_absolute_url()
    kept(client, url)
    html = client.get(url, HTTP_HOST="mirror.example").content.decode()
    assert f'"url": "http://mirror.example{url}"' in html
    assert "http://testserver" not in html
