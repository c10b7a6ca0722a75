"""Health probes for a load balancer or an orchestrator.

- ``/healthz``: the process is up and answers (it reads nothing).
- ``/readyz``: the database and the cache answer; 503 with what failed otherwise.

Both answer JSON from a middleware placed just below the request id and the
security headers, before sessions, CSRF, host checks, throttles and the URL
resolver: a probe sends no cookie, may use the server's address as its Host, and
must not be counted against a client's API allowance. They are never cached and
are left out of the access log (``briefs.requestlog``). The HTTPS redirect skips
them (``SECURE_REDIRECT_EXEMPT``), since a probe often speaks plain HTTP to the app.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from .requestlog import HEALTH_PATHS

logger = logging.getLogger(__name__)


def check_database(alias: str = "default") -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache(alias: str = "default") -> None:
    """Raises if the cache cannot be written and read back.

    The site's Redis backend swallows its errors so that pages keep working
    (``briefs.cache``); its ``ping()`` does not, and is what readiness asks.
    """
    cache = caches[alias]
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
        return
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


def healthz(request):
    return _json({"status": "ok"}, 200)


def readyz(request):
    results, ready = {}, True
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means "not ready", never a 500
            ready = False
            results[name] = "unavailable"
            logger.warning("readyz: %s check failed: %s", name, error)
        else:
            results[name] = "ok"
    body = {"status": "ok" if ready else "unavailable", "checks": results}
    return _json(body, 200 if ready else 503)


def _json(body: dict, status: int):
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


VIEWS = {"/healthz": healthz, "/readyz": readyz}
assert set(VIEWS) == HEALTH_PATHS


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
