"""A committed write reaches the content generation's copy in Redis; an open one does not.

Apart from tests/test_shared_generation.py because it commits for real: a file of only
transactional tests is run after the others on its worker, as the suite's order needs
(it empties the tables migrations filled)."""

import pytest
from django.conf import settings
from django.db import transaction

from briefs.models import Brief, ContentGeneration
from tests.factories import BriefFactory
from tests.test_shared_generation import HOME, another_process, shared_copy

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)"),
]


def test_a_committed_write_is_seen_by_another_process_and_an_open_one_is_not(client):
    brief = BriefFactory(slug="committed", title="Committed zebra brief")
    assert b"zebra" in client.get(HOME).content
    assert client.get(HOME)["X-Page-Cache"] == "hit"
    other = another_process()
    with transaction.atomic():
        brief.status = Brief.Status.WITHDRAWN
        brief.save()
        # Not committed: other processes keep the value their pages were made under.
        assert shared_copy(other) < ContentGeneration.stored()
    assert shared_copy(other) == ContentGeneration.stored()
    response = client.get(HOME)
    assert response["X-Page-Cache"] == "miss"
    assert b"zebra" not in response.content
