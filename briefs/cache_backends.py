"""A Redis cache that degrades: when Redis is down, every call is a miss, never an error.

Everything the site keeps in the cache can be rebuilt (whole pages, the API's
first-seen dates, throttle counts), so an outage costs speed, not answers: reads
return their default, writes are dropped, and a warning is logged (at most once a
minute per process, so an outage does not flood the log).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
WARNING_INTERVAL = 60


class DegradingRedisCache(RedisCache):
    _last_warning = 0.0

    def _degrade(self, operation: str, error: Exception, default=None):
        now = time.monotonic()
        if now - DegradingRedisCache._last_warning >= WARNING_INTERVAL:
            DegradingRedisCache._last_warning = now
            logger.warning("Cache unavailable, serving uncached (%s): %s", operation, error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._degrade("get", error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._degrade("get_many", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._degrade("has_key", error, False)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._degrade("add", error, False)

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return self._degrade("set", error)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._degrade("set_many", error, list(data))

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._degrade("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._degrade("delete", error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            return self._degrade("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            # Django's own contract for a missing key: incr raises ValueError.
            self._degrade("incr", error)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from error

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            return self._degrade("clear", error, False)
