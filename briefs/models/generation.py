"""The content generation: one value, changed by every write to content.

The page cache (``briefs.page_cache``) and the fragment cache (``briefs.fragments``)
file every entry under it, so one bump makes every cached page, feed, API response
and block stale at once. The database row is the truth: the local-memory cache
belongs to one server process, and a row every process reads is right however the
site is served. A bump adds a random step rather than one, so the value only grows
(a newer value is always the larger, which is what lets a copy refuse to go back)
and a database restored from a backup (or a test rolled back) never meets entries
cached under its next values.

With Redis as the cache (``REDIS_URL``) the value is also kept in Redis beside the
pages, so a cached page costs one Redis round trip and no query at all
(``current_with``). That copy stays exact:

- A bump sets it after its transaction commits (``publish``), never before: a
  reader never files a page rendered from uncommitted data under the new value.
- Every write to it keeps the larger value (a compare-and-set in Redis), so a
  reader that re-read an old value from the database, or a late publish, never
  moves it back.
- It lives ``SHARED_SECONDS``; a missing copy (expired, evicted, Redis restarted)
  is read from the database and set again. So a publish lost to a Redis blip
  leaves pages stale for that long at most.

Within a request the value is read once: the page cache and every fragment of the
page share that read (``request_started`` opens the memo, ``request_finished`` closes
it; a bump puts its new value there, so the rest of the request, inside the write's
transaction, files what it renders under it). Outside a request every call reads.
"""

import functools
import secrets
from contextvars import ContextVar

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import connection, models, transaction

from ..cache import ResilientRedisCache

SINGLETON_PK = 1
# The key of the Redis copy (the cache adds its prefix and version), and how long a
# copy is trusted without a write: the bound on staleness when a publish is lost.
# Short, because the database is re-read this often per server (one query, by
# whichever request first finds the copy gone); far under the 60 s a CDN may keep a page.
SHARED_KEY = "content-generation"
SHARED_SECONDS = 5
# A bump's step: random, so values are unpredictable, and at most 2**32, so a value
# (at most 2**62 before this rule) has room for a billion bumps in 63 bits.
STEP_BITS = 32

# A dict while a request runs (mutable, so a view run in another thread under ASGI
# shares it), None outside one.
_request_memo: ContextVar[dict | None] = ContextVar("content_generation_memo", default=None)


def open_request_memo(**kwargs) -> None:
    """``request_started`` receiver: the request reads the generation at most once."""
    _request_memo.set({})


def close_request_memo(**kwargs) -> None:
    """``request_finished`` receiver."""
    _request_memo.set(None)


class ContentGeneration(models.Model):
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "content generation"

    def __str__(self) -> str:
        return f"Content generation {self.value}"

    @classmethod
    def current(cls) -> str:
        return cls.current_with(None)[0]

    @classmethod
    def current_with(cls, key: str | None) -> tuple[str, object]:
        """The generation, and the cache's entry at `key` (None when absent or `key` is
        None), read together: with Redis, one round trip (MGET) and no query."""
        memo = _request_memo.get()
        if memo is not None and "value" in memo:
            return memo["value"], cache.get(key) if key else None
        redis = shared_cache()
        found = {}
        if redis is not None:
            found = redis.get_many([SHARED_KEY, key] if key else [SHARED_KEY])
        number = found.get(SHARED_KEY)
        if number is None:
            number = cls.stored()
            publish(number)
        value = f"{number:x}"
        if memo is not None:
            memo["value"] = value
        if not key:
            return value, None
        return value, found.get(key) if redis is not None else cache.get(key)

    @classmethod
    def stored(cls) -> int:
        """The value in the database: the truth."""
        # Read on every cacheable request without Redis, so as plain SQL: compiling an
        # ORM query would cost more than serving the cached page.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {cls.table()} WHERE id = %s", [SINGLETON_PK])
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def table(cls) -> str:
        return connection.ops.quote_name(cls._meta.db_table)

    @classmethod
    def bump(cls) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {cls.table()} SET value = value + %s WHERE id = %s RETURNING value",
                [secrets.randbits(STEP_BITS) + 1, SINGLETON_PK],
            )
            row = cursor.fetchone()
        if row is None:
            number = secrets.randbits(62)
            cls.objects.update_or_create(pk=SINGLETON_PK, defaults={"value": number})
        else:
            number = row[0]
        memo = _request_memo.get()
        if memo is not None:
            memo["value"] = f"{number:x}"  # a write inside the request: the rest sees it
        if shared_cache() is not None:
            publish_after_commit(number)


def shared_cache() -> ResilientRedisCache | None:
    """The cache when it is Redis, shared by every process (so it may hold the
    generation's copy), else None (local memory: the database is the only shared truth)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    return backend if isinstance(backend, ResilientRedisCache) else None


def publish(number: int) -> None:
    """Set the Redis copy to `number` unless it holds a larger one (nothing without Redis;
    a Redis outage loses it, bounded by ``SHARED_SECONDS``)."""
    redis = shared_cache()
    if redis is not None:
        redis.set_if_larger(SHARED_KEY, number, SHARED_SECONDS)


def publish_after_commit(number: int) -> None:
    """``publish(number)`` once the bump's transaction commits (at once outside one)."""
    transaction.on_commit(functools.partial(publish, number), robust=True)
