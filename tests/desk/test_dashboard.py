"""The admin's first page is the editors' desk."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from briefs.models import AuditEvent, Brief
from briefs.workflow import record
from tests.factories import BriefCitationFactory, BriefFactory, SourceFactory

pytestmark = pytest.mark.django_db


def make_desk(n: int, author) -> None:
    now = timezone.now()
    for i in range(n):
        draft = BriefFactory(status=Brief.Status.DRAFT, publish_at=None, body="Claim [^1][^2].")
        draft.authors.add(author)
        BriefCitationFactory(brief=draft, position=1)
        review = BriefFactory(status=Brief.Status.REVIEW, publish_at=None)
        review.authors.add(author)
        record(review, AuditEvent.Action.SUBMITTED, user=None)
        BriefFactory(publish_at=now + datetime.timedelta(days=i + 1))
        BriefFactory(publish_at=now - datetime.timedelta(days=i + 1))
        SourceFactory(archived_url="")


def dashboard(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.text


def test_the_dashboard_lists_drafts_review_agenda_published_and_gaps(client, publisher):
    client.force_login(publisher)
    now = timezone.now()
    draft = BriefFactory(title="My draft on GigaChat", status=Brief.Status.DRAFT, publish_at=None)
    draft.authors.add(publisher)
    BriefFactory(title="Waiting on YandexGPT", status=Brief.Status.REVIEW, publish_at=None)
    BriefFactory(title="Goes live soon", publish_at=now + datetime.timedelta(days=2))
    BriefFactory(title="Too far ahead", publish_at=now + datetime.timedelta(days=45))
    BriefFactory(title="Out yesterday")
    BriefFactory(
        title="Cites a ghost", status=Brief.Status.DRAFT, body="See [^4].", publish_at=None
    )
    SourceFactory(title="Unarchived report", archived_url="")
    html = dashboard(client)
    for text in ["My draft on GigaChat", "Waiting on YandexGPT", "Goes live soon", "Out yesterday"]:
        assert text in html
    assert "Too far ahead" not in html
    assert "the body cites [^4] but has no citation" in html
    assert "Unarchived report" in html
    day = timezone.localdate(now + datetime.timedelta(days=2))
    assert f"{day:%A} {day.day} {day:%b %Y}" in html


def test_the_dashboard_tells_an_author_their_brief_was_sent_back(client, contributor, editor_user):
    brief = BriefFactory(title="Returned brief", status=Brief.Status.DRAFT, publish_at=None)
    brief.authors.add(contributor)
    record(brief, AuditEvent.Action.RETURNED, user=editor_user, note="Changes requested: cite it")
    other = BriefFactory(title="Someone else's", status=Brief.Status.DRAFT, publish_at=None)
    record(other, AuditEvent.Action.RETURNED, user=editor_user)
    client.force_login(contributor)
    html = dashboard(client)
    assert "returned to draft by" in html
    assert "Changes requested: cite it" in html
    assert "Someone else&#x27;s</a>: returned" not in html


@pytest.mark.parametrize("role", ["contributor", "publisher"])
def test_dashboard_query_count_is_the_same_at_two_sizes(client, role_users, role):
    user = role_users[role]
    client.force_login(user)
    make_desk(2, user)
    dashboard(client)  # warm the content type cache
    with CaptureQueriesContext(connection) as small:
        dashboard(client)
    make_desk(6, user)
    with CaptureQueriesContext(connection) as large:
        dashboard(client)
    assert [q["sql"][:60] for q in small] == [q["sql"][:60] for q in large]
