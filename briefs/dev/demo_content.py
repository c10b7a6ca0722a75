"""The launch story: Russia's AI Alliance Network, its context and its sources.

Loaded by ``manage.py load_demo``. Every record is written by natural key
(slug, URL, ISO code...), so loading twice leaves the same rows. The prose is
the editors' own; the figures, dates and names are those of the cited sources.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ..models import (
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

REPORT_DATE = datetime.date(2024, 12, 11)
EDITION_NOTE = (
    "The report names no edition year; the year is that of the edition current "
    "on 11 December 2024, when the report was published."
)


@dataclass
class Loaded:
    countries: dict
    organizations: dict
    sources: dict
    people: dict
    blocs: dict
    models: dict
    topics: dict
    events: dict
    figures: dict


def _upsert(model, lookup: dict, **values):
    """The row `lookup` names, updated to `values`, or a new one: idempotent on any database.

    Unlike ``update_or_create`` it tolerates other data: rows the lookup matches more
    than once (someone else's figures for the same country and year) give the oldest,
    and a row holding one of the values a unique field allows once (a topic of the same
    name under another slug) is taken over rather than duplicated into an error.
    """
    instance = model.objects.filter(**lookup).order_by("pk").first()
    if instance is None:
        unique = [f.name for f in model._meta.fields if f.unique and f.name in values]
        for name in unique:
            instance = model.objects.filter(**{name: values[name]}).first()
            if instance is not None:
                break
    if instance is None:
        return model.objects.create(**lookup, **values)
    for name, value in {**lookup, **values}.items():
        setattr(instance, name, value)
    instance.save()
    return instance


def _countries() -> dict:
    codes = [
        "RU",
        "CN",
        "IN",
        "BR",
        "ZA",
        "RS",
        "ID",
        "US",
        "GB",
        "IL",
        "UA",
        "EG",
        "ET",
        "IR",
        "AE",
        "TR",
    ]
    return Country.objects.in_bulk(codes, field_name="iso2")


def _organizations(countries: dict) -> dict:
    rows = [
        ("sberbank", "Sberbank", Organization.Kind.BANK, "RU", "https://www.sberbank.com/",
         "Russia's largest bank, controlled by the state. It leads the country's AI "
         "work and develops the GigaChat model.", "Q205012"),
        ("yandex", "Yandex", Organization.Kind.COMPANY, "RU", "https://yandex.com/company/",
         "Russian technology company behind the YandexGPT model.", ""),
        ("yakov-and-partners", "Yakov and Partners", Organization.Kind.CONSULTANCY, "RU",
         "https://www.yakov.partners/",
         "Management consultancy in Moscow, set up by former McKinsey staff.", ""),
        ("tortoise-media", "Tortoise Media", Organization.Kind.MEDIA, "GB",
         "https://www.tortoisemedia.com/",
         "British media company that publishes the Global AI Index.", ""),
        ("stanford-university", "Stanford University", Organization.Kind.RESEARCH, "US",
         "https://www.stanford.edu/",
         "US university whose Institute for Human-Centered AI publishes the AI Index "
         "and the Global AI Vibrancy Tool.", "Q41506"),
        ("the-white-house", "The White House", Organization.Kind.GOVERNMENT, "US",
         "https://www.whitehouse.gov/", "Office of the President of the United States.", ""),
        ("the-independent", "The Independent", Organization.Kind.MEDIA, "GB",
         "https://www.independent.co.uk/", "British online news publisher.", ""),
        ("daily-sabah", "Daily Sabah", Organization.Kind.MEDIA, "TR",
         "https://www.dailysabah.com/", "Turkish English-language daily newspaper.", ""),
    ]  # fmt: skip
    return {
        slug: _upsert(
            Organization,
            {"slug": slug},
            name=name,
            kind=kind,
            country=countries[iso2],
            website=website,
            description=description,
            wikidata_id=wikidata_id,
        )
        for slug, name, kind, iso2, website, description, wikidata_id in rows
    }


def _sources(organizations: dict) -> dict:
    rows = [
        (
            "independent",
            "https://www.independent.co.uk/news/world/europe/russia-putin-ai-china-trump-b2662778.html",
            "Putin: Russia will develop AI with BRICS partners to challenge the US",
            Source.Kind.NEWS,
            "the-independent",
            REPORT_DATE,
            "The title is the editors' description of the report; the link leads to "
            "the original headline.",
        ),
        (
            "daily-sabah",
            "https://www.dailysabah.com/world/asia-pacific/indonesia-officially-becomes-brics-member-brazil",
            "Indonesia officially becomes BRICS member: Brazil",
            Source.Kind.NEWS,
            "daily-sabah",
            datetime.date(2025, 1, 6),
            "Used for BRICS membership: the founding members, South Africa's entry, "
            "the 2024 expansion and Indonesia's entry.",
        ),
        (
            "tortoise",
            "https://www.tortoisemedia.com/intelligence/global-ai/",
            "The Global AI Index",
            Source.Kind.DATASET,
            "tortoise-media",
            datetime.date(2024, 9, 19),
            "Used for the editions: the 2024 edition (19 September 2024, 83 countries) "
            "and the 2023 edition (28 June 2023, 62 countries).",
        ),
        (
            "stanford",
            "https://hai.stanford.edu/news/global-ai-power-rankings-stanford-hai-tool-ranks-36-countries-ai",
            "Global AI Power Rankings: Stanford HAI Tool Ranks 36 Countries in AI",
            Source.Kind.PRESS_RELEASE,
            "stanford-university",
            datetime.date(2024, 11, 21),
            "Used for the edition: released 21 November 2024, 36 countries, 42 "
            "indicators, data for 2023.",
        ),
    ]
    return {
        key: _upsert(
            Source,
            {"url": url},
            title=title,
            kind=kind,
            publisher=organizations[publisher],
            published_on=published_on,
            language="en",
            notes=notes,
        )
        for key, url, title, kind, publisher, published_on, notes in rows
    }


def _people(countries: dict, organizations: dict, sources: dict) -> dict:
    independent = sources["independent"]
    rows = [
        ("vladimir-putin", "Vladimir Putin", "RU", "President of Russia.", "Q7747",
         [("President", None, "RU")]),
        ("german-gref", "German Gref", "RU", "Chief executive of Sberbank.", "Q1387137",
         [("Chief executive officer", "sberbank", None)]),
        ("donald-trump", "Donald Trump", "US",
         "President-elect of the United States when the AI Alliance Network was announced.",
         "Q22686", [("President-elect, at the time of the report", None, "US")]),
    ]  # fmt: skip
    people = {}
    for slug, name, iso2, description, wikidata_id, roles in rows:
        person = _upsert(
            Person,
            {"slug": slug},
            name=name,
            country=countries[iso2],
            description=description,
            wikidata_id=wikidata_id,
        )
        for title, organization, country in roles:
            _upsert(
                Role,
                {"person": person, "title": title},
                organization=organizations.get(organization) if organization else None,
                country=countries.get(country) if country else None,
                source=independent,
            )
        people[slug] = person
    return people


def _blocs(countries: dict, sources: dict) -> dict:
    brics = _upsert(
        Bloc,
        {"slug": "brics"},
        name="BRICS",
        short_name="BRICS",
        kind=Bloc.Kind.INTERGOVERNMENTAL,
        founded_on=datetime.date(2009, 1, 1),
        founded_precision=DatePrecision.YEAR,
        description=(
            "Grouping of large emerging economies, begun by Brazil, Russia, India and "
            "China and since widened to South Africa and, from 2024, further members."
        ),
    )
    brics.sources.set([sources["daily-sabah"]])
    network = _upsert(
        Bloc,
        {"slug": "ai-alliance-network"},
        name="AI Alliance Network",
        kind=Bloc.Kind.ALLIANCE,
        founded_on=REPORT_DATE,
        founded_precision=DatePrecision.DAY,
        parent=brics,
        description=(
            "Network of national AI associations and development institutions from "
            "BRICS countries and other interested states, announced by Russia on 11 "
            "December 2024 for joint research on AI and its regulation and for access "
            "to each other's markets."
        ),
    )
    network.sources.set([sources["independent"]])

    year, day = DatePrecision.YEAR, DatePrecision.DAY
    brics_members = [
        ("BR", Membership.Role.FOUNDING_MEMBER, datetime.date(2009, 1, 1), year, ""),
        ("RU", Membership.Role.FOUNDING_MEMBER, datetime.date(2009, 1, 1), year, ""),
        ("IN", Membership.Role.FOUNDING_MEMBER, datetime.date(2009, 1, 1), year, ""),
        ("CN", Membership.Role.FOUNDING_MEMBER, datetime.date(2009, 1, 1), year, ""),
        ("ZA", Membership.Role.MEMBER, datetime.date(2010, 1, 1), year, ""),
        ("EG", Membership.Role.MEMBER, datetime.date(2024, 1, 1), day, "Part of the 2024 expansion."),
        ("ET", Membership.Role.MEMBER, datetime.date(2024, 1, 1), day, "Part of the 2024 expansion."),
        ("IR", Membership.Role.MEMBER, datetime.date(2024, 1, 1), day, "Part of the 2024 expansion."),
        ("AE", Membership.Role.MEMBER, datetime.date(2024, 1, 1), day, "Part of the 2024 expansion."),
        ("ID", Membership.Role.MEMBER, datetime.date(2025, 1, 6), day,
         "Full member; announced by Brazil, which held the BRICS presidency."),
    ]  # fmt: skip
    for iso2, role, joined_on, precision, note in brics_members:
        membership = _upsert(
            Membership,
            {"bloc": brics, "country": countries[iso2]},
            role=role,
            joined_on=joined_on,
            joined_precision=precision,
            note=note,
        )
        membership.sources.set([sources["daily-sabah"]])

    through_association = "Joined through its national AI association, as Sberbank reported."
    network_members = [
        ("RU", Membership.Role.FOUNDING_MEMBER, "Russia launched the network."),
        ("BR", Membership.Role.MEMBER, through_association),
        ("CN", Membership.Role.MEMBER, through_association),
        ("IN", Membership.Role.MEMBER, through_association),
        ("ZA", Membership.Role.MEMBER, through_association),
        ("RS", Membership.Role.MEMBER, through_association + " Serbia is not a BRICS member."),
        ("ID", Membership.Role.MEMBER, through_association),
    ]
    for iso2, role, note in network_members:
        membership = _upsert(
            Membership,
            {"bloc": network, "country": countries[iso2]},
            role=role,
            joined_on=REPORT_DATE,
            joined_precision=DatePrecision.DAY,
            note=note,
        )
        membership.sources.set([sources["independent"]])
    return {"brics": brics, "ai-alliance-network": network}


def _models(countries: dict, organizations: dict, sources: dict) -> dict:
    rows = [
        ("gigachat", "GigaChat", "sberbank",
         "Sberbank's generative AI model. With YandexGPT it dominates Russia's home market."),
        ("yandexgpt", "YandexGPT", "yandex",
         "Yandex's generative AI model. With GigaChat it dominates Russia's home market."),
    ]  # fmt: skip
    models = {}
    for slug, name, developer, description in rows:
        ai_model = _upsert(
            AIModel,
            {"slug": slug},
            name=name,
            country=countries["RU"],
            modality=AIModel.Modality.LANGUAGE,
            description=description,
        )
        ai_model.developers.set([organizations[developer]])
        ai_model.sources.set([sources["independent"]])
        models[slug] = ai_model
    return models


def _aliases(countries: dict, organizations: dict, models: dict) -> None:
    """Names the sources also use, so search and imports find the entity by them."""
    rows = [
        (countries["RU"], "Russian Federation", "en"),
        (organizations["sberbank"], "Сбербанк", "ru"),
        (organizations["sberbank"], "Sber", "en"),
        (models["gigachat"], "ГигаЧат", "ru"),
    ]
    for entity, name, language in rows:
        entity.aliases.get_or_create(name=name, language=language)


def _indicators(countries: dict, organizations: dict, sources: dict) -> None:
    tortoise = _upsert(
        Indicator,
        {"slug": "tortoise-global-ai-index"},
        name="Global AI Index",
        publisher=organizations["tortoise-media"],
        description=(
            "Tortoise Media's ranking of national AI capacity, built on three pillars: "
            "implementation, innovation and investment."
        ),
        website="https://www.tortoisemedia.com/intelligence/global-ai/",
    )
    stanford = _upsert(
        Indicator,
        {"slug": "stanford-global-ai-vibrancy-tool"},
        name="Global AI Vibrancy Tool",
        publisher=organizations["stanford-university"],
        description=(
            "Stanford University's comparison of national AI ecosystems, combining 42 "
            "indicators into one ranking."
        ),
        website="https://hai.stanford.edu/",
    )
    editions = [
        (tortoise, 2023, datetime.date(2023, 6, 28), None, 62, sources["tortoise"], ""),
        (tortoise, 2024, datetime.date(2024, 9, 19), None, 83, sources["tortoise"], ""),
        (stanford, 2024, datetime.date(2024, 11, 21), 2023, 36, sources["stanford"],
         "Released in November 2024 with data for 2023."),
    ]  # fmt: skip
    by_key = {}
    for indicator, year, published_on, data_year, covered, source, note in editions:
        by_key[(indicator.slug, year)] = _upsert(
            IndicatorEdition,
            {"indicator": indicator, "year": year},
            published_on=published_on,
            data_year=data_year,
            countries_covered=covered,
            source=source,
            note=note,
        )
    russia = countries["RU"]
    _upsert(
        Ranking,
        {"edition": by_key[(tortoise.slug, 2024)], "country": russia, "pillar": ""},
        rank=31,
        source=sources["independent"],
        note=EDITION_NOTE + " Russia ranks behind the US, China, India and Brazil.",
    )
    _upsert(
        Ranking,
        {"edition": by_key[(stanford.slug, 2024)], "country": russia, "pillar": ""},
        rank=29,
        source=sources["independent"],
        note=EDITION_NOTE,
    )


def _figures(countries: dict, sources: dict) -> dict:
    russia, independent = countries["RU"], sources["independent"]
    money, percent, multiple = (
        KeyFigure.Unit.CURRENCY,
        KeyFigure.Unit.PERCENT,
        KeyFigure.Unit.MULTIPLE,
    )
    actual, forecast, target = KeyFigure.Kind.ACTUAL, KeyFigure.Kind.FORECAST, KeyFigure.Kind.TARGET
    s = KeyFigure.Scale
    rows = [
        ("gdp-2023", "AI contribution to GDP", 2023, actual, "0.2", s.TRILLION, money, "RUB", "1.9", s.BILLION),
        ("gdp-2030", "AI contribution to GDP", 2030, forecast, "11.2", s.TRILLION, money, "RUB", "109", s.BILLION),
        ("skills-2023", "Share of workers with AI skills", 2023, actual, "5", s.ONE, percent, "", None, s.ONE),
        ("skills-2030", "Share of workers with AI skills", 2030, target, "80", s.ONE, percent, "", None, s.ONE),
        ("investment-2030", "AI investment", 2030, target, "850", s.BILLION, money, "RUB", None, s.ONE),
        ("investment-growth-2030", "Rise in AI investment", 2030, target, "7", s.ONE, multiple, "", None, s.ONE),
    ]  # fmt: skip
    strategy_note = "From Russia's national AI strategy and forecasts, as reported."
    figures = {}
    for key, label, year, kind, value, scale, unit, currency, usd, usd_scale in rows:
        figures[key] = _upsert(
            KeyFigure,
            {"country": russia, "label": label, "year": year, "source": independent},
            kind=kind,
            value=Decimal(value),
            scale=scale,
            unit=unit,
            currency=currency,
            usd_value=Decimal(usd) if usd else None,
            usd_scale=usd_scale,
            note=strategy_note,
        )
    # Yakov and Partners' count, as the report gives it; the year is the report's.
    figures["generative-ai-countries"] = _upsert(
        KeyFigure,
        {"country": russia, "label": "Countries developing their own generative AI models",
         "year": REPORT_DATE.year},
        kind=actual,
        value=Decimal(10),
        scale=s.ONE,
        unit=KeyFigure.Unit.COUNT,
        currency="",
        usd_value=None,
        usd_scale=s.ONE,
        source=independent,
        locator="Citing the Moscow consultancy Yakov and Partners",
        note="Russia is one of the ten, with the United States, China, Britain and Israel "
        "among the others. The year is that of the report.",
    )  # fmt: skip
    return figures


def _topics() -> dict:
    rows = [
        ("ai-alliances", "AI alliances", "Blocs, networks and partnerships built around AI."),
        ("sanctions-and-compute", "Sanctions and compute",
         "Export controls, chips and the hardware that AI needs."),
        ("rankings", "Rankings", "How indices rank countries' AI capacity, and how to read them."),
        ("national-ai-strategies", "National AI strategies",
         "What governments plan for AI, with their targets."),
    ]  # fmt: skip
    return {
        slug: _upsert(Topic, {"slug": slug}, name=name, description=description)
        for slug, name, description in rows
    }


def _events(loaded: "Loaded") -> dict:
    c, o, b, m, p, s = (
        loaded.countries,
        loaded.organizations,
        loaded.blocs,
        loaded.models,
        loaded.people,
        loaded.sources,
    )
    rows = [
        ("ai-alliance-network-announced", "Russia announces the AI Alliance Network",
         Event.Kind.ALLIANCE_FORMED, REPORT_DATE, DatePrecision.DAY,
         "At its flagship AI conference in Moscow, Vladimir Putin announces a network of "
         "AI associations from BRICS and other countries.",
         ["RU"], ["ai-alliance-network", "brics"], ["sberbank"], [], ["vladimir-putin"],
         ["independent"]),
        ("sberbank-names-network-members", "Sberbank names the network's first members",
         Event.Kind.MEMBERSHIP, REPORT_DATE, DatePrecision.DAY,
         "Associations from Brazil, China, India, South Africa, Serbia and Indonesia "
         "have joined, Sberbank says.",
         ["RU", "BR", "CN", "IN", "ZA", "RS", "ID"], ["ai-alliance-network"], ["sberbank"],
         [], [], ["independent"]),
        ("gref-gpus-hardest-to-replace", "Gref: GPUs are the hardest hardware to replace",
         Event.Kind.STATEMENT, datetime.date(2023, 1, 1), DatePrecision.YEAR,
         "Sberbank's chief executive says graphics processors are the hardware Russia "
         "finds hardest to replace under sanctions.",
         ["RU"], [], ["sberbank"], [], ["german-gref"], ["independent"]),
        ("chip-makers-halt-exports-to-russia",
         "Sanctions: the major chip makers stop selling to Russia",
         Event.Kind.SANCTIONS, REPORT_DATE, DatePrecision.DAY,
         "Western sanctions have led the leading chip makers to halt exports to Russia, "
         "which holds back its AI plans. The date is that of the report that records it; "
         "the halt itself came earlier.",
         ["RU"], [], [], [], [], ["independent"]),
        ("white-house-ai-crypto-czar", "Trump names a White House AI and Crypto Czar",
         Event.Kind.STATEMENT, datetime.date(2024, 12, 1), DatePrecision.MONTH,
         "The US President-elect creates a post to coordinate AI and crypto policy.",
         ["US"], [], ["the-white-house"], [], ["donald-trump"], ["independent"]),
        ("brics-expansion-2024", "Egypt, Ethiopia, Iran and the UAE join BRICS",
         Event.Kind.MEMBERSHIP, datetime.date(2024, 1, 1), DatePrecision.DAY,
         "BRICS grows beyond its five original members.",
         ["EG", "ET", "IR", "AE"], ["brics"], [], [], [], ["daily-sabah"]),
        ("indonesia-joins-brics", "Indonesia becomes a full member of BRICS",
         Event.Kind.MEMBERSHIP, datetime.date(2025, 1, 6), DatePrecision.DAY,
         "Brazil, holding the BRICS presidency, announces Indonesia's entry.",
         ["ID", "BR"], ["brics"], [], [], [], ["daily-sabah"]),
        ("tortoise-global-ai-index-2024", "Tortoise Media publishes the 2024 Global AI Index",
         Event.Kind.RANKING_PUBLISHED, datetime.date(2024, 9, 19), DatePrecision.DAY,
         "The fifth edition covers 83 countries, up from 62 in 2023.",
         [], [], ["tortoise-media"], [], [], ["tortoise"]),
        ("stanford-vibrancy-tool-2024", "Stanford releases its Global AI Vibrancy Tool",
         Event.Kind.RANKING_PUBLISHED, datetime.date(2024, 11, 21), DatePrecision.DAY,
         "The tool ranks 36 countries on 42 indicators, using data for 2023.",
         [], [], ["stanford-university"], [], [], ["stanford"]),
    ]  # fmt: skip
    events = {}
    for (slug, title, kind, occurred_on, precision, summary, countries, blocs, organizations,
         models, people, sources) in rows:  # fmt: skip
        event = _upsert(
            Event,
            {"slug": slug},
            title=title,
            kind=kind,
            occurred_on=occurred_on,
            precision=precision,
            summary=summary,
        )
        event.countries.set([c[code] for code in countries])
        event.blocs.set([b[key] for key in blocs])
        event.organizations.set([o[key] for key in organizations])
        event.ai_models.set([m[key] for key in models])
        event.people.set([p[key] for key in people])
        event.sources.set([s[key] for key in sources])
        events[slug] = event
    return events


ALLIANCE_BODY = """\
At its flagship artificial intelligence conference in Moscow on 11 December 2024,
Vladimir Putin said Russia would build AI together with its BRICS partners and any
other country willing to join, and presented the effort as a counterweight to
American dominance of the field. [^1]

## What the network is

The vehicle is an "AI Alliance Network" of national AI associations and development
institutions from BRICS members and other interested states. Putin opened it to
scientists from every country and argued that Russia has to compete as an equal in
the race towards strong AI. [^1]

The same day, Sberbank reported that associations from four BRICS members (Brazil,
China, India and South Africa) had signed up, as had bodies from countries outside
the bloc, Serbia and Indonesia among them. The members mean to research AI and its
regulation together and to open their markets to each other's AI products. [^1]
Indonesia has since joined BRICS itself, as a full member from 6 January 2025. [^2]

## Why Russia needs partners

Western sanctions over the war in Ukraine have led the leading chip makers to stop
selling to Russia, and that limits what it can build. Sberbank's chief executive,
German Gref, said in 2023 that graphics processors were the hardest hardware for
the country to replace. [^1]

At home two firms lead: Sberbank with its GigaChat model and Yandex with YandexGPT.
The Moscow consultancy Yakov and Partners counts Russia among ten countries that
build their own generative AI models, a group that also takes in the United States,
China, Britain and Israel. [^1]

## How far behind

The United States and China remain the leading AI powers, and the US
President-elect, Donald Trump, had just named a "White House AI and Crypto Czar". [^1]
Russia is 31st of 83 countries in Tortoise Media's Global AI Index, behind the US,
China, India and Brazil, [^1][^3] and 29th of 36 in Stanford University's Global AI
Vibrancy Tool. [^1][^4]

## The 2030 targets

Russia's AI strategy and forecasts aim high. AI's contribution to GDP is to grow
from 0.2 trillion roubles (USD 1.9 billion) in 2023 to 11.2 trillion roubles
(USD 109 billion) in 2030; the share of workers with AI skills from 5% to 80%; and
AI investment to 850 billion roubles, seven times its present level. [^1] The
alliance is Moscow's wager that partners can supply some of what sanctions took away.
"""

RANKINGS_BODY = """\
Two independent attempts to measure national strength in AI reach a similar verdict
on Russia: a middling player, a long way behind the two leaders. [^1]

## Tortoise Media's Global AI Index

The London-based Tortoise Media scores countries on implementation, innovation and
investment. [^2] Russia ranks 31st of the 83 countries covered, behind the United States,
China and two of its own BRICS partners, India and Brazil. [^1] The field has grown:
the 2024 edition, published in September 2024, covers 83 countries where the 2023
edition covered 62, [^3] so a rank only means something next to the size of its field.

## Stanford's Global AI Vibrancy Tool

Stanford University's tool combines 42 indicators for a smaller set of 36 countries.
Russia is 29th, in the bottom quarter of that field. [^1][^4]

## Which editions

The news report that carried both ranks does not say which editions they come from.
We attribute them to the editions current when it appeared on 11 December 2024:
Tortoise's 2024 edition and the version of Stanford's tool released in November
2024, which uses data for 2023. [^3][^4]
"""


def _briefs(loaded: Loaded, author) -> None:
    s = loaded.sources
    alliance = _upsert(
        Brief,
        {"slug": "russia-ai-alliance-network-brics"},
        title="Russia bets on a BRICS network to stay in the AI race",
        summary=(
            "Moscow has launched an AI Alliance Network with associations from BRICS and "
            "other states. It needs partners: sanctions cut it off from Western chips, and "
            "global indices rank it 31st of 83 and 29th of 36."
        ),
        body=ALLIANCE_BODY,
        status=Brief.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2024, 12, 12, 9, 0)),
        featured=True,
    )
    _link(
        alliance,
        loaded,
        countries=["RU", "BR", "CN", "IN", "ZA", "RS", "ID", "US", "GB", "IL", "UA"],
        blocs=["ai-alliance-network", "brics"],
        organizations=["sberbank", "yandex", "yakov-and-partners", "tortoise-media",
                       "stanford-university", "the-white-house"],
        models=["gigachat", "yandexgpt"],
        people=["vladimir-putin", "german-gref", "donald-trump"],
        events=["ai-alliance-network-announced", "sberbank-names-network-members",
                "chip-makers-halt-exports-to-russia", "gref-gpus-hardest-to-replace",
                "white-house-ai-crypto-czar"],
        figures=["gdp-2023", "gdp-2030", "skills-2023", "skills-2030", "investment-2030",
                 "investment-growth-2030", "generative-ai-countries"],
        topics=["ai-alliances", "sanctions-and-compute", "national-ai-strategies"],
    )  # fmt: skip
    _cite(
        alliance,
        [
            (s["independent"], "The announcement, the network's members and aims, sanctions, "
             "the domestic market, the rankings and the 2030 targets.", ""),
            (s["daily-sabah"], "Indonesia's full BRICS membership from 6 January 2025.", ""),
            (s["tortoise"], "The Global AI Index edition and the number of countries it covers.", ""),
            (s["stanford"], "The Global AI Vibrancy Tool edition and its 36 countries.", ""),
        ],
    )  # fmt: skip

    rankings = _upsert(
        Brief,
        {"slug": "russia-in-global-ai-rankings"},
        title="Two AI indices, one verdict on Russia",
        summary=(
            "Tortoise Media's Global AI Index puts Russia 31st of 83 countries; Stanford's "
            "Global AI Vibrancy Tool puts it 29th of 36. What the two measure, and which "
            "editions the ranks belong to."
        ),
        body=RANKINGS_BODY,
        status=Brief.Status.PUBLISHED,
        publish_at=timezone.make_aware(datetime.datetime(2024, 12, 13, 9, 0)),
        featured=False,
    )
    _link(
        rankings,
        loaded,
        countries=["RU", "US", "CN", "IN", "BR"],
        blocs=["brics"],
        organizations=["tortoise-media", "stanford-university"],
        models=[],
        people=[],
        events=["tortoise-global-ai-index-2024", "stanford-vibrancy-tool-2024"],
        figures=[],
        topics=["rankings"],
    )
    _cite(
        rankings,
        [
            (s["independent"], "Russia's ranks in both indices and who ranks above it.", ""),
            (s["independent"], "Tortoise's pillars: implementation, innovation, investment.", ""),
            (s["tortoise"], "The 2024 edition's date and coverage, and the 2023 edition's.", ""),
            (s["stanford"], "The tool's release date, 42 indicators, 36 countries, 2023 data.", ""),
        ],
    )  # fmt: skip
    for brief in (alliance, rankings):
        if brief.first_published_at is None:
            Brief.objects.filter(pk=brief.pk).update(first_published_at=brief.publish_at)
        if author is not None:
            brief.authors.add(author)


def _link(brief, loaded: Loaded, *, countries, blocs, organizations, models, people, events,
          figures, topics) -> None:  # fmt: skip
    brief.countries.set([loaded.countries[code] for code in countries])
    brief.blocs.set([loaded.blocs[key] for key in blocs])
    brief.organizations.set([loaded.organizations[key] for key in organizations])
    brief.ai_models.set([loaded.models[key] for key in models])
    brief.people.set([loaded.people[key] for key in people])
    brief.events.set([loaded.events[key] for key in events])
    brief.key_figures.set([loaded.figures[key] for key in figures])
    brief.topics.set([loaded.topics[key] for key in topics])


def _cite(brief, citations) -> None:
    for position, (source, supports, locator) in enumerate(citations, start=1):
        _upsert(
            BriefCitation,
            {"brief": brief, "position": position},
            source=source,
            supports=supports,
            locator=locator,
        )
    brief.citations.filter(position__gt=len(citations)).delete()


@transaction.atomic
def load_demo(*, author=None) -> None:
    countries = _countries()
    organizations = _organizations(countries)
    sources = _sources(organizations)
    people = _people(countries, organizations, sources)
    blocs = _blocs(countries, sources)
    models = _models(countries, organizations, sources)
    _aliases(countries, organizations, models)
    _indicators(countries, organizations, sources)
    figures = _figures(countries, sources)
    loaded = Loaded(
        countries=countries,
        organizations=organizations,
        sources=sources,
        people=people,
        blocs=blocs,
        models=models,
        topics=_topics(),
        events={},
        figures=figures,
    )
    loaded.events = _events(loaded)
    _briefs(loaded, author)
