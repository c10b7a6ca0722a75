"""Seed data for the benchmark: a realistic volume of linked, partly hidden records.

Written in bulk straight through the models (factory_boy is a test-only
dependency), on the throwaway database that ``briefs.dev.benchmark`` creates.
"""

import datetime
import random
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from ..markdown import RENDERER_VERSION, render_markdown
from ..models import (
    AIModel,
    Bloc,
    Brief,
    BriefCitation,
    Change,
    ContentGeneration,
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
PILLARS = ("Talent", "Infrastructure", "Investment", "Government strategy")
# Rows per INSERT: large enough to be fast, small enough for any database's limits.
BATCH = 2000
# Names Markdown leaves as they are (no punctuation it could read as markup or quote).
PLAIN_NAME = re.compile(r"[\w ,.()-]+")
NAME_STAND_INS = ("Firstcountryname", "Secondcountryname")
SEARCH_WORD = "alliance"  # in a third of the titles, blocs and events: the searched word


# What grows with the archive, and how: briefs and what they cite grow in proportion;
# the entities they are about grow far slower (a site with 200 times the briefs does
# not cover 200 times the organizations); the ranks are the indices' own, whatever the
# archive: about 10 indices, 5 editions, 200 countries, overall and on 4 pillars.
IN_PROPORTION = {
    "published_briefs", "draft_briefs", "review_briefs", "scheduled_briefs",
    "withdrawn_briefs", "sources", "key_figures", "events",
}  # fmt: skip
BY_SQUARE_ROOT = {"authors", "organizations", "topics", "blocs", "people", "ai_models"}
FIXED_ABOVE_SCALE_1 = {"countries", "indicators", "editions", "ranked_countries"}


@dataclass(frozen=True)
class Sizes:
    """How much of everything scale 1 seeds; ``at(scale)`` grows it (see IN_PROPORTION)."""

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
    indicators: int = 10
    editions: int = 5  # per indicator
    ranked_countries: int = 200  # in the latest edition; each older one ranks 6 fewer
    key_figures: int = 300
    events: int = 200

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        """Below scale 1 everything shrinks in proportion (for quick runs and tests)."""
        sizes = {}
        for name, value in asdict(cls()).items():
            if scale <= 1 or name in IN_PROPORTION:
                grown = value * scale
            elif name in BY_SQUARE_ROOT:
                grown = value * scale**0.5
            else:
                grown = value
            sizes[name] = max(MINIMUM.get(name, 2), round(grown))
        return cls(**sizes)


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
    seconds; they send no model signals, so what the signals would write and pages
    read (the change feed) is written here, as are the public dates a workflow would
    set (first publication, revision).
    """
    rng = random.Random(seed_value)
    now = timezone.now()
    with transaction.atomic():
        hub = _Seeder(sizes, rng, now).run()
        # The change feed the model layer would have written, had bulk inserts sent
        # signals: each published brief created when it went live.
        Change.objects.bulk_create(
            Change(kind="brief", key=slug, action=Change.Action.CREATED, at=live_at)
            for slug, live_at in Brief.objects.published().values_list("slug", "publish_at")
        )
        ContentGeneration.bump()  # bulk inserts send no signals
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum keeps them); a new one has
        # none, and the planner's guesses without them are not what production sees.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return hub


def _name(index: int, noun: str) -> str:
    return f"{ADJECTIVES[index % len(ADJECTIVES)]} {noun} {index + 1}"


def _spread(index: int, count: int, *, over_days: int) -> float:
    """How many days back the `index`-th of `count` rows falls when they are spread evenly
    over `over_days`: an archive grows denser, not centuries older (events dated back
    to the eleventh century gave the timeline a thousand years to choose from)."""
    return over_days * index / max(count, 1)


def _days_ago(now, days: float) -> datetime.date:
    return (now - datetime.timedelta(days=days)).date()


class _Seeder:
    def __init__(self, sizes: Sizes, rng: random.Random, now: datetime.datetime):
        self.sizes = sizes
        self.rng = rng
        self.now = now
        self._bodies: dict[tuple, str] = {}
        self._rendered: dict[str, str] = {}
        self._rendered_themes: dict[str, str] = {}

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
            published = _days_ago(self.now, 5 + _spread(index, self.sizes.sources, over_days=1200))
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
        return Source.objects.bulk_create(sources, batch_size=BATCH)

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
        memberships = Membership.objects.bulk_create(memberships, batch_size=BATCH)
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
        Role.objects.bulk_create(roles, batch_size=BATCH)
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
        return indicators, Ranking.objects.bulk_create(rankings, batch_size=BATCH)

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
        return KeyFigure.objects.bulk_create(figures, batch_size=BATCH)

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
                    occurred_on=_days_ago(
                        self.now, 2 + _spread(index, self.sizes.events, over_days=1800)
                    ),
                    precision=DatePrecision.DAY if index % 5 else DatePrecision.MONTH,
                    summary=f"{country.name} took a step on {theme}; "
                    + ("its allies" if index % 3 else f"partners in the {SEARCH_WORD}")
                    + " responded.",
                )
            )
        events = Event.objects.bulk_create(events, batch_size=BATCH)
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
        for index in range(sizes.published_briefs):
            back = _spread(index, sizes.published_briefs, over_days=1000)
            publish_at = self.now - datetime.timedelta(hours=2, days=back)
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
        briefs = Brief.objects.bulk_create(briefs + hidden, batch_size=BATCH)
        self._link_briefs(briefs)
        return briefs

    def _brief(self, index: int, status: str, publish_at) -> Brief:
        first, second = self.rng.sample(self.countries, 2)
        theme = THEMES[index % len(THEMES)]
        title = f"{first.name} and {second.name} weigh a joint {theme} {SEARCH_WORD}"
        if index % 3:
            title = f"What {self.rng.choice(self.organizations).name} means for {theme}"
        body = self._body(first.name, second.name, theme)
        return Brief(
            title=f"{title} ({index + 1})",
            slug=f"{slugify(title)[:180]}-{index + 1}",
            summary=(
                f"{first.name} and {second.name} move on {theme}: what was agreed, "
                "who pays, and what it changes for the partners."
            ),
            body=body,
            stored_body_html=self._rendered[body],
            stored_body_html_version=RENDERER_VERSION,
            status=status,
            publish_at=publish_at,
        )

    def _body(self, first: str, second: str, theme: str) -> str:
        """The body for this pair and theme. Markdown is rendered once per theme, with
        stand-ins for the two names put in afterwards (escaped, as the renderer would):
        rendering each of the thousands of pairs took most of a large seed's time."""
        key = (first, second, theme)
        if key not in self._bodies:
            body = _brief_body(first, second, theme)
            self._bodies[key] = body
            if PLAIN_NAME.fullmatch(first) and PLAIN_NAME.fullmatch(second):
                if theme not in self._rendered_themes:
                    template = _brief_body(*NAME_STAND_INS, theme)
                    self._rendered_themes[theme] = render_markdown(template)
                html = self._rendered_themes[theme]
                for stand_in, name in zip(NAME_STAND_INS, (first, second), strict=True):
                    html = html.replace(stand_in, escape(name))
                self._rendered[body] = html
            else:
                self._rendered[body] = render_markdown(body)
        return self._bodies[key]

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
        BriefCitation.objects.bulk_create(citations, batch_size=BATCH)


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
    own = through._meta.get_field(relation.m2m_field_name()).column
    other = through._meta.get_field(relation.m2m_reverse_field_name()).column
    # Straight SQL: two integers a row, where building a model instance for each of a
    # large seed's millions of rows took a quarter of its time.
    quote = connection.ops.quote_name
    statement = (
        f"INSERT INTO {quote(through._meta.db_table)} ({quote(own)}, {quote(other)}) "
        "VALUES (%s, %s)"
    )
    unique = list(dict.fromkeys(pairs))
    with connection.cursor() as cursor:
        for start in range(0, len(unique), BATCH * 10):
            cursor.executemany(statement, unique[start : start + BATCH * 10])
