"""Public pages: each view fetches through a selector and renders one template."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import (
    AIModel,
    Bloc,
    Brief,
    Country,
    Event,
    Indicator,
    IndicatorEdition,
    Organization,
    Person,
    Ranking,
    Source,
    Topic,
)

BRIEFS_PER_PAGE = 20


def home(request):
    briefs = list(selectors.published_briefs()[:7])
    featured = next((brief for brief in briefs if brief.featured), briefs[0] if briefs else None)
    latest = [brief for brief in briefs if brief is not featured][:6]
    latest_rankings = (
        Ranking.objects.filter(pillar="")
        .select_related("country", "edition", "edition__indicator")
        .order_by("-edition__year", "edition__indicator__name", "rank")[:10]
    )
    return render(
        request,
        "briefs/home.html",
        {
            "featured": featured,
            "latest": latest,
            "latest_rankings": latest_rankings,
            "blocs": Bloc.objects.all()[:12],
            "indicators": Indicator.objects.all(),
        },
    )


def brief_list(request):
    page = Paginator(selectors.published_briefs(), BRIEFS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "briefs/brief_list.html", {"page": page})


def brief_detail(request, slug):
    brief = get_object_or_404(selectors.brief_for_page(slug=slug))
    return render(request, "briefs/brief_detail.html", brief_page_context(brief))


def brief_page_context(brief) -> dict:
    """Everything the brief template needs; the admin preview renders through it too."""
    return {"brief": brief}


def country_list(request):
    countries = Country.objects.annotate(
        brief_count=Count("briefs", filter=Q(briefs__in=Brief.objects.published()))
    ).order_by("region", "sub_region", "name")
    return render(request, "briefs/country_list.html", {"countries": countries})


def country_detail(request, slug):
    country = get_object_or_404(selectors.country_page(slug=slug))
    return render(request, "briefs/country_detail.html", {"country": country})


def bloc_list(request):
    blocs = Bloc.objects.select_related("parent").annotate(member_count=Count("memberships"))
    return render(request, "briefs/bloc_list.html", {"blocs": blocs})


def bloc_detail(request, slug):
    bloc = get_object_or_404(selectors.bloc_page(slug=slug))
    return render(request, "briefs/bloc_detail.html", {"bloc": bloc})


def organization_list(request):
    organizations = Organization.objects.select_related("country")
    return render(request, "briefs/organization_list.html", {"organizations": organizations})


def organization_detail(request, slug):
    organization = get_object_or_404(selectors.organization_page(slug=slug))
    return render(request, "briefs/organization_detail.html", {"organization": organization})


def aimodel_list(request):
    models = AIModel.objects.select_related("country").prefetch_related("developers")
    return render(request, "briefs/aimodel_list.html", {"ai_models": models})


def aimodel_detail(request, slug):
    ai_model = get_object_or_404(selectors.aimodel_page(slug=slug))
    return render(request, "briefs/aimodel_detail.html", {"ai_model": ai_model})


def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.select_related("country").prefetch_related(
            "roles__organization",
            "roles__country",
            Prefetch("briefs", queryset=selectors.published_briefs(), to_attr="published_briefs"),
        ),
        slug=slug,
    )
    return render(request, "briefs/person_detail.html", {"person": person})


def indicator_list(request):
    indicators = Indicator.objects.select_related("publisher").prefetch_related(
        Prefetch("editions", queryset=IndicatorEdition.objects.order_by("-year"))
    )
    return render(request, "briefs/indicator_list.html", {"indicators": indicators})


def indicator_detail(request, slug):
    indicator = get_object_or_404(selectors.indicator_page(slug=slug))
    return render(request, "briefs/indicator_detail.html", {"indicator": indicator})


def event_list(request):
    events = Event.objects.prefetch_related("countries", "blocs")
    return render(request, "briefs/event_list.html", {"events": events})


def event_detail(request, slug):
    event = get_object_or_404(selectors.event_page(slug=slug))
    return render(request, "briefs/event_detail.html", {"event": event})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    briefs = selectors.published_briefs().filter(topics=topic)
    return render(request, "briefs/topic_detail.html", {"topic": topic, "briefs": briefs})


def source_detail(request, pk):
    source = get_object_or_404(
        Source.objects.select_related("publisher").prefetch_related(
            Prefetch("briefs", queryset=selectors.published_briefs(), to_attr="published_briefs"),
            "key_figures__country",
            "key_figures__organization",
            "rankings__country",
            "rankings__edition__indicator",
        ),
        pk=pk,
    )
    return render(request, "briefs/source_detail.html", {"source": source})
