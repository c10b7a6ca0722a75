"""Review as buttons: each move allowed to the right roles, commented, and mailed."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from briefs.models import AuditEvent, Brief, EditorialComment
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


def review(client, brief, **data):
    return client.post(reverse("admin:briefs_brief_review", args=[brief.pk]), data)


@pytest.fixture
def draft(contributor):
    brief = BriefFactory(title="Alliance draft", status=Brief.Status.DRAFT, publish_at=None)
    brief.authors.add(contributor)
    return brief


def test_a_contributor_submits_their_draft_and_the_publishers_are_mailed(
    client, draft, contributor, publisher
):
    client.force_login(contributor)
    response = review(client, draft, action="submit")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Brief.Status.REVIEW
    assert [m.to for m in mail.outbox] == [[publisher.email]]
    assert mail.outbox[0].subject == "Submitted for review: Alliance draft"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SUBMITTED).count() == 1


def test_request_changes_needs_a_comment(client, draft, editor_user):
    draft.status = Brief.Status.REVIEW
    draft.save()
    client.force_login(editor_user)
    response = review(client, draft, action="request_changes", comment="")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Brief.Status.REVIEW
    follow = client.get(response.url)
    assert "Write the comment" in follow.text


def test_an_editor_requests_changes_and_the_author_reads_the_comment_by_email(
    client, draft, editor_user, contributor
):
    draft.status = Brief.Status.REVIEW
    draft.save()
    client.force_login(editor_user)
    review(client, draft, action="request_changes", comment="Cite the Tortoise rank.")
    draft.refresh_from_db()
    assert draft.status == Brief.Status.DRAFT
    comment = EditorialComment.objects.get()
    assert (comment.author, comment.kind) == (editor_user, "changes_requested")
    to_author = [m for m in mail.outbox if m.to == [contributor.email]]
    assert "Cite the Tortoise rank." in to_author[0].body
    page = client.get(reverse("admin:briefs_brief_change", args=[draft.pk]))
    assert "Cite the Tortoise rank." in page.text


def test_a_contributor_may_not_request_changes_or_publish(client, draft, contributor):
    draft.status = Brief.Status.REVIEW
    draft.save()
    client.force_login(contributor)
    assert review(client, draft, action="request_changes", comment="x").status_code == 403
    assert review(client, draft, action="publish").status_code == 403
    draft.refresh_from_db()
    assert draft.status == Brief.Status.REVIEW


def test_an_editor_may_not_publish(client, draft, editor_user):
    client.force_login(editor_user)
    assert review(client, draft, action="publish").status_code == 403


def test_a_publisher_schedules_for_a_future_time(client, draft, publisher):
    client.force_login(publisher)
    when = timezone.localtime() + datetime.timedelta(days=3)
    review(client, draft, action="schedule", publish_at=f"{when:%Y-%m-%dT%H:%M}")
    draft.refresh_from_db()
    assert draft.is_scheduled
    assert draft.publish_at == when.replace(second=0, microsecond=0)


def test_a_schedule_in_the_past_is_refused_with_a_message(client, draft, publisher):
    client.force_login(publisher)
    response = review(client, draft, action="schedule", publish_at="2020-01-01T10:00")
    draft.refresh_from_db()
    assert draft.status == Brief.Status.DRAFT
    assert "Choose a time in the future." in client.get(response.url).text


def test_a_bad_schedule_value_is_a_message_not_an_error(client, draft, publisher):
    client.force_login(publisher)
    response = review(client, draft, action="schedule", publish_at="next tuesday")
    assert response.status_code == 302


def test_publish_now_puts_it_live_and_withdraw_takes_it_down(client, draft, publisher):
    draft.publish_at = timezone.now() + datetime.timedelta(days=9)
    draft.save()
    client.force_login(publisher)
    review(client, draft, action="publish")
    draft.refresh_from_db()
    assert draft.is_published
    review(client, draft, action="withdraw")
    draft.refresh_from_db()
    assert draft.status == Brief.Status.WITHDRAWN


def test_editorial_comments_never_reach_the_public_page(client, publisher):
    brief = BriefFactory(title="Live brief")
    EditorialComment.objects.create(brief=brief, author=publisher, body="Internal: check the rank")
    page = client.get(brief.get_absolute_url())
    assert page.status_code == 200
    assert "Internal: check the rank" not in page.text


def test_comments_are_listed_with_the_history(client, publisher):
    brief = BriefFactory()
    client.force_login(publisher)
    review(client, brief, action="comment", comment="Looks right to me.")
    history = client.get(reverse("admin:briefs_brief_history", args=[brief.pk]))
    assert "Looks right to me." in history.text


def test_a_failing_mail_server_keeps_the_move_and_says_so(
    client, draft, contributor, publisher, settings
):
    settings.EMAIL_BACKEND = "tests.desk.broken_mail.BrokenBackend"
    client.force_login(contributor)
    response = review(client, draft, action="submit")
    draft.refresh_from_db()
    assert draft.status == Brief.Status.REVIEW
    assert "could not be sent" in client.get(response.url).text
