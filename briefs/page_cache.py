"""The page cache: whole responses of the public site and the API, for anonymous readers.

What is stored: the 200 responses to GET and HEAD requests for the public pages,
feeds, sitemap, robots.txt and the read API, as the view made them (headers and
body). What is never read or filled: requests that carry a session cookie or an
``Authorization`` header (staff, editors, anyone logged in), previews and the
admin (their responses say ``private``/``no-store``, or they are not public URLs),
and responses that set a cookie.

Always right, never stale:

- A URL has one entry, keyed by the running release (``settings.RELEASE``, see
  ``briefs.release``) and the address; it holds the content generation
  (``ContentGeneration``) it was made under, which every save or delete of content
  bumps (``bump_on_content_change``, connected in ``BriefsConfig.ready``), and one
  response per variant the response varies on (``Vary``: the API's ``Accept``). An
  entry of another generation is a miss: the next request after an edit, a
  publication or a withdrawal renders afresh. The generation is not in the key so
  that, with Redis, one MGET reads both it and the entry: a hit costs one round trip
  and no query (``ContentGeneration.current_with``).
- A scheduled brief goes live by the clock alone, with no write to bump the
  generation, so no entry outlives the next scheduled publication: each carries its
  expiry, checked against the clock when it is read.
- The cache is the cache backend ``default`` (Redis with ``REDIS_URL``, else local
  memory). When it fails, the request is served uncached and a warning logged; so
  is it when the generation cannot be read (the database down or not migrated yet:
  robots.txt and the probes answer without one).

Every public response also gets validators and freshness for the browser and any
CDN in front: ``ETag`` (a hash of the body, as the API computes it), ``Last-Modified``
(when that body was first served), 304 to a matching conditional request, and
``Cache-Control: public, max-age=N, stale-while-revalidate=M`` (README, "Caching").
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from .api.caching import cache_control, first_seen, max_age, response_etag
from .models import Brief, ContentGeneration

logger = logging.getLogger(__name__)

# URL namespaces and names whose responses are the same for every anonymous reader.
PUBLIC_NAMESPACES = {"briefs", "api"}
PUBLIC_URL_NAMES = {"sitemap", "sitemap-section", "robots"}
# Cache-Control values that say a response is someone's own or must not be kept.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
# Models whose writes change nothing a reader sees (and the generation itself).
# Records no public response shows: the editors' own (autosaves every 30 s, comments,
# import batches) and the bookkeeping (audit, change feed, the generation itself).
CONTENT_EXCLUDED = {
    "briefs.AuditEvent",
    "briefs.BriefAutosave",
    "briefs.Change",
    "briefs.ContentGeneration",
    "briefs.EditorialComment",
    "briefs.ImportBatch",
    "briefs.PreviewLink",
    "briefs.WebhookDelivery",
    "briefs.WebhookEndpoint",
}
# Saves of only these fields change nothing a reader sees.
NOT_CONTENT_FIELDS = {"last_login"}


def is_anonymous_read(request) -> bool:
    """A GET or HEAD with no session and no credentials: the page cache may answer it."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_public_url(request) -> bool:
    """Whether the path is one of the public pages, feeds, sitemap or API (not the admin)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return bool(set(match.namespaces) & PUBLIC_NAMESPACES) or match.url_name in PUBLIC_URL_NAMES


def is_storable(response) -> bool:
    cache_control_header = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(directive in cache_control_header for directive in PRIVATE_DIRECTIVES)
        and "*" not in vary_headers(response)
    )


def key_prefix(generation: str, *, kind: str = "fragment") -> str:
    """The start of every key of the fragment cache (with `kind`, of any cache whose
    keys name the generation): the running release (``settings.RELEASE``, so a deploy
    never serves what the old code made) and the content generation."""
    return f"{kind}:{settings.RELEASE}:{generation}"


def page_key(request) -> str:
    """The key of a URL's entry: the running release and the full address (host and
    query string included). The generation is inside the entry."""
    address = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False)
    return key_prefix(address.hexdigest(), kind="page")


def vary_headers(response) -> tuple[str, ...]:
    """The request headers `response` varies on, lower-case and sorted."""
    names = cc_delim_re.split(response.get("Vary", ""))
    return tuple(sorted({name.strip().lower() for name in names if name.strip()}))


def variant(request, vary: tuple[str, ...]) -> tuple[str, ...]:
    """What `request` sends in the headers `vary` names: which stored response is its."""
    return tuple(request.headers.get(name, "") for name in vary)


def cached_response(entry, generation: str, request, now):
    """The response stored in `entry` for `request`, if it was made under `generation`
    and is still fresh at `now`; else None."""
    if entry is None or entry["generation"] != generation:
        return None
    kept = entry["variants"].get(variant(request, entry["vary"]))
    return kept["response"] if is_fresh(kept, now) else None


class PageCacheMiddleware:
    """Answers anonymous reads from the page cache, and fills it (module docstring).

    Sits high in MIDDLEWARE, under security and WhiteNoise, so a hit skips sessions,
    CSRF and authentication; what it stores is the response after every entry below
    it has had its say (the Content-Security-Policy included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (is_anonymous_read(request) and is_public_url(request)):
            return self.get_response(request)
        started = timezone.now()
        key = page_key(request)
        try:
            generation, entry = ContentGeneration.current_with(key)
        except DatabaseError as error:
            logger.warning("Page cache bypassed: the content generation is unreadable (%s)", error)
            return self.get_response(request)
        response = cached_response(entry, generation, request, started)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return conditional(request, response)
        response = self.get_response(request)
        if response.status_code != 200 or response.streaming:
            return response
        # Taken before the view read any brief, so a brief that went live meanwhile
        # only shortens the lifetime.
        upcoming = Brief.objects.next_publication_after(started)
        add_validators(request, response, upcoming)
        if request.method == "GET" and is_storable(response):
            store(request, response, key, entry, generation, started, upcoming)
        return conditional(request, response)


def conditional(request, response):
    """The response, or a 304 when the request already holds this version of it."""
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
        response=response,
    )


def add_validators(request, response, upcoming) -> None:
    """ETag, Last-Modified and Cache-Control on a page, as the API has them (the API's
    own responses already carry theirs)."""
    if not response.has_header("ETag"):
        content_type = response.get("Content-Type", "")
        etag = response_etag(response.content, content_type)
        response["ETag"] = etag
        last_seen = first_seen(f"{content_type} {request.get_full_path()}", etag)
        response["Last-Modified"] = http_date(last_seen)
    if not response.has_header("Cache-Control"):
        seconds = max_age(upcoming, seconds=settings.PAGE_CACHE_MAX_AGE)
        response["Cache-Control"] = cache_control(seconds)


# Headers about the request that made the response, not about the content: the API
# throttle's count for that client, and the request's own id. A hit costs no throttle.
PER_REQUEST_HEADERS = {
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-policy",
    "retry-after",
    "x-request-id",
}


def lifetime(now, upcoming) -> int:
    """Seconds an entry made at `now` may be kept: ``PAGE_CACHE_SECONDS``, cut short by the
    next scheduled publication (`upcoming`, or None); 0 or less means do not keep it.

    The page cache and the fragment cache (``briefs.fragments``) both keep entries by it."""
    seconds = settings.PAGE_CACHE_SECONDS
    if upcoming is not None:
        seconds = min(seconds, int((upcoming - now).total_seconds()))
    return seconds


def is_fresh(entry, now) -> bool:
    """Whether a cached entry (a dict with its "expires" timestamp) is still good at `now`:
    the clock alone can end it, when a scheduled brief goes live."""
    return entry is not None and entry["expires"] > now.timestamp()


def store(request, response, key: str, entry, generation: str, now, upcoming) -> None:
    """Keep `response` in the entry at `key` (read as `entry` before the view ran) until
    the next content change or scheduled publication, beside the other variants the
    entry holds for `generation`."""
    seconds = lifetime(now, upcoming)
    if seconds <= 0:
        return
    response["X-Page-Cache"] = "miss"
    # Only the bytes and headers: a DRF response would also carry its data, and
    # unpickling that on every hit costs more than the page.
    stored = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        if header.lower() not in PER_REQUEST_HEADERS:
            stored[header] = value
    vary = vary_headers(response)
    variants = {}
    if entry is not None and entry["generation"] == generation and entry["vary"] == vary:
        variants = {shown: kept for shown, kept in entry["variants"].items() if is_fresh(kept, now)}
    variants[variant(request, vary)] = {"response": stored, "expires": now.timestamp() + seconds}
    cache.set(key, {"generation": generation, "vary": vary, "variants": variants}, seconds)


def bump_on_content_change(sender, **kwargs) -> None:
    """Signal receiver: content changed, so every cached response is stale."""
    if kwargs.get("raw"):
        return  # loading fixtures
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; the "post_" signal is enough
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= NOT_CONTENT_FIELDS:
        return  # a login stamping last_login changes nothing a reader sees
    ContentGeneration.bump()
