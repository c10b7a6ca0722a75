"""The queries behind each API endpoint, shaped for its serializer.

The pages' queries are in ``briefs/selectors.py``; these differ in shape (only the
columns a reference shows, the dates an app syncs on), not in rules: every brief
read, including the briefs nested in an entity, goes through ``BriefQuerySet``
(``published()``, ``newest_first()``...). An entity's detail nests, like its page,
only the newest ENTITY_ROWS of what grows with the archive (its briefs, key figures
and events), each read by the pages' selectors (``briefs_about``,
``newest_key_figures``, ``newest_events``) with its total; the rest is a filtered list
away. Each function states its joins, so an endpoint's query count and its work do not
grow with the data (tests pin them).
"""

import datetime

from django.db.models import Prefetch, QuerySet

from .. import selectors as pages
from ..models import (
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
    Role,
    Source,
    Topic,
)
from ..selectors import (
    briefs_about,
    briefs_citing,
    event_count,
    key_figure_count,
    newest_events,
    newest_key_figures,
)

BRIEF_REF_FIELDS = ("id", "slug", "title", "publish_at", "first_published_at")


def briefs_with_sync_dates() -> QuerySet[Brief]:
    """Published briefs with the two dates the API sorts and filters on, newest first.

    ``date_published_at`` is the date readers see; ``reader_updated_at`` moves when a
    brief changes for a reader, including the moment a scheduled brief goes live, so
    incremental sync (``updated_since``) sees it.
    """
    return (
        Brief.objects.published()
        .with_date_published()
        .with_reader_updated_at()
        .order_by("-date_published_at", "-id")
    )


def brief_refs() -> QuerySet[Brief]:
    """Published briefs as nested references: newest first, only the columns shown."""
    return briefs_with_sync_dates().only(*BRIEF_REF_FIELDS)


def load_newest(obj, *, brief_field: str = "", key_figures: bool = False, events: bool = False):
    """Nest in an entity found by its detail selector the newest ENTITY_ROWS of its
    briefs (through Brief.`brief_field`; a source's are those citing it), of its key
    figures and of its events, as ``latest_briefs``, ``newest_key_figures`` and
    ``newest_events``: one query each, whatever the archive's size. The totals are the
    detail selector's annotations."""
    if brief_field:
        obj.latest_briefs = briefs_about(
            obj, field_name=brief_field, limit=pages.ENTITY_ROWS, briefs=brief_refs()
        )
    elif isinstance(obj, Source):
        obj.latest_briefs = briefs_citing(obj, limit=pages.ENTITY_ROWS, briefs=brief_refs())
    if key_figures:
        obj.newest_key_figures = newest_key_figures(obj, related=("country", "organization"))
    if events:
        obj.newest_events = newest_events(obj)
    return obj


def cited_sources() -> QuerySet[Source]:
    return Source.objects.select_related("publisher")


def country_refs() -> QuerySet[Country]:
    return Country.objects.only("id", "iso2", "iso3", "name", "slug")


def _named_refs(model, *also: str) -> QuerySet:
    """Rows as references. A reverse foreign key's prefetch needs `also` that key,
    or Django fetches it row by row."""
    return model.objects.only("id", "name", "slug", *also)


def brief_list(*, since: datetime.datetime) -> QuerySet[Brief]:
    """A page of briefs with their references: one query for the page, one per kind.

    Each row also carries the next scheduled publication after `since` (the same
    value on every row), so the list knows how long it may be cached without a
    query of its own.
    """
    return (
        briefs_with_sync_dates()
        .defer("body")
        .annotate(next_publication_at=Brief.objects.next_publication_subquery(since))
        .prefetch_related(
            Prefetch("topics", queryset=_named_refs(Topic)),
            Prefetch("countries", queryset=country_refs()),
            Prefetch("blocs", queryset=_named_refs(Bloc)),
            Prefetch("organizations", queryset=_named_refs(Organization)),
            Prefetch("ai_models", queryset=_named_refs(AIModel)),
        )
    )


def brief_detail() -> QuerySet[Brief]:
    citations = BriefCitation.objects.select_related("source", "source__publisher").order_by(
        "position"
    )
    key_figures = KeyFigure.objects.select_related("country", "organization")
    return briefs_with_sync_dates().prefetch_related(
        "authors",
        Prefetch("topics", queryset=_named_refs(Topic)),
        Prefetch("countries", queryset=country_refs()),
        Prefetch("blocs", queryset=_named_refs(Bloc)),
        Prefetch("organizations", queryset=_named_refs(Organization)),
        Prefetch("ai_models", queryset=_named_refs(AIModel)),
        Prefetch("people", queryset=_named_refs(Person)),
        Prefetch("events", queryset=Event.objects.only("id", "title", "slug", "occurred_on")),
        Prefetch("key_figures", queryset=key_figures),
        Prefetch("citations", queryset=citations),
    )


def country_list() -> QuerySet[Country]:
    return Country.objects.order_by("name")


def country_detail() -> QuerySet[Country]:
    rankings = Ranking.objects.select_related("edition__indicator").order_by(
        "edition__indicator__name", "-edition__year", "pillar"
    )
    counted = Country.objects.annotate(
        key_figure_count=key_figure_count("country"), event_count=event_count("countries")
    )
    return counted.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("bloc")),
        Prefetch("organizations", queryset=_named_refs(Organization, "country")),
        Prefetch("ai_models", queryset=_named_refs(AIModel, "country")),
        Prefetch("rankings", queryset=rankings),
    )


def bloc_list() -> QuerySet[Bloc]:
    return Bloc.objects.select_related("parent")


def bloc_detail() -> QuerySet[Bloc]:
    memberships = (
        Membership.objects.select_related("bloc", "country", "organization")
        .prefetch_related(Prefetch("sources", queryset=cited_sources()))
        .order_by("joined_on", "country__name", "organization__name", "id")
    )
    return (
        bloc_list()
        .annotate(event_count=event_count("blocs"))
        .prefetch_related(
            Prefetch("memberships", queryset=memberships),
            Prefetch("children", queryset=_named_refs(Bloc, "parent")),
            "sources",
        )
    )


def membership_list() -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("bloc", "country", "organization")
        .prefetch_related(Prefetch("sources", queryset=cited_sources()))
        .order_by("bloc__name", "joined_on", "country__name", "organization__name", "id")
    )


def organization_list() -> QuerySet[Organization]:
    return Organization.objects.select_related("country", "parent")


def organization_detail() -> QuerySet[Organization]:
    roles = Role.objects.select_related("person").order_by("person__name", "-started_on")
    counted = organization_list().annotate(
        key_figure_count=key_figure_count("organization"),
        event_count=event_count("organizations"),
    )
    return counted.prefetch_related(
        Prefetch("subsidiaries", queryset=_named_refs(Organization, "parent")),
        Prefetch("ai_models", queryset=_named_refs(AIModel)),
        Prefetch("memberships", queryset=Membership.objects.select_related("bloc")),
        Prefetch("roles", queryset=roles),
    )


def aimodel_list() -> QuerySet[AIModel]:
    return AIModel.objects.select_related("country", "base_model").prefetch_related(
        Prefetch("developers", queryset=_named_refs(Organization))
    )


def aimodel_detail() -> QuerySet[AIModel]:
    return (
        aimodel_list()
        .annotate(event_count=event_count("ai_models"))
        .prefetch_related(
            Prefetch("derived_models", queryset=_named_refs(AIModel, "base_model")),
            "sources",
        )
    )


def person_list() -> QuerySet[Person]:
    return Person.objects.select_related("country")


def person_detail() -> QuerySet[Person]:
    roles = Role.objects.select_related("organization", "country", "source").order_by(
        "-started_on", "title"
    )
    return (
        person_list()
        .annotate(event_count=event_count("people"))
        .prefetch_related(Prefetch("roles", queryset=roles))
    )


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("publisher")


def indicator_detail() -> QuerySet[Indicator]:
    editions = IndicatorEdition.objects.select_related("source", "indicator").order_by("-year")
    return indicator_list().prefetch_related(Prefetch("editions", queryset=editions))


def ranking_list() -> QuerySet[Ranking]:
    return Ranking.objects.select_related(
        "edition__indicator", "country", "source__publisher"
    ).order_by(
        "edition__indicator__name", "-edition__year", "pillar", "rank", "country__name", "id"
    )


def key_figure_list() -> QuerySet[KeyFigure]:
    return KeyFigure.objects.select_related(
        "country", "organization", "source__publisher"
    ).order_by("label", "year", "id")


def event_list() -> QuerySet[Event]:
    return Event.objects.order_by("-occurred_on", "title", "id")


def event_detail() -> QuerySet[Event]:
    return event_list().prefetch_related(
        Prefetch("countries", queryset=country_refs()),
        Prefetch("blocs", queryset=_named_refs(Bloc)),
        Prefetch("organizations", queryset=_named_refs(Organization)),
        Prefetch("ai_models", queryset=_named_refs(AIModel)),
        Prefetch("people", queryset=_named_refs(Person)),
        "sources",
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.select_related("publisher").order_by("-published_on", "title", "id")


def source_detail() -> QuerySet[Source]:
    return source_list()


def topic_list() -> QuerySet[Topic]:
    return Topic.objects.all()


def topic_detail() -> QuerySet[Topic]:
    return Topic.objects.all()
