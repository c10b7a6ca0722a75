"""The fragment cache: heavy blocks of a page kept as rendered HTML, keyed by what they show.

The page cache (``briefs.page_cache``) keeps whole responses for anonymous readers; a
page rendered for staff, for the first reader after an edit, or with the page cache off
still draws everything. The blocks that cost most (the filter forms with their facet
lists, the rank charts, the world maps) are kept here on their own, for every reader:
they hold only public data, the same whoever asks.

Always right, never stale, by the page cache's own rules:

- A key is the running release (a deploy starts afresh), the content generation, which
  every save or delete of content bumps, the fragment's name and what it shows (an
  indicator and edition year, a bloc and date, a chart's lines, the filters asked for).
- No entry outlives the next scheduled publication (``page_cache.lifetime``), checked
  against the clock when it is read (``page_cache.is_fresh``).
- The cache is the same degrading one: an outage, or a generation that cannot be read,
  renders the block afresh.

A block's ``render`` does its own queries, so a hit skips them. Only blocks built from
published content come through here; a brief's preview (a draft) caches nothing.
``FRAGMENT_CACHE_ENABLED`` turns the cache off (tests that count a view's own queries).
"""

import functools
import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.template import loader
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import charts, page_cache, selectors, seo, tables, worldmap
from .models import Bloc, Brief, ContentGeneration, Indicator, Membership, Topic
from .public_filters import CompareForm
from .templatetags import site_tags

logger = logging.getLogger(__name__)


def cached(name: str, *shows, render: Callable[[], str], reads_content: bool = True) -> SafeString:
    """The block `name` showing `shows`: from the cache, else ``render()``, then kept.

    `shows` must name everything the block depends on besides the content itself (the
    generation covers that); its ``repr`` becomes part of the key. A block whose
    ``render`` reads nothing but `shows` (a chart drawn from its lines) says
    ``reads_content=False``: its key is then what it shows alone, so no edit elsewhere
    or publication time can make it stale, and a hit costs no query at all.
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        return mark_safe(render())
    now = timezone.now()
    generation = "any"
    if reads_content:
        try:
            generation = ContentGeneration.current()
        except DatabaseError as error:
            logger.warning("Fragment cache bypassed: content generation unreadable (%s)", error)
            return mark_safe(render())
    digest = hashlib.sha256(repr(shows).encode()).hexdigest()[:32]
    key = f"{page_cache.key_prefix(generation, kind='fragment')}:{name}:{digest}"
    entry = cache.get(key)
    if page_cache.is_fresh(entry, now):
        return mark_safe(entry["html"])
    html = render()
    upcoming = Brief.objects.next_publication_after(now) if reads_content else None
    seconds = page_cache.lifetime(now, upcoming)
    if seconds > 0:
        cache.set(key, {"html": str(html), "expires": now.timestamp() + seconds}, seconds)
    return mark_safe(html)


def _include(template_name: str, **context) -> str:
    return loader.render_to_string(template_name, context)


def rank_chart(*, chart_id: str, title: str, lines: list[charts.RankLine]) -> SafeString:
    """``includes/rank_chart.html`` for a chart of `lines`, or "" when there is no trend."""

    def render() -> str:
        chart = charts.rank_chart(chart_id=chart_id, title=title, lines=lines)
        return _include("includes/rank_chart.html", chart=chart) if chart else ""

    return cached("rank-chart", chart_id, title, tuple(lines), render=render, reads_content=False)


def rank_map(*, indicator, edition, rankings: list) -> SafeString:
    """``includes/world_map.html`` for an edition's overall ranks (`rankings`)."""

    def render() -> str:
        drawn = worldmap.rank_map(
            indicator=indicator,
            edition=edition,
            rankings=rankings,
            links=selectors.country_links(),
        )
        return _include("includes/world_map.html", map=drawn)

    return cached("rank-map", indicator.slug, edition.year, render=render)


def indicator_map(request, *, indicator, edition) -> SafeString:
    """``includes/indicator_map.html``: the map of an edition's overall ranks with the
    links to the other editions mapped, or "" when the edition has no overall rank."""

    def render() -> str:
        rankings = selectors.edition_ranks(edition, overall_only=True)
        if not rankings:
            return ""
        context = {
            "map_edition": edition,
            "map_years": selectors.indicator_ranked_years(indicator),
            "rank_map": rank_map(indicator=indicator, edition=edition, rankings=rankings),
        }
        return loader.render_to_string("includes/indicator_map.html", context, request)

    return cached("indicator-map", indicator.slug, edition.year, render=render)


def indicator_compare(request, *, indicator) -> tuple[SafeString, bool]:
    """``includes/indicator_compare.html``, the rank-over-time comparison of the countries
    in the address (``?country=``), or "" when the indicator ranks none; and whether the
    choice is invalid (the page then says 400).

    Kept only for a valid choice (each country one the indicator ranks, no more than the
    form takes), checked against the slugs alone: a hit loads no rank.
    """

    def build() -> tuple[CompareForm, str]:
        overall = selectors.indicator_overall_ranks(indicator)
        form = CompareForm(request.GET if "country" in request.GET else None, rankings=overall)
        if not form.fields["country"].choices:
            return form, ""
        lines = charts.comparison_lines(overall, form.chosen_countries())
        context = {
            "form": form,
            "compare_lines": lines,
            "compare_years": sorted({ranking.edition.year for ranking in overall}),
            "chart": rank_chart(
                chart_id="compare",
                title=f"Overall rank in the {indicator.name}, by edition",
                lines=lines,
            ),
        }
        return form, loader.render_to_string("includes/indicator_compare.html", context, request)

    asked = tuple(request.GET.getlist("country")) if "country" in request.GET else None
    if asked is None or (
        settings.FRAGMENT_CACHE_ENABLED
        and len(asked) <= CompareForm.MAX_COUNTRIES
        and set(asked) <= selectors.indicator_ranked_country_slugs(indicator)
    ):
        html = cached(
            "indicator-compare", indicator.slug, request.path, asked, render=lambda: build()[1]
        )
        return html, False
    form, html = build()
    return mark_safe(html), form.is_bound and not form.is_valid()


def indicator_edition(request, *, indicator, edition) -> SafeString:
    """``includes/indicator_edition.html``: one edition's ranks, with their downloads."""

    def render() -> str:
        edition_ranks = selectors.edition_ranks(edition)
        edition.data_table = tables.edition_table(indicator, edition, edition_ranks)
        context = {"edition": edition, "edition_ranks": edition_ranks}
        return loader.render_to_string("includes/indicator_edition.html", context, request)

    return cached("indicator-edition", indicator.slug, edition.year, render=render)


def membership_map(*, bloc, on, memberships: list) -> SafeString:
    """``includes/world_map.html`` for the countries in `bloc` on the date `on`."""

    def render() -> str:
        drawn = worldmap.membership_map(
            bloc=bloc,
            on=on,
            memberships=memberships,
            links=selectors.country_links(),
            roles=Membership.Role.choices,
        )
        return _include("includes/world_map.html", map=drawn)

    return cached("members-map", bloc.slug, on, render=render)


def filter_form(request, filterset, *, active_filters: list, form_id: str) -> SafeString:
    """``includes/filter_form.html`` with its facet lists, for the filters in the address.

    Kept only for a query the form fully accounts for (its own fields and the page,
    every value valid): the keys stay as few as the choices, whatever a client sends.
    """

    def render() -> str:
        context = {"filterset": filterset, "active_filters": active_filters, "form_id": form_id}
        return loader.render_to_string("includes/filter_form.html", context, request)

    query = request.GET.copy()
    query.pop("page", None)
    known = set(query) <= set(filterset.filters)
    if not known or (filterset.is_bound and not filterset.is_valid()):
        return mark_safe(render())
    # The address in the order given: each "Remove" link keeps the others in that order.
    return cached(form_id, request.path, query.urlencode(), render=render)


def brief_blocks(request, brief, *, published: bool) -> dict[str, SafeString]:
    """The blocks of a brief's page kept apart, for ``briefs/brief_detail.html``: key
    figures, sources, "In this brief", the related briefs and the JSON-LD, each kept by
    the brief's slug (the JSON-LD also by the site's address, which its URLs carry).

    Only a brief read through ``Brief.objects.published()`` says `published`; a preview
    (a draft, or a live brief with unsaved text) renders every block afresh, and never
    reads or fills the cache. The related briefs are published ones either way. A block
    loads the brief's relations it shows when it renders, so a hit loads none.
    """

    def with_relations(render: Callable[[], str]) -> Callable[[], str]:
        def loaded() -> str:
            selectors.load_page_relations(brief)
            return render()

        return loaded

    blocks = {
        "key_figures_section": (
            ("brief-key-figures",),
            lambda: _include(
                "includes/key_figures.html",
                figures=selectors.brief_key_figures(brief),
                with_subject=True,
            ),
        ),
        "sources_section": (
            ("brief-sources",),
            with_relations(lambda: _include("includes/brief_sources.html", brief=brief)),
        ),
        "entities_section": (
            ("brief-entities",),
            with_relations(lambda: _include("includes/brief_entities.html", brief=brief)),
        ),
        "related_section": (
            ("brief-related",),
            with_relations(
                lambda: _include(
                    "includes/brief_related.html", related_briefs=selectors.related_briefs(brief)
                )
            ),
        ),
        "json_ld": (
            ("brief-json-ld", request.build_absolute_uri("/")),
            with_relations(
                lambda: site_tags.json_ld({"request": request}, seo.brief_json_ld(brief))
            ),
        ),
    }
    if not published:
        return {name: mark_safe(render()) for name, (_, render) in blocks.items()}
    return {
        name: cached(key[0], brief.slug, *key[1:], render=render)
        for name, (key, render) in blocks.items()
    }


def home_blocks(request) -> dict[str, SafeString]:
    """The home page's blocks, for ``briefs/home.html``: the featured brief, the latest
    briefs (which leave the featured one out), the rank snapshot and the ways in."""

    @functools.cache
    def featured():
        return selectors.featured_brief()

    def render_featured() -> str:
        context = {"featured": featured()}
        return loader.render_to_string("includes/home_featured.html", context, request)

    def render_latest() -> str:
        return _include(
            "includes/home_latest.html", latest=selectors.latest_briefs(exclude=featured())
        )

    def render_rankings() -> str:
        return _include(
            "includes/home_rankings.html", rank_snapshot=selectors.latest_rank_snapshot()
        )

    def render_explore() -> str:
        return _include(
            "includes/home_explore.html",
            blocs=Bloc.objects.all(),
            countries=selectors.countries_in_briefs(limit=12),
            indicators=Indicator.objects.all(),
            topics=Topic.objects.all(),
        )

    return {
        "home_featured_section": cached("home-featured", render=render_featured),
        "home_latest_section": cached("home-latest", render=render_latest),
        "home_rankings_section": cached("home-rankings", render=render_rankings),
        "home_explore_section": cached("home-explore", render=render_explore),
    }
