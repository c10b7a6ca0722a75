"""What search engines and link previews read: metadata, JSON-LD, sitemap.xml, robots.txt."""

import datetime
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Country
from tests.factories import BriefFactory
from tests.site.conftest import build_world

pytestmark = pytest.mark.django_db


class HeadReader(HTMLParser):
    """Collects <meta>, <link> and JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True

    def handle_endtag(self, tag):
        self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))


def read(client, url) -> HeadReader:
    response = client.get(url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    return reader


@pytest.fixture
def world(db):
    return build_world(2)


def test_brief_page_has_description_canonical_open_graph_and_twitter_tags(client, world):
    brief = world.briefs[0]
    head = read(client, brief.get_absolute_url() + "?utm_source=x")
    url = f"http://testserver{brief.get_absolute_url()}"
    assert head.meta["description"] == brief.summary
    assert {"rel": "canonical", "href": url} in head.links
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == brief.title
    assert head.meta["og:url"] == url
    assert head.meta["og:description"] == brief.summary
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:title"] == brief.title


def test_brief_json_ld_is_a_news_article_with_citations_about_and_mentions(client, world):
    brief = world.briefs[0]
    (data,) = read(client, brief.get_absolute_url()).json_ld
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == brief.title
    assert data["datePublished"] == brief.date_published.isoformat()
    assert data["url"] == f"http://testserver{brief.get_absolute_url()}"
    assert [c["@type"] for c in data["citation"]] == ["CreativeWork", "CreativeWork"]
    assert data["citation"][0]["url"] == world.source.url
    about_types = {item["@type"] for item in data["about"]}
    assert about_types == {"Country", "Organization"}  # countries and the bloc
    mention_types = {item["@type"] for item in data["mentions"]}
    assert mention_types == {"Organization", "SoftwareApplication", "Person", "Event"}
    assert all(item["url"].startswith("http://testserver/") for item in data["about"])


@pytest.mark.parametrize(
    ("page", "schema_type"),
    [
        ("country", "Country"),
        ("organization", "Organization"),
        ("bloc", "Organization"),
        ("ai_model", "SoftwareApplication"),
        ("person", "Person"),
        ("indicator", "Dataset"),
        ("event", "Event"),
    ],
)
def test_entity_pages_carry_json_ld_of_their_type(client, world, page, schema_type):
    obj = getattr(world, page)
    (data,) = read(client, obj.get_absolute_url()).json_ld
    assert data["@type"] == schema_type
    assert data["url"] == f"http://testserver{obj.get_absolute_url()}"


def test_home_page_describes_the_site_and_its_search(client, world):
    (data,) = read(client, reverse("briefs:home")).json_ld
    assert data["@type"] == "WebSite"
    template = data["potentialAction"]["target"]["urlTemplate"]
    assert template == "http://testserver/search/?q={search_term_string}"


def test_json_ld_cannot_close_its_script_element(client):
    brief = BriefFactory(title="</script><script>alert(1)</script>")
    response = client.get(brief.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    head = HeadReader()
    head.feed(response.text)
    assert head.json_ld[0]["headline"] == "</script><script>alert(1)</script>"


SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _sitemap_files(client) -> list[str]:
    """The section files the sitemap index lists, as paths."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = [node.findtext("s:loc", namespaces=SITEMAP_NAMESPACE) for node in root]
    return [location.removeprefix("http://testserver") for location in locations]


def _sitemap(client) -> dict[str, str | None]:
    """Every URL of every section file, with its lastmod."""
    entries = {}
    for path in _sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        root = ET.fromstring(response.content)
        entries |= {
            url.findtext("s:loc", namespaces=SITEMAP_NAMESPACE): url.findtext(
                "s:lastmod", namespaces=SITEMAP_NAMESPACE
            )
            for url in root.findall("s:url", SITEMAP_NAMESPACE)
        }
    return entries


def test_sitemap_lists_every_public_page_with_its_lastmod(client, world):
    brief = world.briefs[0]
    brief.revised_at = timezone.make_aware(datetime.datetime(2025, 3, 4, 10, 0))
    brief.save()
    entries = _sitemap(client)
    base = "http://testserver"
    assert entries[base + brief.get_absolute_url()] == "2025-03-04"
    for obj in (world.country, world.bloc, world.organization, world.ai_model, world.person):
        assert entries[base + obj.get_absolute_url()] == obj.updated_at.date().isoformat()
    for obj in (world.indicator, world.event, world.topic, world.source):
        assert base + obj.get_absolute_url() in entries
    assert base + reverse("briefs:home") in entries
    assert base + reverse("briefs:event-list") in entries
    countries = [loc for loc in entries if "/countries/" in loc and loc.count("/") == 5]
    assert len(countries) == Country.objects.count()
    assert all(lastmod for lastmod in entries.values())


def test_sitemap_is_an_index_whose_files_stay_under_the_protocol_limit(client, world, settings):
    from briefs import sitemaps

    settings.PAGE_CACHE_ENABLED = False  # the files change below with no content change
    assert sitemaps.URLS_PER_FILE <= 50_000
    files = _sitemap_files(client)
    assert "/sitemap-briefs.xml" in files
    assert "/sitemap-country.xml" in files
    # The 249 countries over files of 100 URLs: three files, each listed in the index.
    for sitemap in sitemaps.SITEMAPS.values():
        sitemap.limit = 100
    try:
        files = _sitemap_files(client)
        assert {"/sitemap-country.xml", "/sitemap-country.xml?p=2"} <= set(files)
        assert "/sitemap-country.xml?p=3" in files
        assert len(_sitemap(client)) >= Country.objects.count()
    finally:
        for sitemap in sitemaps.SITEMAPS.values():
            sitemap.limit = sitemaps.URLS_PER_FILE


def _index_lastmods(client) -> dict[str, str]:
    """Each section file the sitemap index lists, with the lastmod it gives it."""
    root = ET.fromstring(client.get(reverse("sitemap")).content)
    return {
        node.findtext("s:loc", namespaces=SITEMAP_NAMESPACE).removeprefix(
            "http://testserver"
        ): node.findtext("s:lastmod", namespaces=SITEMAP_NAMESPACE)
        for node in root
    }


def test_sitemap_index_dates_each_section_by_its_latest_change_and_never_by_a_draft(
    client, world, settings
):
    settings.PAGE_CACHE_ENABLED = False
    revised = world.briefs[0]
    revised.revised_at = timezone.now() - datetime.timedelta(days=1)
    revised.save()
    BriefFactory(status="draft", publish_at=timezone.now() + datetime.timedelta(days=30))
    world.country.save()  # the newest change among countries: now
    lastmods = _index_lastmods(client)
    assert lastmods["/sitemap-briefs.xml"].startswith(revised.revised_at.date().isoformat())
    assert lastmods["/sitemap-country.xml"].startswith(timezone.now().date().isoformat())


def test_robots_txt_names_the_sitemap(client):
    response = client.get(reverse("robots"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
