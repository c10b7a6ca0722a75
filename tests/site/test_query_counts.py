"""Every page type runs the same number of queries whatever the amount of data.

Each count is pinned at two sizes of the same linked world: two of everything,
and six of everything. An N+1 query makes the larger size cost more and fails.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefs.models import AIModel, Bloc, Country, Organization, Person
from tests.cache import generation_queries
from tests.site.conftest import build_world

ALIASED = (AIModel, Bloc, Country, Organization, Person)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_page_cache(settings):
    """The counts are the view's own; the page cache adds the same few to every page
    (pinned in tests/test_page_cache.py) and, on a hit, replaces the view's. The
    fragment cache is pinned apart (FRAGMENT_HIT_QUERIES)."""
    settings.PAGE_CACHE_ENABLED = False
    settings.FRAGMENT_CACHE_ENABLED = False


def _pages(world):
    return {
        "home": reverse("briefs:home"),
        "brief list": reverse("briefs:brief-list"),
        "brief list, filtered": reverse("briefs:brief-list")
        + f"?country={world.country.slug}&bloc=brics&organization=sberbank&model=gigachat"
        f"&topic=ai-alliances&year={world.briefs[0].date_published.year}",
        "brief": world.briefs[0].get_absolute_url(),
        "country index": reverse("briefs:country-list"),
        "country": world.country.get_absolute_url(),
        "country by ISO code": reverse("briefs:country-detail", args=[world.country.iso3]),
        "bloc index": reverse("briefs:bloc-list"),
        "bloc": world.bloc.get_absolute_url(),
        "organization index": reverse("briefs:organization-list"),
        "organization": world.organization.get_absolute_url(),
        "AI model index": reverse("briefs:aimodel-list") + "?sort=released",
        "AI model": world.ai_model.get_absolute_url(),
        "person": world.person.get_absolute_url(),
        "indicator index": reverse("briefs:indicator-list"),
        "indicator": world.indicator.get_absolute_url(),
        "indicator, comparing": world.indicator.get_absolute_url()
        + "?"
        + "&".join(f"country={c.slug}" for c in world.countries[:5]),
        "timeline": reverse("briefs:event-list"),
        "timeline, filtered": reverse("briefs:event-list")
        + f"?kind=statement&country={world.country.slug}&bloc=brics&year=2020",
        "event": world.event.get_absolute_url(),
        "topic": world.topic.get_absolute_url(),
        "source": world.source.get_absolute_url(),
        "search": reverse("briefs:search") + "?q=alliance",
        "RSS feed": reverse("briefs:feed"),
        "Atom feed": reverse("briefs:feed-atom"),
        "country feed": reverse("briefs:country-feed", args=[world.country.slug]),
        "bloc feed": reverse("briefs:bloc-feed-atom", args=["brics"]),
        "organization feed": reverse("briefs:organization-feed", args=["sberbank"]),
        "AI model feed": reverse("briefs:aimodel-feed-atom", args=["gigachat"]),
        "topic feed": reverse("briefs:topic-feed", args=["ai-alliances"]),
        "sitemap": reverse("sitemap"),
        "sitemap of briefs": reverse("sitemap-section", args=["briefs"]),
        "robots.txt": reverse("robots"),
        "not found": "/no-such-page/",
        "compare": reverse("briefs:compare")
        + "?countries="
        + "~".join(c.iso3 for c in world.countries),
        "bloc on a date": world.bloc.get_absolute_url() + "?on=2024-06-01",
        **{
            f"download {fmt}": reverse("briefs:compare-download", kwargs={"fmt": fmt})
            + "?countries="
            + "~".join(c.iso3.lower() for c in world.countries)
            for fmt in ("csv", "xlsx", "metadata.json", "zip")
        },
        "bloc download": reverse(
            "briefs:bloc-members-download", kwargs={"slug": world.bloc.slug, "fmt": "zip"}
        ),
        "edition download": reverse(
            "briefs:edition-download",
            kwargs={
                "slug": world.indicator.slug,
                "year": world.indicator.editions.first().year,
                "fmt": "xlsx",
            },
        ),
        "country ranks download": reverse(
            "briefs:country-rankings-download", kwargs={"slug": world.country.slug, "fmt": "csv"}
        ),
        "country figures download": reverse(
            "briefs:country-figures-download", kwargs={"slug": world.country.slug, "fmt": "csv"}
        ),
        "AI model index download": reverse(
            "briefs:aimodel-index-download", kwargs={"fmt": "metadata.json"}
        ),
    }


# Queries per page type; the same at both sizes.
EXPECTED_QUERIES = {
    "home": 10,
    "brief list": 9,
    "brief list, filtered": 16,
    "brief": 14,  # related briefs: their candidates, then their order
    "country index": 1,
    "country": 11,  # with the "compare with" choices
    "country by ISO code": 2,
    "bloc index": 1,
    "bloc": 12,  # with the members on a date for the map, and every country's link
    "organization index": 1,
    "organization": 11,
    "AI model index": 3,  # with the sources the download names
    "AI model": 8,
    "person": 7,
    "indicator index": 2,
    # Three blocks, each with its own queries so a fragment hit skips them: the
    # comparison's overall ranks; the map's ranks, years and every country's link;
    # the edition table's ranks.
    "indicator": 7,
    "indicator, comparing": 7,
    "timeline": 7,
    "timeline, filtered": 11,
    "event": 9,
    "topic": 3,
    "source": 5,
    "search": 6,
    "RSS feed": 3,
    "Atom feed": 3,
    "country feed": 4,
    "bloc feed": 4,
    "organization feed": 4,
    "AI model feed": 4,
    "topic feed": 4,
    "sitemap": 21,  # the index: a count per section, and the lastmod of each
    "sitemap of briefs": 2,
    "robots.txt": 0,
    "not found": 1,  # the old-slug redirect lookup (briefs.redirects)
    "compare": 7,
    "bloc on a date": 12,
    "download csv": 7,
    "download xlsx": 7,
    "download metadata.json": 7,
    "download zip": 7,
    "bloc download": 6,
    "edition download": 2,
    "country ranks download": 6,
    "country figures download": 2,  # the country, then every figure with its source
    "AI model index download": 3,
}


@pytest.mark.parametrize("size", [2, 6])
def test_every_page_type_runs_a_constant_number_of_queries(client, size):
    world = build_world(size)
    # Entity pages read aliases through a generic relation, whose content type Django
    # looks up once per process and then caches: count what every later request costs.
    ContentType.objects.get_for_models(*ALIASED)
    counts = {}
    for name, url in _pages(world).items():
        # Django keeps the last 9,000 queries: building the larger world comes close, and
        # a log that overflows mid-request would drop this page's first queries.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 301, 404), (name, response.status_code)
        counts[name] = len(queries)
    assert counts == EXPECTED_QUERIES


# Queries per page type once its fragments are cached (briefs/fragments.py): the view's
# own, less what each cached block would have run, plus one read of the content
# generation for the whole request (every block shares it). The same at both sizes,
# and never more than EXPECTED_QUERIES.
FRAGMENT_HIT_QUERIES = {
    "home": 1,  # the generation alone: every block is kept
    "brief": 4,  # the brief, its authors and topics for its header, and the generation
    "brief list": 4,  # no facet lists: 9 less 6, plus the generation
    "brief list, filtered": 11,
    "timeline": 5,
    "timeline, filtered": 9,
    "country": 11,  # its charts come from ranks its tables read anyway
    "bloc": 12,  # every country's link for the map, traded for the generation
    "bloc on a date": 12,
    "indicator": 3,  # the indicator and its editions, and the generation
    "indicator, comparing": 4,  # and the slugs that check the countries asked for
    "compare": 7,
}


# Pages whose kept fragments are keyed by the rows they show, not the content generation.
NO_GENERATION_READ = {"country", "compare"}


@pytest.mark.parametrize("size", [2, 6])
def test_a_page_whose_fragments_are_cached_runs_fewer_queries(client, settings, size):
    settings.FRAGMENT_CACHE_ENABLED = True
    world = build_world(size)
    ContentType.objects.get_for_models(*ALIASED)
    pages = _pages(world)
    counts = {}
    for name in FRAGMENT_HIT_QUERIES:
        client.get(pages[name])  # fills its fragments
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(pages[name])
        assert response.status_code == 200, name
        counts[name] = len(queries)
        assert counts[name] <= EXPECTED_QUERIES[name], name
    # The pages that read the content generation read it once: a query unless Redis keeps it.
    no_query = 1 - generation_queries()
    assert counts == {
        name: n - (no_query if name not in NO_GENERATION_READ else 0)
        for name, n in FRAGMENT_HIT_QUERIES.items()
    }
