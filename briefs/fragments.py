"""The fragment cache: heavy blocks of a page kept as rendered HTML, keyed by what they show.

The page cache (``briefs.page_cache``) keeps whole responses for anonymous readers; a
page rendered for staff, for the first reader after an edit, or with the page cache off
still draws everything. The blocks that cost most (the filter forms with their facet
lists, the rank charts, the world maps) are kept here on their own, for every reader:
they hold only public data, the same whoever asks.

Always right, never stale, by the page cache's own rules:

- A key is the fragment's name, what it shows (an indicator and edition year, a bloc and
  date, a chart's lines, the filters asked for) and the content generation, which every
  save or delete of content bumps.
- No entry outlives the next scheduled publication (``page_cache.lifetime``), checked
  against the clock when it is read (``page_cache.is_fresh``).
- The cache is the same degrading one: an outage, or a generation that cannot be read,
  renders the block afresh.

A block's ``render`` does its own queries, so a hit skips them. Only blocks built from
published content come through here; a brief's preview (a draft) caches nothing.
``FRAGMENT_CACHE_ENABLED`` turns the cache off (tests that count a view's own queries).
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.template import loader
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import charts, page_cache, selectors, worldmap
from .models import Brief, ContentGeneration, Membership

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
    key = f"fragment:{generation}:{name}:{digest}"
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
