"""Public pages: each view fetches through a selector and renders one template.

Bad query parameters (an unknown filter value, a page that does not exist, a
sort order we do not offer) never raise: the page answers 400, says what was
wrong next to the control or at the top, and shows what it can.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_safe

from . import charts, citation, exports, fragments, search, selectors, seo, tables
from .models import Country, Organization
from .paging import CappedPaginator
from .public_filters import (
    BriefFilter,
    CountryCodesForm,
    EventFilter,
    active_filters,
)

BRIEFS_PER_PAGE = 20
EVENTS_PER_PAGE = 50
SEARCH_LIMIT = 50


def paginate(request, items, per_page: int):
    """The requested page, or the nearest real one with a notice saying why.

    The count stops at the cap (briefs.paging), so past it the last page is not known:
    a page too far then falls back to the furthest page counted, not called the last.
    """
    paginator = CappedPaginator(items, per_page)
    raw = request.GET.get("page")
    try:
        return paginator.page(raw or 1), None
    except PageNotAnInteger:
        return paginator.page(1), f"“{raw}” is not a page number, so this is page 1."
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        if not paginator.count_is_exact:
            return page, f"There is no page {raw}; this is page {page.number}."
        return page, f"There is no page {raw}; this is the last page, page {page.number}."


def _status(*problems) -> int:
    return 400 if any(problems) else 200


def _filtered_list(request, template: str, filterset, per_page: int, meta, *, form_id: str):
    """A filterable, paginated list; a filter or page it cannot use answers 400, with a notice."""
    filter_errors = filterset.is_bound and not filterset.is_valid()
    page, page_notice = paginate(request, filterset.qs, per_page)
    active = active_filters(filterset, request.GET)
    context = {
        "meta": meta,
        "filter_form": fragments.filter_form(
            request, filterset, active_filters=active, form_id=form_id
        ),
        "active_filters": active,
        "page": page,
        "page_notice": page_notice,
    }
    return render(request, template, context, status=_status(filter_errors, page_notice))


@require_safe
def home(request):
    return render(
        request,
        "briefs/home.html",
        {
            "meta": seo.PageMeta(title=settings.SITE_NAME),
            "json_ld": seo.website_json_ld(),
            **fragments.home_blocks(request),
        },
    )


@require_safe
def brief_list(request):
    filterset = BriefFilter(
        request.GET or None, queryset=selectors.brief_list_items().newest_first()
    )
    meta = seo.PageMeta(
        title="Briefs",
        description="Every published brief, newest first, filterable by country, "
        "bloc, organization, AI model, topic and year.",
    )
    return _filtered_list(
        request, "briefs/brief_list.html", filterset, BRIEFS_PER_PAGE, meta, form_id="brief-filters"
    )


@require_safe
def brief_detail(request, slug):
    brief = get_object_or_404(selectors.brief_for_page(slug=slug))
    context = {
        **brief_page_context(request, brief, published=True),
        **brief_citation(request, brief),
    }
    return render(request, "briefs/brief_detail.html", context)


def brief_page_context(request, brief, *, published: bool = False) -> dict:
    """Everything the brief template needs; the admin preview renders through it too.

    Reads the brief's relations (selectors.with_page_relations, or loaded by the blocks
    that show them); related briefs come from Brief.objects.published() only. The
    JSON-LD is one of the blocks; a preview shows none. Only a brief read through
    Brief.objects.published() says `published`, and only its blocks are kept in the
    fragment cache (fragments.brief_blocks): a preview leaves the cache alone.
    """
    return {
        "brief": brief,
        "meta": seo.brief_meta(brief),
        **fragments.brief_blocks(request, brief, published=published),
    }


def brief_citation(request, brief) -> dict:
    """The "Cite this" block of a published brief (a preview has no permanent URL)."""
    return {"page_citation": citation.for_brief(request, brief)}


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
    ai_models = selectors.aimodel_index(sort=sort)
    data_table = tables.aimodel_index_table(ai_models, sort=sort)
    return render(
        request,
        "briefs/aimodel_list.html",
        {
            "meta": seo.PageMeta(
                title="AI models",
                description="AI models, their developers, release dates and access.",
            ),
            "ai_models": ai_models,
            "data_table": data_table,
            "page_citation": data_table.citation(request),
            "sort": sort,
            "sort_options": AIMODEL_SORT_LABELS,
            "sort_notice": sort_notice,
        },
        status=_status(sort_notice),
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
    """One edition's ranks and map (the latest unless ``?edition=YEAR``), the others a
    link away, and every edition's overall ranks for the rank-over-time comparison."""
    indicator = get_object_or_404(selectors.indicator_page(slug=slug))
    editions = list(indicator.editions.all())
    edition, edition_notice = _chosen_edition(request.GET.get("edition"), editions)
    compare_section, compare_invalid = fragments.indicator_compare(request, indicator=indicator)
    return render(
        request,
        "briefs/indicator_detail.html",
        {
            "meta": seo.entity_meta(indicator, f"{indicator.name}: ranks by edition."),
            "json_ld": seo.indicator_json_ld(indicator),
            "indicator": indicator,
            "editions": editions,
            "edition": edition,
            "edition_notice": edition_notice,
            "map_section": edition
            and fragments.indicator_map(request, indicator=indicator, edition=edition),
            "compare_section": compare_section,
            "edition_section": edition
            and fragments.indicator_edition(request, indicator=indicator, edition=edition),
            "page_citation": citation.for_page(
                request,
                title=f"{indicator.name}: ranks by edition",
                updated=exports.last_updated(
                    indicator.updated_at, *(e.updated_at for e in editions)
                ),
                data_from=[indicator.publisher.name],
            ),
        },
        status=_status(compare_invalid, edition_notice),
    )


def _chosen_edition(raw, editions):
    """The edition asked for by year, else the latest, with a notice if the year is unknown."""
    if not editions:
        return None, None
    if not raw:
        return editions[0], None
    for edition in editions:
        if str(edition.year) == raw.strip():
            return edition, None
    return editions[0], f"There is no {raw} edition, so this is the latest, {editions[0].year}."


COMPARE_CHART_SERIES = charts.MAX_SERIES


@require_safe
def compare(request):
    """Countries side by side: /compare/?countries=RUS~CHN~IND (ISO codes, any case)."""
    form = CountryCodesForm(request.GET) if request.GET else CountryCodesForm()
    if form.is_bound and form.is_valid() and form.cleaned_data.get("add"):
        return redirect(_compare_url(form.chosen()))
    countries = form.chosen()
    comparison = selectors.comparison(countries) if countries else None
    context = {
        "meta": seo.PageMeta(
            title="Compare countries"
            + (": " + ", ".join(c.name for c in countries) if countries else ""),
            description="Countries side by side: ranks with percentiles, rank over time, "
            "key figures, blocs and AI models, each with its source.",
        ),
        "form": form,
        "countries": countries,
        "comparison": comparison,
        "max_countries": CountryCodesForm.MAX_COUNTRIES,
    }
    if comparison is not None:
        data_table = tables.comparison_table(comparison)
        context.update(
            data_table=data_table,
            page_citation=data_table.citation(request),
            rank_charts=_comparison_charts(comparison),
            codes="~".join(country.iso3 for country in countries),
        )
    return render(
        request, "briefs/compare.html", context, status=_status(form.is_bound and form.errors)
    )


def _compare_url(countries) -> str:
    codes = "~".join(country.iso3 for country in countries)
    return f"{reverse('briefs:compare')}?{urlencode({'countries': codes}, safe='~')}"


def _comparison_charts(comparison) -> list:
    """One rank-over-time chart per indicator and group of five countries (a chart's limit)."""
    drawn = []
    for indicator, overall in comparison.overall_by_indicator():
        countries = comparison.countries
        for start in range(0, len(countries), COMPARE_CHART_SERIES):
            group = countries[start : start + COMPARE_CHART_SERIES]
            chart = fragments.rank_chart(
                chart_id=f"compare-{indicator.slug}-{start // COMPARE_CHART_SERIES + 1}",
                title=f"Overall rank in the {indicator.name}, by edition",
                lines=charts.comparison_lines(overall, group),
            )
            if chart:
                drawn.append(chart)
    return drawn


class BadTableRequest(Exception):
    """A download asked for with parameters the table cannot take; the message says why."""


def _edition_table(request, *, slug, year):
    edition = get_object_or_404(selectors.edition_for_download(slug=slug, year=year))
    return tables.edition_table(edition.indicator, edition)


def _country_rankings_table(request, *, slug):
    country = get_object_or_404(selectors.country_page(slug=slug))
    return tables.country_rankings_table(country, country.rankings.all())


def _country_figures_table(request, *, slug):
    country = get_object_or_404(selectors.with_all_key_figures(Country.objects.filter(slug=slug)))
    return tables.key_figures_table(
        country, country.key_figures.all(), url_name="briefs:country-figures-download"
    )


def _organization_figures_table(request, *, slug):
    organizations = Organization.objects.filter(slug=slug)
    organization = get_object_or_404(selectors.with_all_key_figures(organizations))
    return tables.key_figures_table(
        organization,
        organization.key_figures.all(),
        url_name="briefs:organization-figures-download",
    )


def _bloc_members_table(request, *, slug):
    bloc = get_object_or_404(selectors.bloc_page(slug=slug))
    if not request.GET.get("on"):
        return tables.memberships_table(bloc, bloc.memberships.all())
    on, notice = _date_parameter(request.GET["on"])
    if notice:
        raise BadTableRequest(notice.replace(", so this shows today", ""))
    return tables.memberships_table(bloc, selectors.memberships_on(bloc, on=on), on=on)


def _aimodel_index_table(request):
    sort = request.GET.get("sort") or "name"
    if sort not in selectors.AIMODEL_ORDERINGS:
        raise BadTableRequest(f"The models cannot be sorted by “{sort}”.")
    return tables.aimodel_index_table(selectors.aimodel_index(sort=sort), sort=sort)


def _comparison_table(request):
    form = CountryCodesForm(request.GET)
    if not form.is_valid():
        messages = [error for errors in form.errors.values() for error in errors]
        raise BadTableRequest(" ".join(messages))
    return tables.comparison_table(selectors.comparison(form.chosen()))


TABLE_DOWNLOADS = {
    "edition": _edition_table,
    "country-rankings": _country_rankings_table,
    "country-figures": _country_figures_table,
    "organization-figures": _organization_figures_table,
    "bloc-members": _bloc_members_table,
    "aimodel-index": _aimodel_index_table,
    "compare": _comparison_table,
}


@require_safe
def table_download(request, *, table: str, fmt: str, **kwargs):
    """Any data table as CSV, XLSX, metadata JSON or a zip (``exports.FORMATS``)."""
    try:
        data_table = TABLE_DOWNLOADS[table](request, **kwargs)
    except BadTableRequest as error:
        return HttpResponse(f"{error}\n", status=400, content_type="text/plain; charset=utf-8")
    return exports.download_response(request, data_table, fmt)


@require_safe
def event_list(request):
    filterset = EventFilter(request.GET or None, queryset=selectors.event_timeline())
    meta = seo.PageMeta(
        title="Timeline",
        description="Dated events: alliances formed, models released, rankings "
        "published, statements and sanctions.",
    )
    return _filtered_list(
        request, "briefs/event_list.html", filterset, EVENTS_PER_PAGE, meta, form_id="event-filters"
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
            "figures": selectors.newest_key_figures(source, related=("country", "organization")),
            **entity_briefs_context(selectors.briefs_citing(source), heading="Briefs citing it"),
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


class EntityPage(View):
    """The shape every public entity page shares: find it by slug through a selector,
    then render its template with its metadata, JSON-LD, feeds and latest briefs.

    A subclass names its ``selector``, ``template_name``, the context name of the
    object and the brief list's filter that shows all its briefs; it may add context.
    """

    http_method_names = ["get", "head"]
    selector = None
    template_name = ""
    context_object_name = ""
    json_ld = None
    feed_kind = None  # the URL name prefix of its feeds, when it has feeds
    brief_filter = None  # the brief list's parameter for "all briefs about it"
    brief_field = ""  # Brief's many-to-many field to it
    briefs_heading = "Briefs"
    names_itself_in_briefs = True  # "No published briefs yet about Russia."
    lists_events = False  # its newest events (its selector annotates `event_count`)
    events_filter = None  # the timeline's parameter for "all its events", when it has one

    def get(self, request, slug):
        obj = get_object_or_404(self.selector(slug=slug))
        return self.render(request, obj)

    def description(self, obj) -> str:
        return str(obj)

    def briefs(self, obj) -> list:
        limit = selectors.ENTITY_BRIEFS + 1
        return selectors.briefs_about(obj, field_name=self.brief_field, limit=limit)

    def extra_context(self, obj) -> dict:
        """More context for the template; a "status" key sets the response status."""
        return {}

    def render(self, request, obj):
        context = {
            "meta": seo.entity_meta(obj, self.description(obj)),
            self.context_object_name: obj,
            **entity_briefs_context(
                self.briefs(obj),
                heading=self.briefs_heading,
                about=str(obj) if self.names_itself_in_briefs else "",
                more_url=_filtered_list_url(self.brief_filter, obj.slug)
                if self.brief_filter
                else None,
            ),
            "page_citation": citation.for_page(request, title=str(obj), updated=obj.updated_at),
        }
        if self.lists_events:
            context["events"] = selectors.newest_events(obj)
            if self.events_filter:
                context["all_events_url"] = _timeline_url(self.events_filter, obj.slug)
        extra = self.extra_context(obj)
        status = extra.pop("status", 200)
        context.update(extra)
        if self.json_ld is not None:
            context["json_ld"] = self.json_ld(obj)
        if self.feed_kind:
            context["feeds"] = _feeds(self.feed_kind, obj)
        return render(request, self.template_name, context, status=status)


def entity_briefs_context(briefs, *, heading: str = "Briefs", about: str = "", more_url=None):
    """What ``includes/entity_briefs.html`` reads; the page size is handed to it here."""
    return {
        "briefs": briefs,
        "briefs_limit": selectors.ENTITY_BRIEFS,
        "briefs_heading": heading,
        "briefs_about": about,
        "more_briefs_url": more_url,
    }


class CountryPage(EntityPage):
    brief_field = "countries"
    lists_events = True
    events_filter = "country"
    selector = staticmethod(selectors.country_page)
    template_name = "briefs/country_detail.html"
    context_object_name = "country"
    json_ld = staticmethod(seo.country_json_ld)
    feed_kind = "country"
    brief_filter = "country"

    def get(self, request, slug):
        country = self.selector(slug=slug).first()
        if country is None:
            # /countries/RU/, /countries/rus/ and /countries/643/ lead to the one address.
            by_code = Country.objects.by_code(slug).first()
            if by_code is None:
                raise Http404("No country has this address.")
            return redirect(by_code, permanent=True)
        return self.render(request, country)

    def description(self, country) -> str:
        return (
            f"{country.name}'s place in AI: blocs, organizations, AI models, rankings, "
            "key figures and briefs, each with its source."
        )

    def extra_context(self, country) -> dict:
        histories = selectors.rank_history(country.rankings.all())
        charts.country_rank_charts(country, histories, draw=fragments.rank_chart)
        return {
            "rank_histories": histories,
            "rankings_table": tables.country_rankings_table(country, country.rankings.all()),
            **_newest_key_figures(country, url_name="briefs:country-figures-download"),
            "compare_choices": Country.objects.exclude(pk=country.pk).values_list("iso3", "name"),
        }


class BlocPage(EntityPage):
    brief_field = "blocs"
    lists_events = True
    events_filter = "bloc"
    selector = staticmethod(selectors.bloc_page)
    template_name = "briefs/bloc_detail.html"
    context_object_name = "bloc"
    json_ld = staticmethod(seo.bloc_json_ld)
    feed_kind = "bloc"
    brief_filter = "bloc"

    def description(self, bloc) -> str:
        return f"{bloc.name}: members, roles and join dates."

    def extra_context(self, bloc) -> dict:
        on, notice = _date_parameter(self.request.GET.get("on"))
        memberships = list(bloc.memberships.all())
        members_on = list(selectors.memberships_on(bloc, on=on))
        change_dates = sorted({d for m in memberships for d in (m.joined_on, m.left_on) if d})
        return {
            "status": _status(notice),
            "on": on,
            "on_notice": notice,
            "on_dates": change_dates,
            "members_on": members_on,
            "members_map": fragments.membership_map(bloc=bloc, on=on, memberships=members_on),
            "data_table": tables.memberships_table(bloc, memberships),
            "members_on_table": tables.memberships_table(bloc, members_on, on=on),
        }


class OrganizationPage(EntityPage):
    brief_field = "organizations"
    lists_events = True
    selector = staticmethod(selectors.organization_page)
    template_name = "briefs/organization_detail.html"
    context_object_name = "organization"
    json_ld = staticmethod(seo.organization_json_ld)
    feed_kind = "organization"
    brief_filter = "organization"

    def description(self, organization) -> str:
        return f"{organization.name} in AI."

    def extra_context(self, organization) -> dict:
        return _newest_key_figures(organization, url_name="briefs:organization-figures-download")


def _newest_key_figures(subject, *, url_name: str) -> dict:
    """A country's or an organization's newest key figures, and the download of all of
    them (its links and the terms of the shown rows' sources: the download itself reads
    every figure, ``TABLE_DOWNLOADS``)."""
    figures = selectors.newest_key_figures(subject)
    return {
        "figures": figures,
        "figures_table": tables.key_figures_table(subject, figures.rows, url_name=url_name),
    }


def _date_parameter(raw: str | None) -> tuple[datetime.date, str | None]:
    """A date from the address (YYYY-MM-DD), else today with a notice saying why."""
    today = timezone.localdate()
    if not raw:
        return today, None
    try:
        return datetime.date.fromisoformat(raw.strip()), None
    except ValueError:
        return today, f"“{raw}” is not a date written as YYYY-MM-DD, so this shows today."


class AIModelPage(EntityPage):
    brief_field = "ai_models"
    lists_events = True
    selector = staticmethod(selectors.aimodel_page)
    template_name = "briefs/aimodel_detail.html"
    context_object_name = "ai_model"
    json_ld = staticmethod(seo.aimodel_json_ld)
    feed_kind = "aimodel"
    brief_filter = "model"

    def description(self, ai_model) -> str:
        return f"{ai_model.name}: an AI model."


class PersonPage(EntityPage):
    brief_field = "people"
    lists_events = True
    selector = staticmethod(selectors.person_page)
    template_name = "briefs/person_detail.html"
    context_object_name = "person"
    json_ld = staticmethod(seo.person_json_ld)


class EventPage(EntityPage):
    brief_field = "events"
    selector = staticmethod(selectors.event_page)
    template_name = "briefs/event_detail.html"
    context_object_name = "event"
    json_ld = staticmethod(seo.event_json_ld)
    names_itself_in_briefs = False


class TopicPage(EntityPage):
    brief_field = "topics"
    selector = staticmethod(selectors.topic_page)
    template_name = "briefs/topic_detail.html"
    context_object_name = "topic"
    feed_kind = "topic"
    brief_filter = "topic"

    def description(self, topic) -> str:
        return f"Briefs on {topic.name}."


def hello(request):
    """The load benchmark's floor (LOADTEST_HELLO_VIEW): every middleware, no work."""
    return HttpResponse("Hello, world.", content_type="text/plain; charset=utf-8")


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


def _feeds(kind: str, obj) -> dict:
    return {
        "rss": reverse(f"briefs:{kind}-feed", kwargs={"slug": obj.slug}),
        "atom": reverse(f"briefs:{kind}-feed-atom", kwargs={"slug": obj.slug}),
        "title": f"Briefs about {obj}",
    }


def _filtered_list_url(parameter: str, value: str, *, url_name: str = "briefs:brief-list") -> str:
    return f"{reverse(url_name)}?{urlencode({parameter: value})}"


def _timeline_url(parameter: str, value: str) -> str:
    """The timeline filtered to one entity's events (an ``EventFilter`` parameter)."""
    return _filtered_list_url(parameter, value, url_name="briefs:event-list")


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
    try:
        body = template.render(context)
    except Exception:  # e.g. static files not collected: a plain page rather than none
        return HttpResponse(
            "Something went wrong on our side.\n", status=500, content_type="text/plain"
        )
    return HttpResponse(body, status=500)
