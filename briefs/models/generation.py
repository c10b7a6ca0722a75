"""The content generation: one value, changed by every write to content.

The page cache (``briefs.page_cache``) keys every stored response by it, so one
bump makes every cached page, feed and API response stale at once. It lives in
the database rather than the cache because the local-memory cache belongs to one
server process: a row every process reads is right however the site is served.
A bump draws a new random value rather than counting up, so a database restored
from a backup (or a test rolled back) never meets entries cached under its value.

Within a request the value is read once: the page cache and every fragment of the
page share that read (``request_started`` opens the memo, ``request_finished`` closes
it, a bump empties it). Outside a request every call reads the row.
"""

import secrets
from contextvars import ContextVar

from django.db import connection, models

SINGLETON_PK = 1

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
        memo = _request_memo.get()
        if memo is not None and "value" in memo:
            return memo["value"]
        # Read on every cacheable request, so as plain SQL: compiling an ORM query
        # would cost more than serving the cached page.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT value FROM {connection.ops.quote_name(cls._meta.db_table)} WHERE id = %s",
                [SINGLETON_PK],
            )
            row = cursor.fetchone()
        value = f"{row[0] if row else 0:x}"
        if memo is not None:
            memo["value"] = value
        return value

    @classmethod
    def bump(cls) -> None:
        memo = _request_memo.get()
        if memo is not None:
            memo.clear()  # a write inside the request: the next read sees it
        value = secrets.randbits(62)
        if not cls.objects.filter(pk=SINGLETON_PK).update(value=value):
            cls.objects.update_or_create(pk=SINGLETON_PK, defaults={"value": value})
