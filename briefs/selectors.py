"""The queries behind the public pages and feeds, one function per page shape.

The read rules themselves (which briefs are public, the date readers see, newest
first) live on ``BriefQuerySet`` and ``CountryQuerySet``; the functions here only
add the joins each page needs. The API has its own module, ``api/selectors.py``,
shaped for its serializers: it builds on the same queryset rules, and an entity's
latest briefs come from ``briefs_about`` here for both.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber

from .models import (
    AIModel,
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
    Source,
    Topic,
)
from .paths import KeyedPath

# The brief's links that make two briefs related, in the order a reader weighs them.
RELATED_BY = ("countries", "blocs", "organizations", "ai_models", "people", "events", "topics")

# An entity page lists this many briefs, then links to the filtered brief list.
ENTITY_BRIEFS = 10

# An entity page lists this many of its newest key figures and of its newest events,
# with how many there are in all, then links to the rest (the key figures' download,
# the timeline filtered by the entity): lists that grow with the archive stay this long.
ENTITY_ROWS = 20


@dataclass
class Newest:
    """The newest rows of a list that grows with the archive, and how many it holds."""

    rows: list
    total: int

    @property
    def more(self) -> bool:
        """Whether some rows are not shown, so the page links to all of them."""
        return self.total > len(self.rows)


def newest_key_figures(owner, *, related=("source", "source__publisher")) -> Newest:
    """The key figures of a country, an organization or a source, the latest year first,
    at most ENTITY_ROWS, with the `related` rows they show; `owner.key_figure_count`
    (``_count``) is the total. An index on (subject, -year, label) reads a subject's
    newest figures without sorting the rest."""
    figures = owner.key_figures.select_related(*related).order_by("-year", "label", "pk")
    return Newest(rows=list(figures[:ENTITY_ROWS]), total=owner.key_figure_count)


def newest_events(entity) -> Newest:
    """An entity's events, latest first (Event's ordering), at most ENTITY_ROWS;
    `entity.event_count` (``_count``) is the total."""
    return Newest(rows=list(entity.events.all()[:ENTITY_ROWS]), total=entity.event_count)


def key_figure_count(field_name: str) -> Subquery:
    """How many key figures each row has through KeyFigure.`field_name`, as the
    ``key_figure_count`` annotation ``newest_key_figures`` reads."""
    return _count(KeyFigure.objects.filter(**{field_name: OuterRef("pk")}))


def event_count(field_name: str) -> Subquery:
    """How many events link to each row through Event.`field_name`, as the
    ``event_count`` annotation ``newest_events`` reads."""
    relation = Event._meta.get_field(field_name)
    links = relation.remote_field.through.objects.filter(
        **{relation.m2m_reverse_field_name(): OuterRef("pk")}
    )
    return _count(links)


def brief_list_items() -> QuerySet[Brief]:
    """Published briefs with what a list item (a brief card) shows: its topics."""
    return Brief.objects.published().prefetch_related("topics")


def featured_brief() -> Brief | None:
    """The newest published brief marked featured, else the newest of all."""
    briefs = brief_list_items().newest_first()
    return briefs.filter(featured=True).first() or briefs.first()


def latest_briefs(*, exclude: Brief | None = None, limit: int = 6) -> list[Brief]:
    briefs = brief_list_items().newest_first()
    if exclude is not None:
        briefs = briefs.exclude(pk=exclude.pk)
    return list(briefs[:limit])


# How many of the newest briefs linked through each relation are weighed as related.
RELATED_CANDIDATES = 100


def related_briefs(brief: Brief, *, limit: int = 4) -> list[Brief]:
    """Published briefs sharing the most entities with `brief`, then the newest.

    Weighed among the newest briefs linked through each relation (RELATED_CANDIDATES
    each, found by one query over the link tables), so the cost does not grow with the
    archive. The brief's own links come from its prefetched relations.
    """
    shared = Value(0, output_field=IntegerField())
    candidate_selects, parameters = [], []
    for name in RELATED_BY:
        ids = [obj.pk for obj in getattr(brief, name).all()]
        if not ids:
            continue
        relation = Brief._meta.get_field(name)
        through = relation.remote_field.through
        own_column = relation.m2m_field_name()
        other_column = relation.m2m_reverse_field_name()
        newest_linked = (
            through.objects.filter(**{f"{other_column}__in": ids})
            .exclude(**{own_column: brief.pk})
            .order_by(f"-{own_column}")
            .values_list(own_column, flat=True)[:RELATED_CANDIDATES]
        )
        sql, params = newest_linked.query.sql_with_params()
        candidate_selects.append(f"SELECT * FROM ({sql}) AS linked_{name}")
        parameters += params
        count = (
            through.objects.filter(**{own_column: OuterRef("pk"), f"{other_column}__in": ids})
            .order_by()
            .values(own_column)
            .annotate(shared=Count("pk"))
            .values("shared")
        )
        shared = shared + Coalesce(Subquery(count, output_field=IntegerField()), 0)
    if not candidate_selects:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(candidate_selects), parameters)
        candidates = {row[0] for row in cursor.fetchall()}
    briefs = (
        brief_list_items()
        .filter(pk__in=candidates)
        .with_date_published()
        .annotate(shared_count=shared)
    )
    return list(briefs.order_by("-shared_count", "-date_published_at", "-pk")[:limit])


def briefs_about(
    obj, *, field_name: str, limit: int, briefs: QuerySet[Brief] | None = None
) -> list[Brief]:
    """Published briefs linked to one entity, newest first, at most `limit`; `briefs`
    shapes the rows (default: list items, ``brief_list_items``).

    A plain sliced query, which reads the newest briefs in order and stops at `limit`;
    a sliced Prefetch numbers every brief linked to the entity first, which grows with
    the archive (1.7 s for a country's API detail at 100,000 briefs on SQLite)."""
    briefs = brief_list_items() if briefs is None else briefs
    return list(briefs.filter(**{field_name: obj}).newest_first()[:limit])


def latest_rank_snapshot(*, per_indicator: int = 5) -> list[Ranking]:
    """The best overall ranks in each indicator's latest edition that has any ranks.

    The latest editions are chosen among the editions (tens of rows), not per rank, so
    the cost follows the number of indicators, never the number of ranks.
    """
    has_overall_ranks = Exists(Ranking.objects.filter(edition=OuterRef("pk"), pillar=""))
    latest_of_its_indicator = (
        IndicatorEdition.objects.filter(indicator=OuterRef("indicator"))
        .filter(has_overall_ranks)
        .order_by("-year")
        .values("pk")[:1]
    )
    latest_editions = IndicatorEdition.objects.filter(pk=Subquery(latest_of_its_indicator))
    return list(
        Ranking.objects.filter(pillar="", edition__in=latest_editions.values("pk"))
        .select_related("country", "edition", "edition__indicator")
        .annotate(
            position=Window(RowNumber(), partition_by=[F("edition_id")], order_by=[F("rank").asc()])
        )
        .filter(position__lte=per_indicator)
        .order_by("edition__indicator__name", "rank", "country__name")
    )


def brief_for_page(*, slug: str) -> QuerySet[Brief]:
    """The published brief behind a public page, with what its header shows; the blocks
    kept as fragments load the rest when they render (``load_page_relations``)."""
    return Brief.objects.published().filter(slug=slug).prefetch_related("authors", "topics")


def _page_relations() -> list:
    citations = BriefCitation.objects.select_related("source", "source__publisher")
    return [
        "authors",
        "topics",
        "countries",
        "blocs",
        "organizations",
        "ai_models",
        "people",
        "events",
        Prefetch("citations", queryset=citations),
    ]


def with_page_relations(briefs: QuerySet[Brief]) -> QuerySet[Brief]:
    """Joins for a brief's page; callers choose which briefs (published, or a preview)."""
    return briefs.prefetch_related(*_page_relations())


def load_page_relations(brief: Brief) -> None:
    """The relations of ``with_page_relations`` on a loaded brief, each loaded once:
    what is already prefetched is not read again."""
    prefetch_related_objects([brief], *_page_relations())


def brief_key_figures(brief: Brief) -> list[KeyFigure]:
    """A brief's key figures with their subjects and sources, for its page (kept as a
    fragment, so loaded apart from the brief's other relations)."""
    return list(brief.key_figures.select_related("country", "organization", "source"))


def country_page(*, slug: str) -> QuerySet[Country]:
    """A country with what its page shows in full; its key figures and events grow with
    the archive, so only their totals come here (``newest_key_figures``, ``newest_events``)."""
    counted = Country.objects.annotate(
        key_figure_count=key_figure_count("country"), event_count=event_count("countries")
    )
    return counted.filter(slug=slug).prefetch_related(
        "aliases",
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("bloc").order_by("joined_on", "bloc__name"),
        ),
        "organizations",
        Prefetch("ai_models", queryset=AIModel.objects.order_by("-released_on", "name")),
        Prefetch(
            "rankings",
            queryset=Ranking.objects.select_related(
                "edition", "edition__indicator", "source", "source__publisher"
            ).order_by("edition__indicator__name", "edition__year", "pillar"),
        ),
    )


def with_all_key_figures(subjects: QuerySet) -> QuerySet:
    """Countries or organizations with every key figure and its source: the download."""
    figures = KeyFigure.objects.select_related("source", "source__publisher")
    return subjects.prefetch_related(Prefetch("key_figures", queryset=figures))


# How many of the newest published briefs the home page's countries are counted in.
RECENT_BRIEFS = 1000


def countries_in_briefs(*, limit: int) -> list[Country]:
    """The countries the newest published briefs name most often, for the home page's way
    in: counted in the newest RECENT_BRIEFS, so the cost does not grow with the archive."""
    recent = Brief.objects.published().newest_first().values("pk")[:RECENT_BRIEFS]
    return list(
        Country.objects.filter(briefs__in=recent)
        .annotate(brief_count=Count("briefs"))
        .order_by("-brief_count", "name")[:limit]
    )


def country_index() -> QuerySet[Country]:
    """Every country, by UN region, with how many published briefs and ranks name it.

    Each count is a subquery of its own: counted through joins, every brief link was
    paired with every rank of the same country before being counted. A country's links
    are read through its own index (``published_links``: 13 s at 100,000 briefs when
    SQLite walked every published brief for each of the 249 countries; 0.16 s).
    """
    links = Brief.objects.published_links(Brief.countries.through).filter(country=OuterRef("pk"))
    ranks = Ranking.objects.filter(country=OuterRef("pk"))
    return Country.objects.annotate(
        brief_count=_count(links), ranking_count=_count(ranks)
    ).order_by("region", "sub_region", "name")


def _count(rows: QuerySet) -> Subquery:
    """How many `rows` there are, as a subquery (0 when none)."""
    # COUNT as a plain function, not an aggregate, so the ORM adds no GROUP BY.
    counted = rows.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class RankHistory:
    """A country's ranks in one indicator: overall ranks oldest edition first, then pillars."""

    indicator: Indicator
    overall: list[Ranking] = field(default_factory=list)
    pillars: list[Ranking] = field(default_factory=list)


def rank_history(rankings) -> list[RankHistory]:
    """Group a country's rankings (sorted by indicator, year, pillar) by indicator."""
    histories: dict[int, RankHistory] = {}
    for ranking in rankings:
        indicator = ranking.edition.indicator
        history = histories.setdefault(indicator.pk, RankHistory(indicator=indicator))
        (history.pillars if ranking.pillar else history.overall).append(ranking)
    return list(histories.values())


def bloc_page(*, slug: str) -> QuerySet[Bloc]:
    return (
        Bloc.objects.annotate(event_count=event_count("blocs"))
        .filter(slug=slug)
        .select_related("parent")
        .prefetch_related(
            "aliases",
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("country", "organization")
                .prefetch_related(
                    Prefetch("sources", queryset=Source.objects.select_related("publisher"))
                )
                .order_by("joined_on", "country__name", "organization__name"),
            ),
            "children",
            "sources",
        )
    )


def bloc_index() -> QuerySet[Bloc]:
    return Bloc.objects.select_related("parent").annotate(
        member_count=Count("memberships", distinct=True)
    )


def organization_page(*, slug: str) -> QuerySet[Organization]:
    counted = Organization.objects.annotate(
        key_figure_count=key_figure_count("organization"),
        event_count=event_count("organizations"),
    )
    return (
        counted.filter(slug=slug)
        .select_related("country", "parent")
        .prefetch_related(
            "aliases",
            "subsidiaries",
            "ai_models",
            Prefetch("memberships", queryset=Membership.objects.select_related("bloc")),
            "roles__person",
        )
    )


def organization_index() -> QuerySet[Organization]:
    return Organization.objects.select_related("country").annotate(
        model_count=Count("ai_models", distinct=True)
    )


def aimodel_page(*, slug: str) -> QuerySet[AIModel]:
    return (
        AIModel.objects.annotate(event_count=event_count("ai_models"))
        .filter(slug=slug)
        .select_related("country", "base_model")
        .prefetch_related(
            "aliases",
            "developers",
            "derived_models",
            "sources",
        )
    )


# How the AI model index can be sorted: the key in the URL, then the ordering.
AIMODEL_ORDERINGS = {
    "name": ("name",),
    "released": ("-released_on", "name"),
    "released-oldest": ("released_on", "name"),
}


def aimodel_index(*, sort: str = "name") -> QuerySet[AIModel]:
    """AI models in one of AIMODEL_ORDERINGS; unknown release dates always come last."""
    models = AIModel.objects.select_related("country").prefetch_related(
        "developers", Prefetch("sources", queryset=Source.objects.select_related("publisher"))
    )
    if sort == "name":
        return models.order_by("name")
    descending = sort == "released"
    released = (
        F("released_on").desc(nulls_last=True)
        if descending
        else F("released_on").asc(nulls_last=True)
    )
    return models.order_by(released, "name")


def indicator_index() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("publisher").prefetch_related(
        Prefetch("editions", queryset=IndicatorEdition.objects.order_by("-year"))
    )


def indicator_page(*, slug: str) -> QuerySet[Indicator]:
    """An indicator with its editions, newest first; their ranks come from
    ``indicator_overall_ranks`` and ``edition_ranks``, one edition at a time."""
    editions = IndicatorEdition.objects.select_related("source", "source__publisher").order_by(
        "-year"
    )
    return (
        Indicator.objects.filter(slug=slug)
        .select_related("publisher")
        .prefetch_related(Prefetch("editions", queryset=editions))
    )


def indicator_overall_ranks(indicator: Indicator) -> list[Ranking]:
    """Overall ranks in every edition, latest edition first, best rank first: what the
    comparison offers and draws. A few hundred rows an edition, whatever the archive."""
    return list(
        Ranking.objects.filter(edition__indicator=indicator, pillar="")
        .select_related("country", "edition")
        .order_by("-edition__year", "rank", "country__name")
    )


def edition_ranks(edition: IndicatorEdition, *, overall_only: bool = False) -> list[Ranking]:
    """Every rank of one edition, overall first, then by pillar (only the overall ranks
    with `overall_only`, as the edition's map shows them)."""
    rankings = edition.rankings.filter(pillar="") if overall_only else edition.rankings.all()
    return list(
        rankings.select_related("country", "source", "source__publisher").order_by(
            "pillar", "rank", "country__name"
        )
    )


def indicator_ranked_years(indicator: Indicator) -> list[int]:
    """The years of the editions with overall ranks (those a map can show), newest first."""
    return list(
        indicator.editions.filter(rankings__pillar="")
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def indicator_ranked_country_slugs(indicator: Indicator) -> set[str]:
    """The slugs of the countries with an overall rank in some edition: those the
    rank-over-time comparison offers (``CompareForm``)."""
    return set(
        Ranking.objects.filter(edition__indicator=indicator, pillar="")
        .order_by()  # else Meta.ordering's columns join the DISTINCT
        .values_list("country__slug", flat=True)
        .distinct()
    )


def event_page(*, slug: str) -> QuerySet[Event]:
    return Event.objects.filter(slug=slug).prefetch_related(
        "countries",
        "blocs",
        "organizations",
        "ai_models",
        "people",
        "sources",
    )


def event_timeline() -> QuerySet[Event]:
    return Event.objects.prefetch_related("countries", "blocs").order_by("-occurred_on", "title")


def person_page(*, slug: str) -> QuerySet[Person]:
    return (
        Person.objects.annotate(event_count=event_count("people"))
        .filter(slug=slug)
        .select_related("country")
        .prefetch_related(
            "aliases",
            "roles__organization",
            "roles__country",
        )
    )


def topic_page(*, slug: str) -> QuerySet[Topic]:
    return Topic.objects.filter(slug=slug)


def briefs_citing(
    source: Source, *, limit: int = ENTITY_BRIEFS + 1, briefs: QuerySet[Brief] | None = None
) -> list[Brief]:
    """Published briefs citing a source, once each even if they cite it twice, newest
    first, at most `limit`; `briefs` shapes the rows (default: list items)."""
    # Unordered: BriefCitation's ordering joined every citing brief into the subquery
    # and sorted them (79 ms to 23 ms for a source 21,818 briefs cite, 100,000 briefs).
    citing = BriefCitation.objects.filter(source=source).order_by().values("brief_id")
    briefs = brief_list_items() if briefs is None else briefs
    return list(briefs.filter(pk__in=Subquery(citing)).newest_first()[:limit])


def source_page(*, pk: int) -> QuerySet[Source]:
    """A source with the ranks it supports (bounded by an edition's size) and how many
    key figures it supports, which grow with the archive (``newest_key_figures``)."""
    return (
        Source.objects.annotate(key_figure_count=key_figure_count("source"))
        .filter(pk=pk)
        .select_related("publisher")
        .prefetch_related(
            Prefetch(
                "rankings",
                queryset=Ranking.objects.select_related(
                    "country", "edition", "edition__indicator"
                ).order_by("edition__indicator__name", "-edition__year", "rank"),
            ),
        )
    )


@dataclass
class Comparison:
    """Countries side by side (``comparison()``): their overall ranks, key figures,
    memberships and AI models, each read once for all the countries."""

    countries: list[Country]
    rankings: list[Ranking]
    figures: list[KeyFigure]
    memberships: list[Membership]
    ai_models: list[AIModel]

    def latest_ranks(self) -> list[tuple[Indicator, list[Ranking | None]]]:
        """Per indicator, each country's overall rank in the latest edition that ranks it."""
        latest: dict[tuple[int, int], Ranking] = {}
        indicators: dict[int, Indicator] = {}
        for ranking in self.rankings:  # oldest edition first, so the latest wins
            indicator = ranking.edition.indicator
            indicators.setdefault(indicator.pk, indicator)
            latest[(indicator.pk, ranking.country_id)] = ranking
        ordered = sorted(indicators.values(), key=lambda indicator: indicator.name)
        return [
            (indicator, [latest.get((indicator.pk, c.pk)) for c in self.countries])
            for indicator in ordered
        ]

    def rankings_of(self, country) -> list[Ranking]:
        return [
            r for _, row in self.latest_ranks() for r in row if r and r.country_id == country.pk
        ]

    def overall_by_indicator(self) -> list[tuple[Indicator, list[Ranking]]]:
        """Every overall rank, grouped by indicator, for the rank-over-time charts."""
        grouped: dict[int, tuple[Indicator, list[Ranking]]] = {}
        for ranking in self.rankings:
            indicator = ranking.edition.indicator
            grouped.setdefault(indicator.pk, (indicator, []))[1].append(ranking)
        return sorted(grouped.values(), key=lambda pair: pair[0].name)

    def figure_rows(self) -> list[tuple[str, int, list[KeyFigure | None]]]:
        """(label, year, each country's figure or None), by label then year."""
        cells: dict[tuple[str, int], dict[int, KeyFigure]] = {}
        for figure in self.figures:
            cells.setdefault((figure.label, figure.year), {})[figure.country_id] = figure
        return [
            (label, year, [by_country.get(c.pk) for c in self.countries])
            for (label, year), by_country in sorted(cells.items())
        ]

    def figures_of(self, country) -> list[KeyFigure]:
        return [figure for figure in self.figures if figure.country_id == country.pk]

    def bloc_rows(self) -> list[tuple[Bloc, list[Membership | None]]]:
        cells: dict[int, tuple[Bloc, dict[int, Membership]]] = {}
        for membership in self.memberships:
            bloc_cells = cells.setdefault(membership.bloc_id, (membership.bloc, {}))[1]
            bloc_cells.setdefault(membership.country_id, membership)
        ordered = sorted(cells.values(), key=lambda pair: pair[0].name)
        return [
            (bloc, [by_country.get(c.pk) for c in self.countries]) for bloc, by_country in ordered
        ]

    def memberships_of(self, country) -> list[Membership]:
        return [m for m in self.memberships if m.country_id == country.pk]

    def models_of(self, country) -> list[AIModel]:
        return [ai_model for ai_model in self.ai_models if ai_model.country_id == country.pk]

    def model_rows(self) -> list[tuple[Country, list[AIModel]]]:
        return [(country, self.models_of(country)) for country in self.countries]

    def sources(self) -> list[Source]:
        ranks = [r.source for _, row in self.latest_ranks() for r in row if r]
        figures = [figure.source for figure in self.figures]
        members = [s for membership in self.memberships for s in membership.sources.all()]
        return ranks + figures + members

    @property
    def updated_at(self):
        rows = [*self.rankings, *self.figures, *self.memberships, *self.ai_models]
        times = [row.updated_at for row in rows]
        return max(times) if times else None


def comparison(countries: list[Country]) -> Comparison:
    """Five queries (plus two prefetches) whatever the number of countries or rows."""
    sources = Source.objects.select_related("publisher")
    return Comparison(
        countries=countries,
        rankings=list(
            Ranking.objects.filter(country__in=countries, pillar="")
            .select_related("edition", "edition__indicator", "source", "source__publisher")
            .order_by("edition__indicator__name", "edition__year", "country__name")
        ),
        figures=list(
            KeyFigure.objects.filter(country__in=countries).select_related(
                "source", "source__publisher"
            )
        ),
        memberships=list(
            Membership.objects.filter(country__in=countries)
            .select_related("bloc")
            .prefetch_related(Prefetch("sources", queryset=sources))
            .order_by("bloc__name", "joined_on")
        ),
        ai_models=list(
            AIModel.objects.filter(country__in=countries)
            .prefetch_related("developers")
            .order_by("-released_on", "name")
        ),
    )


def country_links() -> dict[str, tuple[str, str]]:
    """Every country's ISO numeric code to its name and page, for the world maps' links
    (a prefix join: reversing 249 addresses costs more than the map)."""
    page = KeyedPath("briefs:country-detail", "slug")
    return {
        numeric_code: (name, page(slug))
        for numeric_code, name, slug in Country.objects.values_list("numeric_code", "name", "slug")
    }


def edition_for_download(*, slug: str, year: int) -> QuerySet[IndicatorEdition]:
    """One edition with the rows of its table on the indicator page."""
    rankings = Ranking.objects.select_related("country", "source", "source__publisher").order_by(
        "pillar", "rank", "country__name"
    )
    return (
        IndicatorEdition.objects.filter(indicator__slug=slug, year=year)
        .select_related("indicator", "indicator__publisher", "source", "source__publisher")
        .prefetch_related(Prefetch("rankings", queryset=rankings))
    )


def memberships_on(bloc: Bloc, *, on) -> QuerySet[Membership]:
    """A bloc's memberships in force on a date (``MembershipQuerySet.current``)."""
    return (
        Membership.objects.filter(bloc=bloc)
        .current(on)
        .select_related("country", "organization")
        .prefetch_related(Prefetch("sources", queryset=Source.objects.select_related("publisher")))
        .order_by("role", "country__name", "organization__name")
    )
