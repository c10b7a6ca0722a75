"""Fixtures for the public site's tests: the demo story, and a linked world of any size."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command
from django.utils import timezone

from briefs.models import Brief, Membership
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefCitationFactory,
    BriefFactory,
    EventFactory,
    IndicatorEditionFactory,
    IndicatorFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    RankingFactory,
    RoleFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
    country,
)

COUNTRY_CODES = ["RU", "CN", "IN", "BR", "ZA", "RS", "ID", "US"]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=None)


@dataclass
class World:
    """One of each entity, every published brief linked to all of them, `size` of each list."""

    size: int
    country: object = None
    bloc: object = None
    organization: object = None
    ai_model: object = None
    person: object = None
    topic: object = None
    indicator: object = None
    event: object = None
    source: object = None
    briefs: list = field(default_factory=list)
    countries: list = field(default_factory=list)


def build_world(size: int) -> World:
    """Everything a page can list, `size` times over, so query counts can be compared."""
    countries = [country(code) for code in COUNTRY_CODES[:size]]
    world = World(size=size, countries=countries, country=countries[0])
    world.source = SourceFactory()
    world.organization = OrganizationFactory(
        name="Sberbank", slug="sberbank", country=world.country
    )
    world.bloc = BlocFactory(name="BRICS", slug="brics")
    world.topic = TopicFactory(name="AI alliances", slug="ai-alliances")
    world.person = PersonFactory(name="German Gref", slug="german-gref", country=world.country)
    world.indicator = IndicatorFactory(name="Global AI Index", slug="global-ai-index")
    world.ai_model = AIModelFactory(
        name="GigaChat", slug="gigachat", developers=[world.organization], country=world.country
    )
    world.event = EventFactory(title="Network announced", slug="network-announced")
    world.event.countries.set(countries)
    world.event.blocs.set([world.bloc])
    world.event.organizations.set([world.organization])
    world.event.ai_models.set([world.ai_model])
    world.event.people.set([world.person])
    world.event.sources.set([world.source])
    world.bloc.sources.set([world.source])
    world.ai_model.sources.set([world.source])
    authors = [UserFactory() for _ in range(size)]
    for index in range(size):
        member = countries[index]
        MembershipFactory(bloc=world.bloc, country=member, joined_on=datetime.date(2009, 1, 1))
        MembershipFactory(
            bloc=BlocFactory(),
            country=world.country,
            joined_on=datetime.date(2010 + index, 1, 1),
            role=Membership.Role.PARTNER,
        )
        OrganizationFactory(country=world.country, parent=world.organization)
        AIModelFactory(
            developers=[world.organization],
            country=world.country,
            released_on=datetime.date(2023, 1 + index, 1),
        )
        RoleFactory(person=world.person, organization=world.organization, title=f"Role {index}")
        KeyFigureFactory(country=world.country, source=world.source, year=2020 + index)
        KeyFigureFactory(
            country=None,
            organization=world.organization,
            source=world.source,
            year=2020 + index,
            unit="percent",
            currency="",
            scale="one",
            value=5,
        )
        edition = IndicatorEditionFactory(indicator=world.indicator, year=2020 + index)
        for rank, ranked in enumerate(countries, start=1):
            RankingFactory(edition=edition, country=ranked, rank=rank + index, source=world.source)
        RankingFactory(
            edition=edition, country=world.country, rank=5, pillar="Talent", source=world.source
        )
        other_event = EventFactory(occurred_on=datetime.date(2020 + index, 6, 1))
        other_event.countries.set([world.country])
        other_event.blocs.set([world.bloc])
        brief = BriefFactory(
            title=f"Alliance brief {index}",
            publish_at=timezone.now() - datetime.timedelta(days=index + 1),
        )
        brief.countries.set(countries)
        brief.blocs.set([world.bloc])
        brief.organizations.set([world.organization])
        brief.ai_models.set([world.ai_model])
        brief.people.set([world.person])
        brief.events.set([world.event, other_event])
        brief.topics.set([world.topic])
        brief.authors.set(authors)
        brief.key_figures.set(world.country.key_figures.all())
        BriefCitationFactory(brief=brief, source=world.source, position=1)
        BriefCitationFactory(brief=brief, source=SourceFactory(), position=2)
        world.briefs.append(brief)
    return world


HIDDEN_STATES = {
    "draft": {"status": Brief.Status.DRAFT},
    "review": {"status": Brief.Status.REVIEW},
    "withdrawn": {"status": Brief.Status.WITHDRAWN},
    "future": {
        "status": Brief.Status.PUBLISHED,
        "publish_at_offset": datetime.timedelta(days=2),
    },
}


def hidden_brief(state: str, world: World, title: str) -> Brief:
    """A brief in a state readers must never see, linked to everything in `world`."""
    options = dict(HIDDEN_STATES[state])
    offset = options.pop("publish_at_offset", -datetime.timedelta(days=3))
    brief = BriefFactory(title=title, publish_at=timezone.now() + offset, **options)
    brief.countries.set([world.country])
    brief.blocs.set([world.bloc])
    brief.organizations.set([world.organization])
    brief.ai_models.set([world.ai_model])
    brief.people.set([world.person])
    brief.events.set([world.event])
    brief.topics.set([world.topic])
    BriefCitationFactory(brief=brief, source=world.source, position=1)
    return brief
