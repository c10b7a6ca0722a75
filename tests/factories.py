"""factory_boy factories for every model of the knowledge base.

Countries come from the data migration, so factories look them up by ISO code
instead of inventing new ones.
"""

import datetime
from decimal import Decimal
from importlib import import_module

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from briefs.models import (
    AIModel,
    Alias,
    Bloc,
    Brief,
    BriefCitation,
    Country,
    Event,
    Indicator,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Organization,
    Person,
    Ranking,
    Role,
    Source,
    Topic,
    WebhookDelivery,
    WebhookEndpoint,
)


def restore_countries() -> None:
    """Put back the 249 countries the data migration made, which a flush between
    transactional tests removes."""
    if not Country.objects.exists():
        load_iso_countries = import_module("briefs.migrations.0002_load_iso_countries")
        load_iso_countries.load_countries(apps, None)


def country(iso2: str = "RU") -> Country:
    return Country.objects.get(iso2=iso2)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = Organization.Kind.COMPANY
    country = factory.LazyFunction(country)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    title = factory.Sequence(lambda n: f"Report number {n}")
    kind = Source.Kind.NEWS
    publisher = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.MEDIA)
    published_on = datetime.date(2024, 12, 11)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    country = factory.LazyFunction(country)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    title = "Chief executive officer"
    organization = factory.SubFactory(OrganizationFactory)


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    name = factory.Sequence(lambda n: f"Bloc {n}")
    slug = factory.Sequence(lambda n: f"bloc-{n}")
    kind = Bloc.Kind.ECONOMIC


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    country = factory.LazyFunction(country)
    role = Membership.Role.MEMBER
    joined_on = datetime.date(2024, 1, 1)


class AIModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AIModel
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.Sequence(lambda n: f"model-{n}")
    country = factory.LazyFunction(country)
    modality = AIModel.Modality.LANGUAGE

    @factory.post_generation
    def developers(self, create, extracted, **kwargs):
        if create:
            self.developers.set(extracted or [OrganizationFactory()])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Index {n}")
    slug = factory.Sequence(lambda n: f"index-{n}")
    publisher = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.MEDIA)


class IndicatorEditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorEdition

    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.Sequence(lambda n: 2000 + n % 90)
    countries_covered = 83


class RankingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ranking

    edition = factory.SubFactory(IndicatorEditionFactory)
    country = factory.LazyFunction(country)
    rank = 31
    source = factory.SubFactory(SourceFactory)


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    country = factory.LazyFunction(country)
    label = "AI contribution to GDP"
    value = Decimal("11.2")
    scale = KeyFigure.Scale.TRILLION
    unit = KeyFigure.Unit.CURRENCY
    currency = "RUB"
    year = 2030
    kind = KeyFigure.Kind.FORECAST
    source = factory.SubFactory(SourceFactory)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.STATEMENT
    occurred_on = datetime.date(2024, 12, 11)


class BriefFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brief

    title = factory.Sequence(lambda n: f"Brief {n}")
    slug = factory.Sequence(lambda n: f"brief-{n}")
    summary = "A short summary of what happened and why it matters."
    body = "Some **Markdown** body text. [1]"
    status = Brief.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class BriefCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefCitation

    brief = factory.SubFactory(BriefFactory)
    source = factory.SubFactory(SourceFactory)
    position = factory.Sequence(lambda n: n + 1)
    supports = "The main claim."


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    entity = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")
    language = "en"


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://receiver-{n}.example.org/hooks")
    description = factory.Sequence(lambda n: f"Partner app {n}")


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    message_id = factory.Sequence(lambda n: f"msg_{n}")
    event = "brief.published"
    payload = factory.LazyFunction(lambda: {"type": "brief.published", "data": {}})
    attempt = 1
    attempted_at = factory.LazyFunction(timezone.now)
    outcome = WebhookDelivery.Outcome.DELIVERED
    status_code = 200
    response_ms = 12
