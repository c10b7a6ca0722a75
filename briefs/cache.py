"""A Redis cache whose outage costs speed, never a page.

Everything this site keeps in the cache can be lost: the API's throttle
history (an outage lets every request through), the API's Last-Modified
bookkeeping (a lost entry only makes the date newer; ``briefs.api.caching``),
and whatever is cached for speed. So when Redis cannot be reached, a read
answers "not there" (the caller's default), a write is dropped, and a warning
is logged, at most once every ``WARNING_INTERVAL`` seconds per process so an
outage does not flood the log. Errors that are not about reaching the server
(a bad key, a value that cannot be pickled) still raise: they are bugs.

``ping()`` is the one method that does raise on an outage: readiness probes
(``/readyz``) must see it.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
WARNING_INTERVAL = 30.0
# set_if_larger keeps a number as 20 zero-padded digits and compares it in two exact
# halves: Lua's numbers are doubles, which round integers past 2**53.
DIGITS = 20
KEEP_LARGER = """
local current = redis.call('GET', KEYS[1])
if current and #current == #ARGV[1] then
    local high, new_high = tonumber(current:sub(1, 10)), tonumber(ARGV[1]:sub(1, 10))
    local low, new_low = tonumber(current:sub(11)), tonumber(ARGV[1]:sub(11))
    if high > new_high or (high == new_high and low >= new_low) then
        return 0
    end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""


def _degrades(fallback):
    """Run the method; if Redis cannot be reached, log and return ``fallback(args)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._warn(method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


def _empty_dict(*args, **kwargs):
    return {}


def _all_keys_failed(data, *args, **kwargs):
    return list(data)


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def _warn(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= WARNING_INTERVAL:
            ResilientRedisCache._last_warning = now
            logger.warning(
                "Cache unavailable (%s: %s); working without it: throttling is off and "
                "API Last-Modified dates restart until it is back.",
                operation,
                error,
            )

    def ping(self) -> bool:
        return self._cache.get_client(write=True).ping()

    get = _degrades(_default)(RedisCache.get)
    add = _degrades(_false)(RedisCache.add)
    set = _degrades(_none)(RedisCache.set)
    touch = _degrades(_false)(RedisCache.touch)
    delete = _degrades(_false)(RedisCache.delete)
    get_many = _degrades(_empty_dict)(RedisCache.get_many)
    has_key = _degrades(_false)(RedisCache.has_key)
    set_many = _degrades(_all_keys_failed)(RedisCache.set_many)
    delete_many = _degrades(_none)(RedisCache.delete_many)
    clear = _degrades(_false)(RedisCache.clear)

    @_degrades(_false)
    def set_if_larger(self, key, number: int, timeout: int, version=None) -> bool:
        """Set `key` to the integer `number` (0 <= number < 10**20) for `timeout` seconds,
        unless it holds a number at least as large; whether it was set. One atomic step in
        Redis, so a writer holding an older number never moves the key back. The key
        reads back as an int through ``get``."""
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        return bool(client.eval(KEEP_LARGER, 1, key, f"{number:0{DIGITS}d}", timeout))

    def incr(self, key, delta=1, version=None):
        # Django's contract: a missing key raises ValueError, and so does an unreachable one.
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._warn("incr", error)
            raise ValueError(f"Key {key!r} not found: the cache is unavailable.") from error
