"""Read-side queries shared by pages, feeds and the API.

Every public read of briefs starts from ``Brief.objects.published()``; the
helpers here only add the joins each surface needs.
"""

from django.db.models import Prefetch, QuerySet

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
    Ranking,
)


def published_briefs() -> QuerySet[Brief]:
    """Published briefs with what a list item shows: topics and authors."""
    return Brief.objects.published().prefetch_related("topics", "authors")


def brief_for_page(*, slug: str) -> QuerySet[Brief]:
    """The published brief behind a public page, with everything the page shows."""
    return with_page_relations(Brief.objects.published().filter(slug=slug))


def with_page_relations(briefs: QuerySet[Brief]) -> QuerySet[Brief]:
    """Joins for a brief's page; callers choose which briefs (published, or a preview)."""
    citations = BriefCitation.objects.select_related("source", "source__publisher")
    key_figures = KeyFigure.objects.select_related("country", "organization", "source")
    return briefs.prefetch_related(
        "authors",
        "topics",
        "countries",
        "blocs",
        "organizations",
        "ai_models",
        "people",
        "events",
        Prefetch("key_figures", queryset=key_figures),
        Prefetch("citations", queryset=citations),
    )


def country_page(*, slug: str) -> QuerySet[Country]:
    return Country.objects.filter(slug=slug).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("bloc")),
        "organizations",
        Prefetch("ai_models", queryset=AIModel.objects.order_by("-released_on", "name")),
        Prefetch(
            "rankings",
            queryset=Ranking.objects.select_related(
                "edition", "edition__indicator", "source"
            ).order_by("edition__indicator__name", "-edition__year", "pillar"),
        ),
        Prefetch("key_figures", queryset=KeyFigure.objects.select_related("source")),
        "events",
        Prefetch("briefs", queryset=published_briefs(), to_attr="published_briefs"),
    )


def bloc_page(*, slug: str) -> QuerySet[Bloc]:
    return (
        Bloc.objects.filter(slug=slug)
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("country", "organization").order_by(
                    "joined_on", "country__name", "organization__name"
                ),
            ),
            "children",
            "sources",
            "events",
            Prefetch("briefs", queryset=published_briefs(), to_attr="published_briefs"),
        )
    )


def organization_page(*, slug: str) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(slug=slug)
        .select_related("country", "parent")
        .prefetch_related(
            "subsidiaries",
            "ai_models",
            Prefetch("memberships", queryset=Membership.objects.select_related("bloc")),
            Prefetch("key_figures", queryset=KeyFigure.objects.select_related("source")),
            "roles__person",
            "events",
            Prefetch("briefs", queryset=published_briefs(), to_attr="published_briefs"),
        )
    )


def aimodel_page(*, slug: str) -> QuerySet[AIModel]:
    return (
        AIModel.objects.filter(slug=slug)
        .select_related("country", "base_model")
        .prefetch_related(
            "developers",
            "derived_models",
            "sources",
            "events",
            Prefetch("briefs", queryset=published_briefs(), to_attr="published_briefs"),
        )
    )


def indicator_page(*, slug: str) -> QuerySet[Indicator]:
    rankings = Ranking.objects.select_related("country", "source").order_by("pillar", "rank")
    editions = IndicatorEdition.objects.select_related("source").prefetch_related(
        Prefetch("rankings", queryset=rankings)
    )
    return (
        Indicator.objects.filter(slug=slug)
        .select_related("publisher")
        .prefetch_related(Prefetch("editions", queryset=editions))
    )


def event_page(*, slug: str) -> QuerySet[Event]:
    return Event.objects.filter(slug=slug).prefetch_related(
        "countries",
        "blocs",
        "organizations",
        "ai_models",
        "people",
        "sources",
        Prefetch("briefs", queryset=published_briefs(), to_attr="published_briefs"),
    )
