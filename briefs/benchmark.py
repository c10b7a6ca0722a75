"""The speed benchmark: every public page and API endpoint, timed on a throwaway database.

Speed targets live here, never in timed tests: a timed test fails on a busy CI
machine and passes on a fast laptop, so it proves nothing either way. Query counts
are what the suite pins; this module says how fast the pages are, on demand
(``manage.py benchmark``, ``make bench``).

What a run does:

1. Creates a throwaway database with Django's own test-database machinery
   (``setup_databases`` and ``teardown_databases``, as the test runner does) under a
   name of its own: ``benchmark_<NAME>`` on PostgreSQL, a file in a fresh temporary
   directory on SQLite. The developer's database is never opened.
2. Seeds it, through the models, with a realistic volume of linked data (``seed``):
   at scale 1, 500 published briefs and 50 hidden ones, 60 organizations, 40 AI
   models, 20 blocs, 3 indicators ranking 80 countries over 4 editions, 300 key
   figures, 200 events, 400 sources.
3. Requests each page and endpoint through Django's test client: one warm-up that
   also counts queries and bytes, then ``repeat`` timed requests, round-robin over
   all endpoints so that a burst of load on a shared machine spreads over them all.
   The median is compared with the endpoint's target in ``TARGETS_MS``.

What is timed is the server's whole handling of a request in-process (middleware,
view, queries, template or serializer, reading the body), without network or TLS,
on one persistent database connection, with DEBUG as set (``make bench`` unsets
it). For the run only: the cache is a private in-process one, so nothing lands in
a Redis that REDIS_URL names; static files get plain URLs, since the hashed
manifest exists only after collectstatic and a lookup in it costs microseconds;
"testserver" is an allowed host; and each request comes from its own address, so
the API's per-address throttle never answers 429.
"""

import datetime
import itertools
import math
import random
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    override_settings,
    setup_databases,
    teardown_databases,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    AIModel,
    Bloc,
    Brief,
    BriefCitation,
    Country,
    DatePrecision,
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
)

# The median milliseconds each page and endpoint may take. Each is about 2.5 times the
# median measured at scale 1 on the team's shared 2-CPU machine, on the slower of
# SQLite and PostgreSQL, rounded up, and never under 10 ms (the README, "Benchmarks",
# has the figures). That is far enough above a busy machine's noise that a miss means
# the page really got slower, and near enough that an N+1 query, a doubled template or
# a lost index shows. A target is a guard against getting slower, not a verdict that a
# page is fast enough: the README names the pages that are slow today.
TARGETS_MS: dict[str, float] = {
    "home": 70,
    "brief list": 120,
    "brief list, filtered": 140,
    "brief": 110,
    "country index": 110,
    "country": 180,
    "bloc index": 20,
    "bloc": 80,
    "organization index": 30,
    "organization": 80,
    "AI model index": 50,
    "AI model": 60,
    "person": 60,
    "indicator index": 15,
    "indicator": 750,
    "indicator, comparing": 650,
    "timeline": 90,
    "timeline, filtered": 100,
    "event": 60,
    "topic": 35,
    "source": 250,
    "search": 70,
    "RSS feed": 30,
    "Atom feed": 30,
    "country feed": 30,
    "bloc feed": 30,
    "organization feed": 30,
    "AI model feed": 30,
    "topic feed": 30,
    "sitemap": 450,
    "robots.txt": 10,
    "API root": 10,
    "API briefs (50 a page)": 160,
    "API briefs, filtered": 160,
    "API briefs, searched": 80,
    "API brief": 60,
    "API countries": 30,
    "API country by ISO code": 110,
    "API blocs": 15,
    "API bloc": 80,
    "API memberships": 70,
    "API memberships CSV": 300,
    "API membership": 25,
    "API organizations": 35,
    "API organization": 60,
    "API AI models": 50,
    "API AI model": 50,
    "API people": 25,
    "API person": 45,
    "API indicators": 10,
    "API indicator": 15,
    "API rankings": 70,
    "API rankings CSV": 3300,
    "API ranking": 20,
    "API key figures": 60,
    "API key figures CSV": 250,
    "API key figure": 20,
    "API events": 25,
    "API event": 50,
    "API sources": 30,
    "API source": 30,
    "API topics": 10,
    "API topic": 25,
    "API search": 60,
}
# Full-text search is its own code on PostgreSQL (briefs.search), and its own cost.
POSTGRESQL_TARGETS_MS: dict[str, float] = {
    "search": 450,
    "API briefs, searched": 450,
    "API search": 400,
}


def target_ms(name: str, vendor: str) -> float:
    if vendor == "postgresql" and name in POSTGRESQL_TARGETS_MS:
        return POSTGRESQL_TARGETS_MS[name]
    return TARGETS_MS[name]


# Exit statuses of `manage.py benchmark`: 1 stays Django's "something broke".
EXIT_OK, EXIT_FAILED, EXIT_SLOW = 0, 1, 3

# Never fewer than this of anything (default 2), however small the scale.
MINIMUM = {"indicators": 1, "ranked_countries": 5, "countries": 5}

# The countries the data is about, the launch story's first; then any other ISO code.
ACTIVE_COUNTRY_CODES = (
    "RU", "CN", "IN", "BR", "ZA", "US", "GB", "FR", "DE", "JP", "KR", "IL", "AE", "SA",
    "TR", "ID", "RS", "EG", "ET", "IR", "CA", "AU", "SG", "NL", "SE", "FI", "CH", "IT",
    "ES", "PL", "UA", "KZ", "BY", "VN", "TH", "MY", "MX", "AR", "NG", "KE",
)  # fmt: skip

TOPIC_NAMES = (
    "AI alliances", "Compute and chips", "Sanctions and export controls",
    "Language models", "AI regulation", "Talent and education", "Investment",
    "Rankings", "Defence and security", "Open source", "Data governance",
    "Public services",
)  # fmt: skip
THEMES = (
    "alliance", "compute", "sanctions", "language models", "regulation", "talent",
    "investment", "rankings", "chips", "open weights", "data centres", "standards",
)  # fmt: skip
ADJECTIVES = (
    "Northern", "Eastern", "United", "National", "Federal", "Open", "Pacific",
    "Central", "Digital", "Applied", "Southern", "Western", "Global", "Joint",
)  # fmt: skip
ORGANIZATION_NOUNS = {
    Organization.Kind.COMPANY: "Systems",
    Organization.Kind.BANK: "Bank",
    Organization.Kind.GOVERNMENT: "Digital Ministry",
    Organization.Kind.RESEARCH: "Institute of AI",
    Organization.Kind.ASSOCIATION: "AI Association",
    Organization.Kind.MEDIA: "Media",
    Organization.Kind.CONSULTANCY: "Partners",
    Organization.Kind.INTERGOVERNMENTAL: "AI Council",
}
FIRST_NAMES = ("Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines")
LAST_NAMES = ("Ivanova", "Kumar", "Li", "Mendes", "Nkosi", "Okafor", "Petrov", "Silva", "Tan")
FIGURE_SERIES = (
    ("AI contribution to GDP", KeyFigure.Unit.CURRENCY, KeyFigure.Scale.TRILLION),
    ("Share of workers with AI skills", KeyFigure.Unit.PERCENT, KeyFigure.Scale.ONE),
    ("AI investment", KeyFigure.Unit.CURRENCY, KeyFigure.Scale.BILLION),
    ("AI start-ups", KeyFigure.Unit.COUNT, KeyFigure.Scale.ONE),
    ("Growth in AI investment", KeyFigure.Unit.MULTIPLE, KeyFigure.Scale.ONE),
)
PILLARS = ("Talent", "Infrastructure", "Investment")
SEARCH_WORD = "alliance"  # in a third of the titles, blocs and events: the searched word


@dataclass(frozen=True)
class Sizes:
    """How much of everything scale 1 seeds; ``at(scale)`` multiplies it."""

    published_briefs: int = 500
    draft_briefs: int = 25
    review_briefs: int = 10
    scheduled_briefs: int = 10
    withdrawn_briefs: int = 5
    authors: int = 12
    countries: int = 40  # the countries briefs, events, models and figures are about
    organizations: int = 60
    sources: int = 400
    topics: int = 12
    blocs: int = 20
    people: int = 40
    ai_models: int = 40
    indicators: int = 3
    editions: int = 4  # per indicator
    ranked_countries: int = 80  # in the latest edition; each older one ranks 6 fewer
    key_figures: int = 300
    events: int = 200

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        base = asdict(cls())
        return cls(**{k: max(MINIMUM.get(k, 2), round(v * scale)) for k, v in base.items()})


@dataclass
class Hub:
    """The objects whose detail pages are measured: the busiest of their kind."""

    brief: Brief
    country: Country
    bloc: Bloc
    organization: Organization
    ai_model: AIModel
    person: Person
    indicator: Indicator
    event: Event
    topic: Topic
    source: Source
    membership: Membership
    ranking: Ranking
    key_figure: KeyFigure
    compared: list  # countries for the indicator comparison


# Seeding ------------------------------------------------------------------------------


def seed(sizes: Sizes, *, seed_value: int = 20241211) -> Hub:
    """Write a linked knowledge base of `sizes` through the models, in one transaction.

    Deterministic for a given seed, so runs are comparable. Bulk inserts keep it to
    seconds; no model signal matters for reading, and the public dates a workflow
    would set (first publication, revision) are written explicitly.
    """
    rng = random.Random(seed_value)
    now = timezone.now()
    with transaction.atomic():
        hub = _Seeder(sizes, rng, now).run()
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum keeps them); a new one has
        # none, and the planner's guesses without them are not what production sees.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return hub


def _name(index: int, noun: str) -> str:
    return f"{ADJECTIVES[index % len(ADJECTIVES)]} {noun} {index + 1}"


def _days_ago(now, days: float) -> datetime.date:
    return (now - datetime.timedelta(days=days)).date()


class _Seeder:
    def __init__(self, sizes: Sizes, rng: random.Random, now: datetime.datetime):
        self.sizes = sizes
        self.rng = rng
        self.now = now

    def run(self) -> Hub:
        self.countries = self._active_countries()
        self.authors = self._authors()
        self.organizations = self._organizations()
        self.media = [o for o in self.organizations if o.kind == Organization.Kind.MEDIA]
        self.sources = self._sources()
        self.topics = self._topics()
        self.blocs, memberships = self._blocs()
        self.people = self._people()
        self.ai_models = self._ai_models()
        self.indicators, rankings = self._indicators()
        self.key_figures = self._key_figures()
        self.events = self._events()
        briefs = self._briefs()
        country = self.countries[0]
        indicator = self.indicators[0]
        return Hub(
            brief=briefs[0],
            country=country,
            bloc=self.blocs[0],
            organization=self.organizations[0],
            ai_model=self.ai_models[0],
            person=self.people[0],
            indicator=indicator,
            event=self.events[0],
            topic=self.topics[0],
            source=self.sources[0],
            membership=memberships[0],
            ranking=rankings[0],
            key_figure=next(f for f in self.key_figures if f.country_id == country.pk),
            compared=self.countries[:5],
        )

    def sample(self, items: list, low: int, high: int) -> list:
        return self.rng.sample(items, min(len(items), self.rng.randint(low, high)))

    def _active_countries(self) -> list[Country]:
        by_code = Country.objects.in_bulk(ACTIVE_COUNTRY_CODES, field_name="iso2")
        active = [by_code[code] for code in ACTIVE_COUNTRY_CODES if code in by_code]
        others = Country.objects.exclude(pk__in=[c.pk for c in active]).order_by("iso2")
        self.all_countries = active + list(others)
        return self.all_countries[: self.sizes.countries]

    def _authors(self) -> list:
        User = get_user_model()
        users = []
        for index in range(self.sizes.authors):
            user = User(
                username=f"benchmark-author-{index + 1}",
                first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
                last_name=LAST_NAMES[index % len(LAST_NAMES)],
                email=f"benchmark-author-{index + 1}@example.org",
            )
            user.set_unusable_password()
            users.append(user)
        return User.objects.bulk_create(users)

    def _organizations(self) -> list[Organization]:
        kinds = [kind for kind in Organization.Kind if kind != Organization.Kind.MEDIA]
        organizations = []
        for index in range(self.sizes.organizations):
            # The first is the hub (a company); every sixth publishes sources.
            if index == 0:
                kind = Organization.Kind.COMPANY
            elif index % 6 == 1:
                kind = Organization.Kind.MEDIA
            else:
                kind = kinds[index % len(kinds)]
            country = self.countries[0] if index % 3 == 0 else self.rng.choice(self.countries)
            name = _name(index, ORGANIZATION_NOUNS[kind])
            organizations.append(
                Organization(
                    name=name,
                    slug=slugify(name),
                    kind=kind,
                    country=country,
                    website=f"https://{slugify(name)}.example.org/",
                    description=(
                        f"{name} works on AI in {country.name}: models, compute and the "
                        f"{self.rng.choice(THEMES)} agenda.\n\nA second paragraph of background."
                    ),
                )
            )
        organizations = Organization.objects.bulk_create(organizations)
        for index, organization in enumerate(organizations[1:], start=1):
            if index % 4 == 0:
                organization.parent = organizations[0]
        Organization.objects.bulk_update(organizations, ["parent"])
        return organizations

    def _sources(self) -> list[Source]:
        kinds = list(Source.Kind)
        sources = []
        for index in range(self.sizes.sources):
            published = _days_ago(self.now, 5 + index * 3)
            sources.append(
                Source(
                    url=f"https://sources.example.org/benchmark/{index + 1}",
                    title=f"{self.rng.choice(THEMES).capitalize()} in "
                    f"{self.rng.choice(self.countries).name}: report {index + 1}",
                    kind=Source.Kind.DATASET if index == 0 else kinds[index % len(kinds)],
                    publisher=self.media[index % len(self.media)] if self.media else None,
                    author=f"{FIRST_NAMES[index % 9]} {LAST_NAMES[(index * 5) % 9]}",
                    published_on=published,
                    accessed_on=published + datetime.timedelta(days=3),
                    archived_url=f"https://archive.example.org/benchmark/{index + 1}",
                    language=("en", "en", "ru", "zh")[index % 4],
                )
            )
        return Source.objects.bulk_create(sources)

    def _topics(self) -> list[Topic]:
        topics = []
        for index in range(self.sizes.topics):
            name = TOPIC_NAMES[index % len(TOPIC_NAMES)]
            if index >= len(TOPIC_NAMES):
                name = f"{name} {index // len(TOPIC_NAMES) + 1}"
            topics.append(
                Topic(name=name, slug=slugify(name), description=f"Briefs on {name.lower()}.")
            )
        return Topic.objects.bulk_create(topics)

    def _blocs(self) -> tuple[list[Bloc], list[Membership]]:
        kinds = list(Bloc.Kind)
        blocs = []
        for index in range(self.sizes.blocs):
            name = _name(index, f"AI {SEARCH_WORD.capitalize()}" if index % 3 == 0 else "Compact")
            blocs.append(
                Bloc(
                    name=name,
                    short_name=f"B{index + 1}",
                    slug=slugify(name),
                    kind=kinds[index % len(kinds)],
                    founded_on=datetime.date(1990 + index, 1 + index % 12, 1),
                    founded_precision=DatePrecision.MONTH,
                    description=f"{name} brings states and institutions together on AI.",
                )
            )
        blocs = Bloc.objects.bulk_create(blocs)
        for index, bloc in enumerate(blocs[1:], start=1):
            if index % 5 == 0:
                bloc.parent = blocs[0]
        Bloc.objects.bulk_update(blocs, ["parent"])
        roles = list(Membership.Role)
        memberships = []
        for index, bloc in enumerate(blocs):
            size = 25 if index == 0 else 4 + (index * 3) % 18
            members = self.all_countries[:1] if index % 2 == 0 else []
            candidates = self.all_countries[1:]
            members += self.rng.sample(candidates, min(len(candidates), size - len(members)))
            for position, member in enumerate(members):
                joined = datetime.date(2000 + position % 24, 1 + position % 12, 1)
                left = joined + datetime.timedelta(days=900) if position % 10 == 9 else None
                memberships.append(
                    Membership(
                        bloc=bloc,
                        country=member,
                        role=roles[position % len(roles)],
                        joined_on=joined,
                        left_on=left,
                    )
                )
            for organization in self.sample(self.organizations, 1, 3):
                memberships.append(
                    Membership(
                        bloc=bloc,
                        organization=organization,
                        role=Membership.Role.PARTNER,
                        joined_on=datetime.date(2024, 12, 11),
                        note="Joined through its national association.",
                    )
                )
        memberships = Membership.objects.bulk_create(memberships)
        _link(
            Bloc, "sources", [(b.pk, s.pk) for b in blocs for s in self.sample(self.sources, 1, 3)]
        )
        _link(
            Membership,
            "sources",
            [(m.pk, self.rng.choice(self.sources).pk) for m in memberships],
        )
        return blocs, memberships

    def _people(self) -> list[Person]:
        people = []
        for index in range(self.sizes.people):
            name = f"{FIRST_NAMES[index % 9]} {LAST_NAMES[(index * 4) % 9]} {index + 1}"
            people.append(
                Person(
                    name=name,
                    slug=slugify(name),
                    country=self.countries[0]
                    if index % 4 == 0
                    else self.rng.choice(self.countries),
                    description=f"{name} speaks for AI policy and industry.",
                )
            )
        people = Person.objects.bulk_create(people)
        roles = []
        for index, person in enumerate(people):
            for number in range(5 if index == 0 else 2):
                started = datetime.date(2010 + number * 3, 1 + index % 12, 1)
                current = number == (4 if index == 0 else 1)
                roles.append(
                    Role(
                        person=person,
                        title=("Chief executive officer", "Chair", "Minister", "Director")[
                            number % 4
                        ],
                        organization=self.rng.choice(self.organizations),
                        started_on=started,
                        ended_on=None if current else started + datetime.timedelta(days=1000),
                        source=self.rng.choice(self.sources),
                    )
                )
        Role.objects.bulk_create(roles)
        return people

    def _ai_models(self) -> list[AIModel]:
        modalities = list(AIModel.Modality)
        accesses = list(AIModel.Access)
        developers = [
            o
            for o in self.organizations
            if o.kind in (Organization.Kind.COMPANY, Organization.Kind.RESEARCH)
        ]
        models = []
        for index in range(self.sizes.ai_models):
            name = f"{ADJECTIVES[index % len(ADJECTIVES)]}GPT-{index + 1}"
            models.append(
                AIModel(
                    name=name,
                    slug=slugify(name),
                    country=self.countries[0]
                    if index % 4 == 0
                    else self.rng.choice(self.countries),
                    released_on=_days_ago(self.now, 30 + index * 20),
                    release_precision=(DatePrecision.DAY, DatePrecision.MONTH)[index % 2],
                    modality=modalities[index % len(modalities)],
                    access=accesses[index % len(accesses)] if index % 7 else "",
                    parameters=None if index % 3 == 2 else (index + 1) * 1_000_000_000,
                    description=f"{name} is a {modalities[index % len(modalities)].label.lower()} "
                    "model.\n\nTrained on public and licensed data.",
                    website=f"https://{slugify(name)}.example.org/",
                )
            )
        models = AIModel.objects.bulk_create(models)
        for index, model in enumerate(models[1:], start=1):
            if index % 5 == 0:
                model.base_model = models[0]
        AIModel.objects.bulk_update(models, ["base_model"])
        pairs = []
        for index, model in enumerate(models):
            chosen = {self.organizations[0]} if index % 4 == 0 else set()
            chosen.update(self.sample(developers, 1, 2))
            pairs += [(model.pk, organization.pk) for organization in chosen]
        _link(AIModel, "developers", pairs)
        _link(
            AIModel,
            "sources",
            [(m.pk, s.pk) for m in models for s in self.sample(self.sources, 1, 3)],
        )
        return models

    def _indicators(self) -> tuple[list[Indicator], list[Ranking]]:
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(
                    name=f"Global AI Index {index + 1}",
                    slug=f"global-ai-index-{index + 1}",
                    publisher=self.media[index % len(self.media)],
                    description="Ranks countries on AI capacity.",
                    methodology="Scores implementation, innovation and investment.",
                    website="https://index.example.org/",
                )
                for index in range(self.sizes.indicators)
            ]
        )
        latest_year = self.now.year - 1
        editions = []
        for number, indicator in enumerate(indicators):
            for age in range(self.sizes.editions):
                covered = max(MINIMUM["ranked_countries"], self.sizes.ranked_countries - 6 * age)
                editions.append(
                    IndicatorEdition(
                        indicator=indicator,
                        year=latest_year - age,
                        published_on=datetime.date(latest_year - age, 9, 19),
                        countries_covered=min(covered, len(self.all_countries)),
                        url="https://index.example.org/editions/",
                        # The hub source is the latest edition of the first indicator.
                        source=self.sources[
                            0 if number == age == 0 else (1 + number + age) % len(self.sources)
                        ],
                    )
                )
        editions = IndicatorEdition.objects.bulk_create(editions)
        rankings = []
        for edition in editions:
            ranked = self.all_countries[: edition.countries_covered]
            for pillar in ("", *PILLARS):
                order = self.rng.sample(ranked, len(ranked))
                rankings += [
                    Ranking(
                        edition=edition,
                        country=country,
                        rank=rank,
                        score=Decimal(100 - rank * Decimal("0.9")).quantize(Decimal("0.001")),
                        pillar=pillar,
                        source=edition.source,
                    )
                    for rank, country in enumerate(order, start=1)
                ]
        return indicators, Ranking.objects.bulk_create(rankings)

    def _key_figures(self) -> list[KeyFigure]:
        figures = []
        subjects = [("country", c) for c in self.countries] + [
            ("organization", o) for o in self.organizations[: self.sizes.organizations // 5 or 1]
        ]
        for index in range(self.sizes.key_figures):
            subject_kind, subject = (
                ("country", self.countries[0]) if index % 5 == 0 else self.rng.choice(subjects)
            )
            label, unit, scale = FIGURE_SERIES[index % len(FIGURE_SERIES)]
            year = 2020 + (index // len(FIGURE_SERIES)) % 11
            money = unit == KeyFigure.Unit.CURRENCY
            figures.append(
                KeyFigure(
                    country=subject if subject_kind == "country" else None,
                    organization=subject if subject_kind == "organization" else None,
                    label=label,
                    value=Decimal(self.rng.randint(2, 950)) / 10,
                    scale=scale,
                    unit=unit,
                    currency=("RUB", "USD", "CNY")[index % 3] if money else "",
                    usd_value=Decimal(self.rng.randint(2, 950)) if money else None,
                    usd_scale=KeyFigure.Scale.BILLION if money else KeyFigure.Scale.ONE,
                    year=year,
                    kind=(
                        KeyFigure.Kind.ACTUAL
                        if year < self.now.year
                        else (KeyFigure.Kind.FORECAST, KeyFigure.Kind.TARGET)[index % 2]
                    ),
                    source=self.sources[0] if index % 10 == 0 else self.rng.choice(self.sources),
                    locator=f"p. {index % 40 + 1}",
                )
            )
        return KeyFigure.objects.bulk_create(figures)

    def _events(self) -> list[Event]:
        kinds = list(Event.Kind)
        events = []
        for index in range(self.sizes.events):
            country = self.rng.choice(self.countries)
            theme = THEMES[index % len(THEMES)]
            title = f"{country.name} announces a new {theme} step ({index + 1})"
            events.append(
                Event(
                    title=title,
                    slug=slugify(title),
                    kind=kinds[index % len(kinds)],
                    occurred_on=_days_ago(self.now, 2 + index * 9),
                    precision=DatePrecision.DAY if index % 5 else DatePrecision.MONTH,
                    summary=f"{country.name} took a step on {theme}; "
                    + ("its allies" if index % 3 else f"partners in the {SEARCH_WORD}")
                    + " responded.",
                )
            )
        events = Event.objects.bulk_create(events)
        hub = events[0]
        links = {"countries": [], "blocs": [], "organizations": [], "ai_models": [], "people": []}
        links["sources"] = []
        for event in events:
            big = event is hub
            countries = self.sample(self.countries[1:], 4 if big else 0, 4 if big else 2)
            if big or self.rng.random() < 0.3:
                countries.append(self.countries[0])
            links["countries"] += [(event.pk, c.pk) for c in countries]
            for name, items, most in (
                ("blocs", self.blocs, 1),
                ("organizations", self.organizations, 2),
                ("ai_models", self.ai_models, 1),
                ("people", self.people, 1),
                ("sources", self.sources, 2),
            ):
                chosen = set(self.sample(items, most if big else 0, most + 1 if big else most))
                if big or self.rng.random() < 0.2:
                    chosen.add(items[0])
                links[name] += [(event.pk, item.pk) for item in chosen]
        for name, pairs in links.items():
            _link(Event, name, pairs)
        return events

    def _briefs(self) -> list[Brief]:
        """Published briefs, newest first (the first is the hub), then hidden ones."""
        sizes = self.sizes
        briefs = []
        spacing = datetime.timedelta(days=1000 / max(sizes.published_briefs, 1))
        for index in range(sizes.published_briefs):
            publish_at = self.now - datetime.timedelta(hours=2) - spacing * index
            brief = self._brief(index, Brief.Status.PUBLISHED, publish_at)
            brief.first_published_at = publish_at
            if index % 7 == 3:
                brief.revised_at = min(publish_at + datetime.timedelta(days=3), self.now)
            brief.featured = index in (3, 40, 120)
            briefs.append(brief)
        hidden = []
        for status, count, offset in (
            (Brief.Status.DRAFT, sizes.draft_briefs, None),
            (Brief.Status.REVIEW, sizes.review_briefs, None),
            (Brief.Status.PUBLISHED, sizes.scheduled_briefs, 1),  # scheduled: future
            (Brief.Status.WITHDRAWN, sizes.withdrawn_briefs, -30),
        ):
            for number in range(count):
                index = len(briefs) + len(hidden)
                publish_at = (
                    None
                    if offset is None
                    else self.now + datetime.timedelta(days=offset * (number + 1))
                )
                brief = self._brief(index, status, publish_at)
                if status == Brief.Status.WITHDRAWN:
                    brief.first_published_at = publish_at
                hidden.append(brief)
        briefs = Brief.objects.bulk_create(briefs + hidden)
        self._link_briefs(briefs)
        return briefs

    def _brief(self, index: int, status: str, publish_at) -> Brief:
        first, second = self.rng.sample(self.countries, 2)
        theme = THEMES[index % len(THEMES)]
        title = f"{first.name} and {second.name} weigh a joint {theme} {SEARCH_WORD}"
        if index % 3:
            title = f"What {self.rng.choice(self.organizations).name} means for {theme}"
        return Brief(
            title=f"{title} ({index + 1})",
            slug=f"{slugify(title)[:180]}-{index + 1}",
            summary=(
                f"{first.name} and {second.name} move on {theme}: what was agreed, "
                "who pays, and what it changes for the partners."
            ),
            body=_brief_body(first.name, second.name, theme),
            status=status,
            publish_at=publish_at,
        )

    def _link_briefs(self, briefs: list[Brief]) -> None:
        links = {name: [] for name in ("countries", "blocs", "organizations", "ai_models")}
        links |= {name: [] for name in ("people", "events", "topics", "authors", "key_figures")}
        citations = []
        figures_by_country = {}
        for figure in self.key_figures:
            if figure.country_id:
                figures_by_country.setdefault(figure.country_id, []).append(figure)
        for index, brief in enumerate(briefs):
            big = index == 0
            # (relation, candidates, most, how often the hub object is linked)
            for name, items, most, hub_share in (
                ("countries", self.countries, 3, 0.35),
                ("blocs", self.blocs, 2, 0.25),
                ("organizations", self.organizations, 3, 0.25),
                ("ai_models", self.ai_models, 2, 0.2),
                ("people", self.people, 2, 0.15),
                ("events", self.events, 3, 0.15),
                ("topics", self.topics, 2, 0.3),
                ("authors", self.authors, 2, 0.0),
            ):
                chosen = set(self.sample(items[1:] or items, most if big else 1, most))
                if big or self.rng.random() < hub_share:
                    chosen.add(items[0])
                links[name] += [(brief.pk, item.pk) for item in chosen]
            country_figures = figures_by_country.get(self.countries[0].pk, [])
            links["key_figures"] += [
                (brief.pk, figure.pk) for figure in self.sample(country_figures, 3 if big else 0, 3)
            ]
            count = min(5 if big else self.rng.randint(3, 5), len(self.sources) - 1)
            cited = self.rng.sample(self.sources[1:], count)
            if big or self.rng.random() < 0.2:
                cited[0] = self.sources[0]
            citations += [
                BriefCitation(
                    brief=brief,
                    source=source,
                    position=position,
                    supports=f"The claim in paragraph {position}.",
                    locator=f"section {position}",
                )
                for position, source in enumerate(cited, start=1)
            ]
        for name, pairs in links.items():
            _link(Brief, name, pairs)
        BriefCitation.objects.bulk_create(citations)


def _brief_body(first: str, second: str, theme: str) -> str:
    """About 400 words of Markdown with headings, a list, a link and citations."""
    paragraph = (
        f"{first} and {second} have spent the year on {theme}, and the agreement they "
        "announced is the clearest sign yet of where both want to go. Officials on each "
        "side describe shared research, open markets for each other's AI products and "
        "common rules on data, while critics note how little money has been committed "
        "so far. [^1]"
    )
    return "\n\n".join(
        [
            paragraph,
            "## What was agreed",
            f"The text names working groups on *{theme}*, talent exchanges and joint "
            "procurement of compute. It sets no budget and no deadline, which leaves room "
            "for both partners to claim success whatever happens next. [^2]",
            "- a joint research programme\n- access to each other's markets\n"
            "- shared standards for evaluating models",
            paragraph.replace("[^1]", "[^3]"),
            "## Why it matters",
            f"For {first}, the deal is also a message to rivals: that it can find partners "
            f"for {theme} despite sanctions and export controls. For {second}, it is a hedge. "
            "Both sides' statements are on the "
            "[official site](https://sources.example.org/benchmark/statement). [^2][^3]",
            f"Trade and finance officials will do much of the work. {first} wants access to "
            f"{second}'s engineers and data centres; {second} wants a share of the market and "
            "a say in the rules before others write them. Neither has said who owns the "
            "results of joint research, nor how disputes would be settled. [^3]",
            "## What to watch",
            "Three things will show whether it is more than words: money in next year's "
            "budgets, the first joint model or data centre, and whether other partners "
            "join before the next summit. [^1]",
            paragraph.replace("[^1]", "[^2]"),
        ]
    )


def _link(model, field_name: str, pairs: list[tuple[int, int]]) -> None:
    """Bulk-insert many-to-many rows of `model.field_name` from (own pk, other pk) pairs."""
    relation = model._meta.get_field(field_name)
    through = relation.remote_field.through
    own = relation.m2m_field_name() + "_id"
    other = relation.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [through(**{own: left, other: right}) for left, right in dict.fromkeys(pairs)]
    )


# What is measured -----------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    name: str
    kind: str  # "page" or "api"
    url: str


def endpoints(hub: Hub) -> list[Endpoint]:
    """Every public page type and every API list and detail, on the hub objects."""
    brief_year = hub.brief.first_published_at.year
    compare = "&".join(f"country={country.slug}" for country in hub.compared)

    def page(name: str, url_name: str, query: str = "", **kwargs) -> Endpoint:
        url = reverse(url_name, kwargs=kwargs or None)
        return Endpoint(name, "page", f"{url}?{query}" if query else url)

    def api(name: str, url_name: str, query: str = "", **kwargs) -> Endpoint:
        url = reverse(f"api:{url_name}", kwargs=kwargs or None)
        return Endpoint(name, "api", f"{url}?{query}" if query else url)

    return [
        page("home", "briefs:home"),
        page("brief list", "briefs:brief-list"),
        page(
            "brief list, filtered",
            "briefs:brief-list",
            f"country={hub.country.slug}&topic={hub.topic.slug}&year={brief_year}",
        ),
        page("brief", "briefs:brief-detail", slug=hub.brief.slug),
        page("country index", "briefs:country-list"),
        page("country", "briefs:country-detail", slug=hub.country.slug),
        page("bloc index", "briefs:bloc-list"),
        page("bloc", "briefs:bloc-detail", slug=hub.bloc.slug),
        page("organization index", "briefs:organization-list"),
        page("organization", "briefs:organization-detail", slug=hub.organization.slug),
        page("AI model index", "briefs:aimodel-list", "sort=released"),
        page("AI model", "briefs:aimodel-detail", slug=hub.ai_model.slug),
        page("person", "briefs:person-detail", slug=hub.person.slug),
        page("indicator index", "briefs:indicator-list"),
        page("indicator", "briefs:indicator-detail", slug=hub.indicator.slug),
        page("indicator, comparing", "briefs:indicator-detail", compare, slug=hub.indicator.slug),
        page("timeline", "briefs:event-list"),
        page("timeline, filtered", "briefs:event-list", f"country={hub.country.slug}"),
        page("event", "briefs:event-detail", slug=hub.event.slug),
        page("topic", "briefs:topic-detail", slug=hub.topic.slug),
        page("source", "briefs:source-detail", pk=hub.source.pk),
        page("search", "briefs:search", f"q={SEARCH_WORD}"),
        page("RSS feed", "briefs:feed"),
        page("Atom feed", "briefs:feed-atom"),
        page("country feed", "briefs:country-feed", slug=hub.country.slug),
        page("bloc feed", "briefs:bloc-feed-atom", slug=hub.bloc.slug),
        page("organization feed", "briefs:organization-feed", slug=hub.organization.slug),
        page("AI model feed", "briefs:aimodel-feed-atom", slug=hub.ai_model.slug),
        page("topic feed", "briefs:topic-feed", slug=hub.topic.slug),
        Endpoint("sitemap", "page", reverse("sitemap")),
        Endpoint("robots.txt", "page", reverse("robots")),
        api("API root", "root"),
        api("API briefs (50 a page)", "brief-list", "page_size=50"),
        api(
            "API briefs, filtered",
            "brief-list",
            f"page_size=50&country={hub.country.iso2}&topic={hub.topic.slug}",
        ),
        api("API briefs, searched", "brief-list", f"q={SEARCH_WORD}"),
        api("API brief", "brief-detail", slug=hub.brief.slug),
        api("API countries", "country-list", "page_size=100"),
        api("API country by ISO code", "country-detail", code=hub.country.iso2.lower()),
        api("API blocs", "bloc-list"),
        api("API bloc", "bloc-detail", slug=hub.bloc.slug),
        api("API memberships", "membership-list"),
        api("API memberships CSV", "membership-list", "format=csv"),
        api("API membership", "membership-detail", pk=hub.membership.pk),
        api("API organizations", "organization-list"),
        api("API organization", "organization-detail", slug=hub.organization.slug),
        api("API AI models", "ai-model-list"),
        api("API AI model", "ai-model-detail", slug=hub.ai_model.slug),
        api("API people", "person-list"),
        api("API person", "person-detail", slug=hub.person.slug),
        api("API indicators", "indicator-list"),
        api("API indicator", "indicator-detail", slug=hub.indicator.slug),
        api("API rankings", "ranking-list", f"country={hub.country.iso2}"),
        api("API rankings CSV", "ranking-list", "format=csv"),
        api("API ranking", "ranking-detail", pk=hub.ranking.pk),
        api("API key figures", "key-figure-list"),
        api("API key figures CSV", "key-figure-list", "format=csv"),
        api("API key figure", "key-figure-detail", pk=hub.key_figure.pk),
        api("API events", "event-list"),
        api("API event", "event-detail", slug=hub.event.slug),
        api("API sources", "source-list"),
        api("API source", "source-detail", pk=hub.source.pk),
        api("API topics", "topic-list"),
        api("API topic", "topic-detail", slug=hub.topic.slug),
        api("API search", "search", f"q={SEARCH_WORD}"),
    ]


@dataclass
class Result:
    endpoint: Endpoint
    status: int
    queries: int
    size: int
    target_ms: float
    timings_ms: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.timings_ms) if self.timings_ms else None

    @property
    def p95_ms(self) -> float | None:
        """The nearest-rank 95th percentile: with 20 requests, the second slowest."""
        if not self.timings_ms:
            return None
        ordered = sorted(self.timings_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def verdict(self) -> str:
        if self.status != 200:
            return f"FAIL ({self.status})"
        return "OK" if self.median_ms <= self.target_ms else "SLOW"

    def as_dict(self) -> dict:
        return {
            "name": self.endpoint.name,
            "kind": self.endpoint.kind,
            "url": self.endpoint.url,
            "status": self.status,
            "median_ms": _rounded(self.median_ms),
            "p95_ms": _rounded(self.p95_ms),
            "queries": self.queries,
            "bytes": self.size,
            "target_ms": self.target_ms,
            "verdict": self.verdict,
            "timings_ms": [_rounded(t) for t in self.timings_ms],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def exit_status(results: list[Result]) -> int:
    """EXIT_FAILED if any page did not answer 200, else EXIT_SLOW if any missed its target."""
    if any(result.status != 200 for result in results):
        return EXIT_FAILED
    if any(result.verdict == "SLOW" for result in results):
        return EXIT_SLOW
    return EXIT_OK


def _client_addresses() -> Iterator[str]:
    for number in itertools.count(1):
        yield f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def _fetch(client: Client, url: str, address: str) -> tuple[int, int]:
    """Request `url` and read its whole body: (status, bytes)."""
    response = client.get(url, REMOTE_ADDR=address)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response.status_code, len(body)


def measure(points: list[Endpoint], *, repeat: int) -> list[Result]:
    """A warm-up per endpoint (counting queries and bytes), then `repeat` timed rounds."""
    client = Client(raise_request_exception=False)
    addresses = _client_addresses()
    results = []
    for endpoint in points:
        with CaptureQueriesContext(connection) as queries:
            status, size = _fetch(client, endpoint.url, next(addresses))
        target = target_ms(endpoint.name, connection.vendor)
        results.append(Result(endpoint, status, len(queries), size, target))
    timed = [result for result in results if result.status == 200]
    for _ in range(repeat):
        for result in timed:
            started = time.perf_counter()
            _fetch(client, result.endpoint.url, next(addresses))
            result.timings_ms.append((time.perf_counter() - started) * 1000)
    return results


# A whole run ------------------------------------------------------------------------------


@dataclass
class Report:
    vendor: str
    database: str
    scale: float
    repeat: int
    sizes: dict
    debug: bool
    results: list[Result]

    @property
    def exit_status(self) -> int:
        return exit_status(self.results)

    def as_dict(self) -> dict:
        return {
            "database": self.vendor,
            "throwaway_database": self.database,
            "scale": self.scale,
            "repeat": self.repeat,
            "debug": self.debug,
            "django": django.get_version(),
            "sizes": self.sizes,
            "results": [result.as_dict() for result in self.results],
        }


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A fresh, migrated database in place of the default one; dropped on the way out.

    Its name is never the developer's: the test runner's "test_<NAME>" is left to
    pytest, so a benchmark and a test run on the same machine do not collide.
    """
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved_name = test_settings.get("NAME")
    directory = None
    if connection.vendor == "sqlite":
        directory = Path(tempfile.mkdtemp(prefix="briefs-benchmark-"))
        test_settings["NAME"] = str(directory / "benchmark.sqlite3")
    else:
        test_settings["NAME"] = f"benchmark_{connection.settings_dict['NAME']}"[:63]
    try:
        old_config = setup_databases(
            verbosity=0, interactive=False, aliases={connection.alias}, serialized_aliases=set()
        )
        try:
            yield connection.settings_dict["NAME"]
        finally:
            teardown_databases(old_config, verbosity=0)
    finally:
        test_settings["NAME"] = saved_name
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)


def measuring_settings():
    """What the run changes in the settings, and only for its own requests (see above)."""
    return override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "briefs-benchmark",
                "OPTIONS": {"MAX_ENTRIES": 1_000_000},
            }
        },
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )


def run(
    *, scale: float = 1.0, repeat: int = 20, progress: Callable[[str], None] = lambda _: None
) -> Report:
    sizes = Sizes.at(scale)
    progress(f"Creating a throwaway {connection.vendor} database")
    with throwaway_database() as database:
        progress(f"Seeding it at scale {scale:g}")
        hub = seed(sizes)
        points = endpoints(hub)
        progress(f"Measuring {len(points)} pages and endpoints, {repeat} times each")
        with measuring_settings(), warnings.catch_warnings():
            # WhiteNoise warns that STATIC_ROOT is missing before collectstatic; no
            # static file is requested here, so that is beside the point.
            warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
            results = measure(points, repeat=repeat)
        return Report(
            vendor=connection.vendor,
            database=database,
            scale=scale,
            repeat=repeat,
            sizes=asdict(sizes),
            debug=settings.DEBUG,
            results=results,
        )


# The table ---------------------------------------------------------------------------


def format_table(report: Report) -> str:
    headings = ("page", "median ms", "p95 ms", "queries", "bytes", "target ms", "")
    rows = [
        (
            r.endpoint.name,
            _number(r.median_ms),
            _number(r.p95_ms),
            str(r.queries),
            f"{r.size:,}",
            f"{r.target_ms:g}",
            r.verdict,
        )
        for r in report.results
    ]
    widths = [max(len(row[i]) for row in [headings, *rows]) for i in range(len(headings))]

    def line(cells) -> str:
        name, *numbers, verdict = cells
        padded = [name.ljust(widths[0])]
        padded += [cell.rjust(width) for cell, width in zip(numbers, widths[1:-1], strict=True)]
        return "  ".join([*padded, verdict]).rstrip()

    sizes = report.sizes
    slow = [r.endpoint.name for r in report.results if r.verdict != "OK"]
    lines = [
        f"{report.vendor}, scale {report.scale:g}: {sizes['published_briefs']} published "
        f"briefs, {sizes['organizations']} organizations, {sizes['ai_models']} AI models, "
        f"{sizes['blocs']} blocs, {sizes['events']} events, {sizes['sources']} sources; "
        f"median of {report.repeat} requests after a warm-up; DEBUG "
        f"{'ON (slower than production)' if report.debug else 'off'}.",
        "",
        line(headings),
    ]
    lines += [line(row) for row in rows]
    lines += [
        "",
        f"{len(report.results) - len(slow)} of {len(report.results)} within target"
        + (f"; missed: {', '.join(slow)}." if slow else "."),
    ]
    return "\n".join(lines)


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"
