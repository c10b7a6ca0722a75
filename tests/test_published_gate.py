"""Brief.objects.published() is the one gate: only published briefs that are due."""

import datetime

import pytest
from django.utils import timezone

from briefs.models import Brief
from briefs.models.brief import PROBED_YEARS
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_draft_review_withdrawn_and_future_briefs():
    visible = BriefFactory(status=Brief.Status.PUBLISHED)
    BriefFactory(status=Brief.Status.DRAFT)
    BriefFactory(status=Brief.Status.REVIEW)
    BriefFactory(status=Brief.Status.WITHDRAWN)
    BriefFactory(
        status=Brief.Status.PUBLISHED,
        publish_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert list(Brief.objects.published()) == [visible]


def test_draft_with_a_past_publish_time_is_still_hidden():
    BriefFactory(status=Brief.Status.DRAFT, publish_at=timezone.now() - datetime.timedelta(days=3))
    assert not Brief.objects.published().exists()


def test_scheduled_brief_becomes_visible_once_its_time_passes(monkeypatch):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    brief = BriefFactory(status=Brief.Status.PUBLISHED, publish_at=publish_at)
    assert brief.is_scheduled
    assert not Brief.objects.published().exists()

    later = publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert list(Brief.objects.published()) == [brief]


STATES = [
    ("draft", Brief.Status.DRAFT, -1),
    ("review", Brief.Status.REVIEW, -1),
    ("withdrawn", Brief.Status.WITHDRAWN, -1),
    ("live", Brief.Status.PUBLISHED, -1),
    ("scheduled", Brief.Status.PUBLISHED, +1),
    ("draft with a future time", Brief.Status.DRAFT, +1),
]


@pytest.mark.parametrize("label,status,hours", STATES, ids=[state[0] for state in STATES])
def test_is_published_and_is_scheduled_agree_with_the_querysets(label, status, hours):
    brief = BriefFactory(status=status, publish_at=timezone.now() + datetime.timedelta(hours=hours))
    assert brief.is_published == Brief.objects.published().filter(pk=brief.pk).exists()
    assert brief.is_scheduled == Brief.objects.scheduled().filter(pk=brief.pk).exists()
    assert brief.is_published == (label == "live")
    assert brief.is_scheduled == (label == "scheduled")


def test_newest_first_orders_by_the_date_readers_see():
    now = timezone.now()
    republished = BriefFactory(
        status=Brief.Status.PUBLISHED,
        first_published_at=now - datetime.timedelta(days=10),
        publish_at=now - datetime.timedelta(hours=1),
    )
    newer = BriefFactory(status=Brief.Status.PUBLISHED, publish_at=now - datetime.timedelta(days=2))
    assert list(Brief.objects.published().newest_first()) == [newer, republished]
    assert Brief.objects.published().publication_years() == sorted(
        {republished.date_published.year, newer.date_published.year}, reverse=True
    )


@pytest.mark.parametrize("archive_year_back", [3, PROBED_YEARS + 5])
def test_publication_years_name_each_year_with_a_published_brief_only(archive_year_back):
    """Years probed one by one, and an archive older than the probes, read whole."""
    recent = timezone.now() - datetime.timedelta(hours=1)
    old_year = recent.year - archive_year_back
    BriefFactory(status=Brief.Status.PUBLISHED, publish_at=recent)
    BriefFactory(
        status=Brief.Status.PUBLISHED, publish_at=recent.replace(year=old_year, month=6, day=1)
    )
    BriefFactory(
        status=Brief.Status.DRAFT, publish_at=recent.replace(year=recent.year - 1, month=6, day=1)
    )
    assert Brief.objects.published().publication_years() == [recent.year, old_year]


def test_next_publication_after_is_the_earliest_future_time():
    now = timezone.now()
    BriefFactory(status=Brief.Status.PUBLISHED, publish_at=now + datetime.timedelta(hours=5))
    soon = now + datetime.timedelta(hours=2)
    BriefFactory(status=Brief.Status.PUBLISHED, publish_at=soon)
    BriefFactory(status=Brief.Status.PUBLISHED, publish_at=now - datetime.timedelta(hours=1))
    assert Brief.objects.next_publication_after(now) == soon
    assert Brief.objects.next_publication_after(now + datetime.timedelta(days=1)) is None
