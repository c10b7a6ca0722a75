"""sitemap.xml: an index of sections, each listing public pages with the date they last changed.

The sitemap protocol allows 50,000 URLs a file; each section here is split into
pages of ``URLS_PER_FILE`` (``/sitemap-briefs.xml?p=2``), so however large the archive
grows no file comes near it, and each costs the same to build.

Briefs come from Brief.objects.published() only. A brief's lastmod is the
date readers see (its last revision, else its first publication); an entity's
is its last save. Index pages change whenever a brief is published.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import (
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

URLS_PER_FILE = 10_000


class SectionSitemap(Sitemap):
    limit = URLS_PER_FILE


class BriefSitemap(SectionSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Brief.objects.published().order_by("-publish_at", "pk")

    def lastmod(self, brief):
        return brief.date_modified or brief.date_published

    def get_latest_lastmod(self):
        """The index's date for the section, in one query: Django's own would load every
        published brief to take the latest of their ``lastmod``."""
        return Brief.objects.published().last_changed()


class PagesSitemap(SectionSitemap):
    """The home page and the indexes, as fresh as the newest published brief."""

    changefreq = "daily"
    priority = 0.6
    url_names = (
        "home",
        "brief-list",
        "country-list",
        "bloc-list",
        "organization-list",
        "aimodel-list",
        "indicator-list",
        "event-list",
    )

    def items(self):
        return list(self.url_names)

    def location(self, url_name):
        return reverse(f"briefs:{url_name}")

    def lastmod(self, url_name):
        if not hasattr(self, "_latest"):
            self._latest = Brief.objects.published().last_changed()
        return self._latest


class EntitySitemap(SectionSitemap):
    """Every page of one kind of entity; a subclass names the model."""

    changefreq = "weekly"
    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        """The latest ``lastmod`` of the section, in one query rather than every row."""
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


class CountrySitemap(EntitySitemap):
    model = Country


class BlocSitemap(EntitySitemap):
    model = Bloc


class OrganizationSitemap(EntitySitemap):
    model = Organization


class AIModelSitemap(EntitySitemap):
    model = AIModel


class PersonSitemap(EntitySitemap):
    model = Person


class IndicatorSitemap(EntitySitemap):
    model = Indicator


class EventSitemap(EntitySitemap):
    model = Event


class TopicSitemap(EntitySitemap):
    model = Topic


class SourceSitemap(EntitySitemap):
    model = Source


SITEMAPS = {
    "pages": PagesSitemap,
    "briefs": BriefSitemap,
    "country": CountrySitemap,
    "bloc": BlocSitemap,
    "organization": OrganizationSitemap,
    "aimodel": AIModelSitemap,
    "person": PersonSitemap,
    "indicator": IndicatorSitemap,
    "event": EventSitemap,
    "topic": TopicSitemap,
    "source": SourceSitemap,
}
