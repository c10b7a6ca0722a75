"""sitemap.xml: every public page with the date it last changed.

Briefs come from Brief.objects.published() only. A brief's lastmod is the
date readers see (its last revision, else its first publication); an entity's
is its last save. Index pages change whenever a brief is published.
"""

from django.contrib.sitemaps import Sitemap
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


class BriefSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Brief.objects.published().order_by("-publish_at", "pk")

    def lastmod(self, brief):
        return brief.date_modified or brief.date_published


class PagesSitemap(Sitemap):
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


class EntitySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


def _entity_sitemap(model) -> type[EntitySitemap]:
    return type(f"{model.__name__}Sitemap", (EntitySitemap,), {"model": model})


SITEMAPS = {
    "pages": PagesSitemap,
    "briefs": BriefSitemap,
    **{
        model._meta.model_name: _entity_sitemap(model)
        for model in (Country, Bloc, Organization, AIModel, Person, Indicator, Event, Topic, Source)
    },
}
