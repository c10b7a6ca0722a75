"""Fixtures for the read API: a client, a clean cache, and a story's worth of data."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from briefs.models import Brief
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefCitationFactory,
    BriefFactory,
    EventFactory,
    KeyFigureFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
    TopicFactory,
    country,
)

HIDDEN_STATUSES = [Brief.Status.DRAFT, Brief.Status.REVIEW, Brief.Status.WITHDRAWN]


@pytest.fixture(autouse=True)
def fresh_api_state(settings):
    """Each test starts with no throttle history and no remembered validators."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour"},
    }
    yield
    cache.clear()


@pytest.fixture
def linked(db):
    """One of each entity a brief can link to."""
    organization = OrganizationFactory(slug="sberbank", name="Sberbank")
    return {
        "country": country("RU"),
        "bloc": BlocFactory(slug="brics", name="BRICS"),
        "organization": organization,
        "ai_model": AIModelFactory(slug="gigachat", name="GigaChat", developers=[organization]),
        "person": PersonFactory(slug="german-gref", name="German Gref"),
        "event": EventFactory(slug="network-announced"),
        "topic": TopicFactory(slug="ai-alliances", name="AI alliances"),
        "key_figure": KeyFigureFactory(),
        "source": SourceFactory(),
    }


def link_brief(brief: Brief, linked: dict) -> Brief:
    brief.countries.add(linked["country"])
    brief.blocs.add(linked["bloc"])
    brief.organizations.add(linked["organization"])
    brief.ai_models.add(linked["ai_model"])
    brief.people.add(linked["person"])
    brief.events.add(linked["event"])
    brief.topics.add(linked["topic"])
    brief.key_figures.add(linked["key_figure"])
    BriefCitationFactory(brief=brief, source=linked["source"], position=1)
    return brief


@pytest.fixture
def hidden_briefs(linked):
    """Briefs no reader may see, each linked to everything: draft, review, withdrawn, future."""
    briefs = [
        BriefFactory(status=status, slug=f"hidden-{status}", title=f"Hidden {status} zebra")
        for status in HIDDEN_STATUSES
    ]
    briefs.append(
        BriefFactory(
            slug="hidden-scheduled",
            title="Hidden scheduled zebra",
            publish_at=timezone.now() + datetime.timedelta(days=2),
        )
    )
    return [link_brief(brief, linked) for brief in briefs]


@pytest.fixture
def published_brief(linked):
    return link_brief(BriefFactory(slug="visible-brief", title="Visible zebra brief"), linked)


@pytest.fixture(scope="session")
def schema(django_db_blocker):
    """The OpenAPI schema, as generated outside any request."""
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)
