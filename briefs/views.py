"""Public pages: each view fetches through a selector and renders one template.

Bad query parameters (an unknown filter value, a page that does not exist, a
sort order we do not offer) never raise: the page answers 400, says what was
wrong next to the control or at the top, and shows what it can.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import charts, search, selectors, seo
from .models import Bloc, Indicator, Topic
from .public_filters import BriefFilter, CompareForm, EventFilter, active_filters

BRIEFS_PER_PAGE = 20
EVENTS_PER_PAGE = 50
SEARCH_LIMIT = 50


def paginate(request, items, per_page: int):
    """The requested page, or the nearest real one with a notice saying why."""
    paginator = Paginator(items, per_page)
    raw = request.GET.get("page")
    try:
        return paginator.page(raw or 1), None
    except PageNotAnInteger:
        return paginator.page(1), f"“{raw}” is not a page number, so this is page 1."
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        return page, f"There is no page {raw}; this is the last page, page {page.number}."


def _status(*problems) -> int:
    return 400 if any(problems) else 200


def _filtered_list(request, template: str, filterset, per_page: int, meta):
    """A filterable, paginated list; a filter or page it cannot use answers 400, with a notice."""
    filter_errors = filterset.is_bound and not filterset.is_valid()
    page, page_notice = paginate(request, filterset.qs, per_page)
    context = {
        "meta": meta,
        "filterset": filterset,
        "active_filters": active_filters(filterset, request.GET),
        "page": page,
        "page_notice": page_notice,
    }
    return render(request, template, context, status=_status(filter_errors, page_notice))


@require_safe
def home(request):
    featured = selectors.featured_brief()
    return render(
        request,
        "briefs/home.html",
        {
            "meta": seo.PageMeta(title=settings.SITE_NAME),
            "json_ld": seo.website_json_ld(),
            "featured": featured,
            "latest": selectors.latest_briefs(exclude=featured),
            "rank_snapshot": selectors.latest_rank_snapshot(),
            "blocs": Bloc.objects.all(),
            "countries": selectors.countries_in_briefs(limit=12),
            "indicators": Indicator.objects.all(),
            "topics": Topic.objects.all(),
        },
    )


@require_safe
def brief_list(request):
    filterset = BriefFilter(
        request.GET or None, queryset=selectors.newest_first(selectors.published_briefs())
    )
    meta = seo.PageMeta(
        title="Briefs",
        description="Every published brief, newest first, filterable by country, "
        "bloc, organization, AI model, topic and year.",
    )
    return _filtered_list(request, "briefs/brief_list.html", filterset, BRIEFS_PER_PAGE, meta)


@require_safe
def brief_detail(request, slug):
    brief = get_object_or_404(selectors.brief_for_page(slug=slug))
    return render(request, "briefs/brief_detail.html", brief_page_context(brief))


def brief_page_context(brief) -> dict:
    """Everything the brief template needs; the admin preview renders through it too.

    Reads the brief's prefetched relations (selectors.with_page_relations);
    related briefs come from Brief.objects.published() only.
    """
    return {
        "brief": brief,
        "meta": seo.brief_meta(brief),
        "json_ld": seo.brief_json_ld(brief),
        "related_briefs": selectors.related_briefs(brief),
    }


@require_safe
def country_list(request):
    countries = list(selectors.country_index())
    return render(
        request,
        "briefs/country_list.html",
        {
            "meta": seo.PageMeta(
                title="Countries",
                description=f"All {len(countries)} countries and territories of ISO 3166-1, "
                "by UN region, with the briefs and rankings that name them.",
            ),
            "countries": countries,
        },
    )


@require_safe
def country_detail(request, slug):
    country = selectors.country_page(slug=slug).first()
    if country is None:
        # /countries/RU/ and /countries/rus/ lead to the one canonical address.
        by_code = selectors.country_by_code(slug)
        if by_code is None:
            raise Http404("No country has this address.")
        return redirect(by_code, permanent=True)
    histories = selectors.rank_history(country.rankings.all())
    for history in histories:
        history.chart = charts.rank_chart(
            chart_id=f"rank-{history.indicator.slug}",
            title=f"{country.name} in the {history.indicator.name}, by edition",
            lines=[
                charts.RankLine(
                    name=country.name,
                    points=tuple(
                        charts.RankPoint(r.edition.year, r.rank, r.edition.countries_covered)
                        for r in history.overall
                    ),
                )
            ],
        )
    return render(
        request,
        "briefs/country_detail.html",
        {
            "meta": seo.entity_meta(
                country,
                f"{country.name}'s place in AI: blocs, organizations, AI models, rankings, "
                "key figures and briefs, each with its source.",
            ),
            "json_ld": seo.country_json_ld(country),
            "country": country,
            "rank_histories": histories,
            "feeds": _feeds("country", country),
            "more_briefs_url": _filtered_list_url("country", country.slug),
        },
    )


@require_safe
def bloc_list(request):
    return render(
        request,
        "briefs/bloc_list.html",
        {
            "meta": seo.PageMeta(
                title="Blocs and alliances",
                description="Blocs, alliances and networks, with their members and roles.",
            ),
            "blocs": selectors.bloc_index(),
        },
    )


@require_safe
def bloc_detail(request, slug):
    bloc = get_object_or_404(selectors.bloc_page(slug=slug))
    return render(
        request,
        "briefs/bloc_detail.html",
        {
            "meta": seo.entity_meta(bloc, f"{bloc.name}: members, roles and join dates."),
            "json_ld": seo.bloc_json_ld(bloc),
            "bloc": bloc,
            "feeds": _feeds("bloc", bloc),
            "more_briefs_url": _filtered_list_url("bloc", bloc.slug),
        },
    )


@require_safe
def organization_list(request):
    return render(
        request,
        "briefs/organization_list.html",
        {
            "meta": seo.PageMeta(
                title="Organizations",
                description="Companies, banks, government bodies, universities and others.",
            ),
            "organizations": selectors.organization_index(),
        },
    )


@require_safe
def organization_detail(request, slug):
    organization = get_object_or_404(selectors.organization_page(slug=slug))
    return render(
        request,
        "briefs/organization_detail.html",
        {
            "meta": seo.entity_meta(organization, f"{organization.name} in AI."),
            "json_ld": seo.organization_json_ld(organization),
            "organization": organization,
            "feeds": _feeds("organization", organization),
            "more_briefs_url": _filtered_list_url("organization", organization.slug),
        },
    )


AIMODEL_SORT_LABELS = {
    "name": "Name",
    "released": "Newest release first",
    "released-oldest": "Oldest release first",
}


@require_safe
def aimodel_list(request):
    sort = request.GET.get("sort") or "name"
    sort_notice = None
    if sort not in selectors.AIMODEL_ORDERINGS:
        sort_notice = f"The models cannot be sorted by “{sort}”, so they are sorted by name."
        sort = "name"
    return render(
        request,
        "briefs/aimodel_list.html",
        {
            "meta": seo.PageMeta(
                title="AI models",
                description="AI models, their developers, release dates and access.",
            ),
            "ai_models": selectors.aimodel_index(sort=sort),
            "sort": sort,
            "sort_options": AIMODEL_SORT_LABELS,
            "sort_notice": sort_notice,
        },
        status=_status(sort_notice),
    )


@require_safe
def aimodel_detail(request, slug):
    ai_model = get_object_or_404(selectors.aimodel_page(slug=slug))
    return render(
        request,
        "briefs/aimodel_detail.html",
        {
            "meta": seo.entity_meta(ai_model, f"{ai_model.name}: an AI model."),
            "json_ld": seo.aimodel_json_ld(ai_model),
            "ai_model": ai_model,
            "feeds": _feeds("aimodel", ai_model),
            "more_briefs_url": _filtered_list_url("model", ai_model.slug),
        },
    )


@require_safe
def person_detail(request, slug):
    person = get_object_or_404(selectors.person_page(slug=slug))
    return render(
        request,
        "briefs/person_detail.html",
        {
            "meta": seo.entity_meta(person, person.name),
            "json_ld": seo.person_json_ld(person),
            "person": person,
        },
    )


@require_safe
def indicator_list(request):
    return render(
        request,
        "briefs/indicator_list.html",
        {
            "meta": seo.PageMeta(
                title="Indicators",
                description="Indices that rank countries' AI capacity, edition by edition.",
            ),
            "indicators": selectors.indicator_index(),
        },
    )


@require_safe
def indicator_detail(request, slug):
    indicator = get_object_or_404(selectors.indicator_page(slug=slug))
    editions = list(indicator.editions.all())
    overall = [
        ranking for edition in editions for ranking in edition.rankings.all() if not ranking.pillar
    ]
    form = CompareForm(request.GET or None, rankings=overall)
    chosen = form.chosen_countries()
    lines = [
        charts.RankLine(
            name=country.name,
            points=tuple(
                charts.RankPoint(r.edition.year, r.rank, r.edition.countries_covered)
                for r in sorted(overall, key=lambda r: r.edition.year)
                if r.country_id == country.pk
            ),
        )
        for country in chosen
    ]
    chart = charts.rank_chart(
        chart_id="compare",
        title=f"Overall rank in the {indicator.name}, by edition",
        lines=lines,
    )
    return render(
        request,
        "briefs/indicator_detail.html",
        {
            "meta": seo.entity_meta(indicator, f"{indicator.name}: ranks by edition."),
            "json_ld": seo.indicator_json_ld(indicator),
            "indicator": indicator,
            "editions": editions,
            "form": form,
            "compare_lines": lines,
            "compare_years": sorted({r.edition.year for r in overall}),
            "chart": chart,
        },
        status=_status(form.is_bound and not form.is_valid()),
    )


@require_safe
def event_list(request):
    filterset = EventFilter(request.GET or None, queryset=selectors.event_timeline())
    meta = seo.PageMeta(
        title="Timeline",
        description="Dated events: alliances formed, models released, rankings "
        "published, statements and sanctions.",
    )
    return _filtered_list(request, "briefs/event_list.html", filterset, EVENTS_PER_PAGE, meta)


@require_safe
def event_detail(request, slug):
    event = get_object_or_404(selectors.event_page(slug=slug))
    return render(
        request,
        "briefs/event_detail.html",
        {
            "meta": seo.entity_meta(event, event.title),
            "json_ld": seo.event_json_ld(event),
            "event": event,
        },
    )


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(selectors.topic_page(slug=slug))
    return render(
        request,
        "briefs/topic_detail.html",
        {
            "meta": seo.entity_meta(topic, f"Briefs on {topic.name}."),
            "topic": topic,
            "briefs": selectors.briefs_about(topic, field_name="topics", limit=None)[
                : selectors.ENTITY_BRIEFS + 1
            ],
            "feeds": _feeds("topic", topic),
            "more_briefs_url": _filtered_list_url("topic", topic.slug),
        },
    )


@require_safe
def source_detail(request, pk):
    source = get_object_or_404(selectors.source_page(pk=pk))
    return render(
        request,
        "briefs/source_detail.html",
        {
            "meta": seo.PageMeta(
                title=source.title,
                description=f"A source cited on {settings.SITE_NAME}: what it supports.",
            ),
            "source": source,
            "briefs": selectors.briefs_citing(source),
        },
    )


@require_safe
def search_page(request):
    raw = request.GET.get("q", "")
    query = search.clean_query(raw)
    hits = search.search_site(query, limit=SEARCH_LIMIT) if query else []
    return render(
        request,
        "briefs/search.html",
        {
            "meta": seo.PageMeta(
                title=f"Search: {query}" if query else "Search",
                description="Search briefs, countries, organizations, AI models, blocs and events.",
            ),
            "query": query,
            "searched": bool(raw.strip()),
            "hits": hits,
            "shortened": len(raw) > search.MAX_QUERY_LENGTH,
            "max_length": search.MAX_QUERY_LENGTH,
        },
    )


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def _feeds(kind: str, obj) -> dict:
    return {
        "rss": reverse(f"briefs:{kind}-feed", kwargs={"slug": obj.slug}),
        "atom": reverse(f"briefs:{kind}-feed-atom", kwargs={"slug": obj.slug}),
        "title": f"Briefs about {obj}",
    }


def _filtered_list_url(parameter: str, value: str) -> str:
    return f"{reverse('briefs:brief-list')}?{urlencode({parameter: value})}"


def page_not_found(request, exception=None):
    return render(
        request,
        "404.html",
        {"meta": seo.PageMeta(title="Page not found")},
        status=404,
    )


def bad_request(request, exception=None):
    return render(request, "400.html", {"meta": seo.PageMeta(title="Bad request")}, status=400)


def server_error(request):
    # No database, no request context: whatever broke must not break this page too.
    template = loader.get_template("500.html")
    context = {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "meta": seo.PageMeta(title="Something went wrong"),
    }
    return HttpResponse(template.render(context), status=500)
