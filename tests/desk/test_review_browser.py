"""Review as actions in the browser: submit, request changes (mailed), schedule (on the agenda)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief
from tests.desk.browser_helpers import logged_in_page
from tests.factories import BriefFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_contributor_submits_editor_requests_changes_publisher_schedules(
    live_server, new_page, contributor, editor_user, publisher
):
    restore_countries()
    brief = BriefFactory(
        title="BRICS AI Alliance Network", status=Brief.Status.DRAFT, publish_at=None
    )
    brief.authors.add(contributor)
    url = live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk])

    carla, _ = logged_in_page(new_page, live_server, "carla")
    carla.goto(url)
    assert carla.locator(".review-actions button").all_inner_texts() == ["Submit for review"]
    carla.click("button:has-text('Submit for review')")
    assert "Submitted for review" in carla.inner_text(".messagelist")
    brief.refresh_from_db()
    assert brief.status == Brief.Status.REVIEW

    eddie, _ = logged_in_page(new_page, live_server, "eddie")
    eddie.goto(url)
    assert eddie.locator("button:has-text('Publish now')").count() == 0
    eddie.fill("#review-comment-request_changes", "Say which index ranks Russia 31st.")
    eddie.click("button:has-text('Request changes')")
    assert "Sent back to its authors" in eddie.inner_text(".messagelist")
    to_carla = [message for message in mail.outbox if message.to == [contributor.email]]
    assert to_carla[-1].subject == "Changes requested: BRICS AI Alliance Network"
    assert "Say which index ranks Russia 31st." in to_carla[-1].body

    carla.goto(live_server.url + reverse("admin:index"))
    assert "returned to draft" in carla.inner_text("#content-main .desk")
    carla.goto(url)
    assert "Say which index ranks Russia 31st." in carla.inner_text(".editorial-comments")
    carla.click("button:has-text('Submit for review')")

    paula, _ = logged_in_page(new_page, live_server, "paula")
    paula.goto(url)
    when = timezone.localtime() + datetime.timedelta(days=3)
    paula.fill("#review-publish-at", f"{when:%Y-%m-%dT%H:%M}")
    paula.click("button:has-text('Schedule for')")
    assert "Scheduled: it goes live by itself" in paula.inner_text(".messagelist")
    brief.refresh_from_db()
    assert brief.is_scheduled

    paula.goto(live_server.url + reverse("admin:index"))
    agenda = paula.inner_text(".agenda")
    assert f"{when:%A} {when.day} {when:%b %Y}" in agenda
    assert f"{when:%H:%M} BRICS AI Alliance Network" in agenda
