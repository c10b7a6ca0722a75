"""Read replicas: the public site's reads from a replica, everything else from the primary.

``DATABASE_REPLICA_URLS`` names zero or more streaming replicas of the primary
("default"); settings give them the aliases in ``DATABASE_REPLICAS``. A replica
lags its primary by a moment, so only reads that may be a moment old go there:
reads of the knowledge base (the ``briefs`` app) in a GET, HEAD or OPTIONS request
outside the admin, by a reader who is not staff, in a request that has written nothing.

Everything else reads and writes on the primary: the admin, staff anywhere on the
site (an editor who has just published sees the brief at once), sessions and
accounts, any request after its first write, and all work outside a request
(management commands, migrations, the shell). With no replicas configured every
query goes to the primary, exactly as without this router.

A replica that cannot be reached is left alone for ``REPLICA_RETRY_SECONDS`` and
its reads go to the primary meanwhile, so a dead replica slows nothing but the
one request that found it dead.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.urls import reverse

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA_READ_APPS = {"briefs"}
REPLICA_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
REPLICA_RETRY_SECONDS = 30

# When a replica that failed to connect may be tried again (time.monotonic()).
_unreachable_until: dict[str, float] = {}


class _RequestRouting:
    """What the router knows about the request being served in this thread or task."""

    def __init__(self, request):
        self.request = request
        self.wrote = False

    def may_read_from_replica(self) -> bool:
        request = self.request
        if self.wrote or request.method not in REPLICA_SAFE_METHODS:
            return False
        if request.path_info.startswith(reverse("admin:index")):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated and user.is_staff)


_current = contextvars.ContextVar("briefs_replica_routing", default=None)


class ReplicaRoutingMiddleware:
    """Tells the router which request it is routing, for the time the request is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(_RequestRouting(request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _reachable(alias: str) -> bool:
    if _unreachable_until.get(alias, 0.0) > time.monotonic():
        return False
    try:
        connections[alias].ensure_connection()
    except DatabaseError as error:
        _unreachable_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "Read replica %s is unreachable (%s); reading from the primary for %s s.",
            alias,
            error,
            REPLICA_RETRY_SECONDS,
        )
        return False
    _unreachable_until.pop(alias, None)
    return True


class ReplicaRouter:
    """Settings' DATABASE_ROUTERS entry; see the module docstring for the rules."""

    def db_for_read(self, model, **hints):
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        routing = _current.get()
        if (
            not replicas
            or routing is None
            or model._meta.app_label not in REPLICA_READ_APPS
            or not routing.may_read_from_replica()
        ):
            return PRIMARY
        candidates = random.sample(replicas, len(replicas))
        return next((alias for alias in candidates if _reachable(alias)), PRIMARY)

    def db_for_write(self, model, **hints):
        routing = _current.get()
        if routing is not None:
            routing.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: rows read from a replica may join rows
        # from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas are read-only copies: only the primary is migrated.
        return db == PRIMARY
