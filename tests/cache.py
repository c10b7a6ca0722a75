"""The Redis cache for test runs: parallel workers share one Redis database.

Each xdist worker gets its own KEY_PREFIX (site_config.test_settings), and
clearing the cache deletes that worker's keys only. Django's own RedisCache
empties the whole database, which would wipe another worker's throttle
history or remembered validators in the middle of its test.
"""

from briefs.cache import ResilientRedisCache


class WorkerRedisCache(ResilientRedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True


def generation_queries() -> int:
    """Queries a read of the content generation costs: none with Redis, which keeps a
    copy beside the pages (briefs/models/generation.py), else one."""
    from django.conf import settings

    return 0 if settings.REDIS_URL else 1
