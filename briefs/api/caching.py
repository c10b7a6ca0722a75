"""HTTP validators and freshness for API reads: ETag, Last-Modified, Cache-Control, 304.

- ETag is a hash of the exact bytes sent, so it changes whenever anything shown
  changes: a brief edited or withdrawn, a scheduled brief come due, a country renamed
  in a nested reference. Nothing is cached on the server to compute it. A streamed
  response (the CSV tables) has no bytes yet: its view sets an ETag computed from what
  decides them (``csv_tables.CSVTable.validator``), and a 304 then costs no stream.
- Last-Modified is when this server first sent those bytes for this URL (kept in the
  cache, Redis in production). Deriving it from the rows' own timestamps would go
  backwards when a brief is withdrawn or a scheduled brief with an old ``updated_at``
  comes due, and a client asking If-Modified-Since would wrongly get a 304. A lost
  cache entry only makes the date newer: a needless 200, never a stale 304.
- Cache-Control is short and public; where a response shows briefs, it never lasts
  past the next scheduled publication, since that brief goes live with no job running.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from ..models import Brief
from .errors import ProblemResponse, error_body

FIRST_SEEN_TIMEOUT = 7 * 24 * 3600


def response_etag(content: bytes, content_type: str) -> str:
    digest = hashlib.sha256(content_type.encode() + b"\n" + content).hexdigest()
    return f'"{digest[:32]}"'


def first_seen(url: str, etag: str) -> int:
    """The time this representation of `url` was first served (now, if it is new)."""
    key = "api:first-seen:" + hashlib.sha256(url.encode()).hexdigest()
    stored = cache.get(key)
    if stored and stored[0] == etag:
        return stored[1]
    now = int(time.time())
    cache.set(key, (etag, now), FIRST_SEEN_TIMEOUT)
    return now


def max_age(next_publication, *, seconds: int | None = None) -> int:
    """Seconds a shared cache may keep a response: short (`seconds`, by default
    API_CACHE_MAX_AGE), and never past `next_publication`."""
    seconds = settings.API_CACHE_MAX_AGE if seconds is None else seconds
    if next_publication is not None:
        until = (next_publication - timezone.now()).total_seconds()
        seconds = min(seconds, max(0, int(until)))
    return seconds


def cache_control(seconds: int) -> str:
    """Public and short; a CDN may serve a stale copy briefly while it revalidates."""
    stale = settings.PAGE_CACHE_STALE_WHILE_REVALIDATE
    return f"public, max-age={seconds}, stale-while-revalidate={stale}"


class CacheValidatorsMixin:
    """Adds validators and freshness to successful GET/HEAD responses and answers 304s.

    A view whose response shows published briefs says so in ``shows_briefs()`` and
    may override ``next_publication()``; others are cached for the plain short time.
    """

    def shows_briefs(self) -> bool:
        return False

    def next_publication(self):
        return Brief.objects.next_publication_after(self.request_started_at)

    def initial(self, request, *args, **kwargs):
        # Taken before any brief is read, so a brief that goes live while the
        # response is built counts as "next" and only shortens the cache time.
        self.request_started_at = timezone.now()
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(response, "exception", False):
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        content_type = response.get("Content-Type", "")
        if response.streaming:
            etag = response["ETag"]  # a stream has no body yet: the view made its validator
        else:
            response.render()
            etag = response_etag(response.content, content_type)
        last_modified = first_seen(f"{content_type} {request.get_full_path()}", etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        seconds = max_age(self.next_publication() if self.shows_briefs() else None)
        response["Cache-Control"] = cache_control(seconds)
        patch_vary_headers(response, ["Accept"])
        conditional = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified, response=response
        )
        if conditional.status_code == 412:
            failed = ProblemResponse(
                error_body(412, "The resource does not match the request's preconditions."),
                status=412,
                headers={"Cache-Control": "no-store", "ETag": etag},
            )
            failed.renderer_context = response.renderer_context
            return failed
        return conditional
