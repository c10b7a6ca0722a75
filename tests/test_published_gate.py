"""Brief.objects.published() is the one gate: only published briefs that are due."""

import datetime

import pytest
from django.utils import timezone

from briefs.models import Brief
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
