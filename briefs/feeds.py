"""RSS 2.0 and Atom feeds of published briefs: all of them, and per entity.

Each feed is Django's syndication ``Feed``; the Atom variant only swaps the
feed type. Items come from Brief.objects.published() through the selectors.
Whatever the content, a feed is valid XML: the feed types strip the control
characters XML 1.0 cannot carry from every value, including any written by a
path that skips ``briefs.text``'s cleaning on save (``QuerySet.update()``).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import selectors
from .models import AIModel, Bloc, Country, Organization, Topic
from .text import strip_control_characters
from .users import display_name

FEED_LENGTH = 20


def _clean(value):
    if isinstance(value, list | tuple):
        return type(value)(_clean(item) for item in value)
    return strip_control_characters(value)


class CleanTextFeedMixin:
    """Strips control characters from the feed's and every item's values."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})


class RssFeedType(CleanTextFeedMixin, Rss201rev2Feed):
    pass


class AtomFeedType(CleanTextFeedMixin, Atom1Feed):
    pass


def feed_items():
    """Published briefs with what a feed entry shows: a brief card's topics, and its
    authors, which a card does not name."""
    return selectors.brief_list_items().prefetch_related("authors")


class LatestBriefsFeed(Feed):
    feed_type = RssFeedType
    title = f"{settings.SITE_NAME}: latest briefs"
    description = settings.SITE_DESCRIPTION
    language = "en"

    def link(self):
        return reverse("briefs:brief-list")

    def feed_url(self):
        return reverse("briefs:feed-atom" if self.feed_type is AtomFeedType else "briefs:feed")

    def items(self):
        return feed_items().newest_first()[:FEED_LENGTH]

    def item_title(self, brief):
        return brief.title

    def item_description(self, brief):
        return brief.summary

    def item_pubdate(self, brief):
        return brief.date_published

    def item_updateddate(self, brief):
        return brief.date_modified or brief.date_published

    def item_author_name(self, brief):
        names = [display_name(author) for author in brief.authors.all()]
        return ", ".join(names) or settings.SITE_NAME

    def item_categories(self, brief):
        return [topic.name for topic in brief.topics.all()]


class LatestBriefsAtomFeed(LatestBriefsFeed):
    feed_type = AtomFeedType
    subtitle = LatestBriefsFeed.description


class EntityBriefsFeed(LatestBriefsFeed):
    """Briefs linked to one country, bloc, organization, AI model or topic.

    A subclass per entity names the model, the Brief relation and the URL name;
    its Atom twin subclasses it and swaps only the feed type.
    """

    model = None
    field_name = ""  # the Brief relation that links to the entity
    url_name = ""  # the RSS feed's URL name; Atom adds "-atom"

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: briefs about {obj}"

    def description(self, obj):
        return f"Published briefs about {obj}, newest first."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        suffix = "-atom" if self.feed_type is AtomFeedType else ""
        return reverse(f"briefs:{self.url_name}{suffix}", kwargs={"slug": obj.slug})

    def items(self, obj):
        return selectors.briefs_about(
            obj, field_name=self.field_name, limit=FEED_LENGTH, briefs=feed_items()
        )


class CountryBriefsFeed(EntityBriefsFeed):
    model = Country
    field_name = "countries"
    url_name = "country-feed"


class CountryBriefsAtomFeed(CountryBriefsFeed):
    feed_type = AtomFeedType


class BlocBriefsFeed(EntityBriefsFeed):
    model = Bloc
    field_name = "blocs"
    url_name = "bloc-feed"


class BlocBriefsAtomFeed(BlocBriefsFeed):
    feed_type = AtomFeedType


class OrganizationBriefsFeed(EntityBriefsFeed):
    model = Organization
    field_name = "organizations"
    url_name = "organization-feed"


class OrganizationBriefsAtomFeed(OrganizationBriefsFeed):
    feed_type = AtomFeedType


class AIModelBriefsFeed(EntityBriefsFeed):
    model = AIModel
    field_name = "ai_models"
    url_name = "aimodel-feed"


class AIModelBriefsAtomFeed(AIModelBriefsFeed):
    feed_type = AtomFeedType


class TopicBriefsFeed(EntityBriefsFeed):
    model = Topic
    field_name = "topics"
    url_name = "topic-feed"


class TopicBriefsAtomFeed(TopicBriefsFeed):
    feed_type = AtomFeedType
