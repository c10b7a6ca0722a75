"""With Redis, the content generation has a copy beside the pages (briefs/models/generation.py):
a cached page costs one Redis round trip and no query, and the copy stays exact across
processes. These tests need the Redis of REDIS_URL and skip without it."""

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefs.models import Brief, ContentGeneration
from briefs.models import generation as generation_module
from tests.factories import BriefFactory
from tests.test_page_cache import closed_port

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"),
]

HOME = reverse("briefs:home")
API_BRIEFS = reverse("api:brief-list")


@pytest.fixture
def redis_commands(monkeypatch):
    """The Redis commands sent (each one round trip), in order."""
    sent = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


def another_process():
    """A second cache client, on its own connections, as another server process has."""
    default = settings.CACHES["default"]
    backend_class = caches["default"].__class__
    return backend_class(default["LOCATION"], {**default})


def shared_copy(backend=None) -> int | None:
    return (backend or another_process()).get(generation_module.SHARED_KEY)


def test_a_hit_costs_one_redis_round_trip_and_no_query(client, redis_commands):
    BriefFactory(slug="russia-brief")
    for url in [HOME, API_BRIEFS]:
        assert client.get(url)["X-Page-Cache"] == "miss"
        redis_commands.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit"
        assert len(queries) == 0  # no generation read, no connection health check
        assert redis_commands == ["MGET"]


def test_publishing_withdrawing_and_editing_are_seen_at_once_by_another_process(client):
    brief = BriefFactory(slug="fresh", title="Fresh zebra brief", status=Brief.Status.DRAFT)
    other = another_process()
    for change in ["publish", "edit", "withdraw"]:
        client.get(HOME)
        before = shared_copy(other)
        if change == "publish":
            brief.status = Brief.Status.PUBLISHED
        elif change == "edit":
            brief.title = "Edited zebra brief"
        else:
            brief.status = Brief.Status.DRAFT
        brief.save()
        assert shared_copy(other) == ContentGeneration.stored() > before, change
    assert b"zebra" not in client.get(HOME).content


def test_the_copy_is_set_only_when_the_write_commits(
    real_commit_hooks, django_capture_on_commit_callbacks
):
    ContentGeneration.current()  # seeds the copy
    before = shared_copy()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        BriefFactory(slug="pending")
    assert shared_copy() == before  # not committed: other processes keep the old value
    for callback in callbacks:
        callback()
    assert shared_copy() == ContentGeneration.stored() > before


def test_a_reseed_from_an_old_database_read_never_moves_the_copy_back(monkeypatch):
    old = ContentGeneration.stored()
    caches["default"].delete(generation_module.SHARED_KEY)  # expired, evicted or restarted

    def slow_read(cls):
        # While this reader holds the old value, a write commits and publishes a new one.
        ContentGeneration.bump()
        return old

    monkeypatch.setattr(ContentGeneration, "stored", classmethod(slow_read))
    assert ContentGeneration.current() == f"{old:x}"
    monkeypatch.undo()
    assert shared_copy() == ContentGeneration.stored() > old
    generation_module.publish(old)  # a late publish of an older value
    assert shared_copy() == ContentGeneration.stored()


def test_the_copy_lives_at_most_the_staleness_bound(generation_copy_lifetime):
    ContentGeneration.current()
    client = caches["default"]._cache.get_client(write=True)
    key = caches["default"].make_and_validate_key(generation_module.SHARED_KEY)
    assert 0 < client.ttl(key) <= generation_module.SHARED_SECONDS == 5


def test_a_write_during_a_redis_outage_succeeds_and_pages_are_served_uncached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "briefs.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    BriefFactory(slug="written-while-down")  # bumps; the publish is lost, not raised
    for _ in range(2):
        response = client.get(HOME)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") != "hit"


def test_set_if_larger_compares_numbers_past_what_a_double_holds_exactly():
    backend = caches["default"]
    big = 2**62  # Lua's doubles would take big and big + 1 for the same number
    assert backend.set_if_larger("larger", big + 1, 60)
    assert not backend.set_if_larger("larger", big, 60)
    assert not backend.set_if_larger("larger", big + 1, 60)
    assert backend.get("larger") == big + 1
    assert backend.set_if_larger("larger", big + 2, 60)
    assert backend.get("larger") == big + 2
