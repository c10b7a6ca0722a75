"""Webhooks end to end: a real HTTP receiver verifies every signature; the worker
delivers, retries after a 500 and after a timeout, turns a dead endpoint off, and
announces a scheduled brief when it goes live."""

import datetime

import pytest
import tablib
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from briefs.imports.resources import SourceResource
from briefs.models import Brief, WebhookDelivery, WebhookEndpoint, WebhookEvent
from briefs.webhooks import RETRY_DELAYS, notify_import_completed
from tests.factories import BriefFactory, country

from .conftest import run_due_tasks

pytestmark = pytest.mark.django_db


def test_a_published_brief_reaches_the_receiver_signed_and_verified(receiver, endpoint):
    BriefFactory(slug="alliance")
    assert receiver.received == []  # the save only queued it
    run_due_tasks()
    [request] = receiver.received
    assert request["verified"]
    assert request["body"]["type"] == "brief.published"
    assert request["body"]["data"]["key"] == "alliance"
    assert request["body"]["data"]["url"].endswith(reverse("api:brief-detail", args=["alliance"]))
    assert request["headers"]["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.outcome, delivery.status_code, delivery.attempt) == ("delivered", 200, 1)
    assert delivery.response_ms is not None


def test_the_secret_is_generated_in_the_standard_webhooks_form(endpoint):
    assert endpoint.secret.startswith("whsec_")
    assert WebhookEndpoint.objects.create(url="https://example.org/").secret != endpoint.secret


def test_edits_withdrawals_deletions_and_renamed_entities_have_their_events(receiver, endpoint):
    brief = BriefFactory(slug="alliance")
    brief.countries.add(country("RU"))
    run_due_tasks()
    receiver.received.clear()
    brief.title = "Edited"
    brief.save()
    russia = country("RU")
    russia.name = "Russian Federation"
    russia.save()
    brief.status = Brief.Status.WITHDRAWN
    brief.save()
    BriefFactory(slug="short-lived").delete()
    run_due_tasks()
    assert sorted(receiver.events()) == sorted(
        [
            "brief.updated",  # the edit
            "entity.changed",  # the country
            "brief.updated",  # its brief, whose nested country changed
            "brief.withdrawn",
            "brief.published",
            "brief.deleted",
        ]
    )
    assert all(request["verified"] for request in receiver.received)


def test_a_draft_sends_nothing_and_endpoints_get_only_their_events(receiver, endpoint):
    endpoint.events = [WebhookEvent.ENTITY_CHANGED]
    endpoint.save()
    BriefFactory(status=Brief.Status.DRAFT)
    BriefFactory()
    run_due_tasks()
    assert receiver.received == []


def test_a_rolled_back_save_queues_nothing(endpoint):
    with pytest.raises(RuntimeError), transaction.atomic():
        BriefFactory()
        raise RuntimeError("the save fails after the brief was written")
    assert not DBTaskResult.objects.exists()


def test_a_500_is_retried_after_a_backoff_with_the_same_message_id(receiver, endpoint, clock):
    receiver.plan.extend([500])
    BriefFactory()
    run_due_tasks()
    failed = WebhookDelivery.objects.get()
    assert (failed.outcome, failed.status_code) == ("failed", 500)
    assert failed.next_attempt_at == failed.attempted_at + RETRY_DELAYS[0]
    assert run_due_tasks() == 0  # not due yet
    clock.advance(RETRY_DELAYS[0])
    run_due_tasks()
    first, second = receiver.received
    assert first["headers"]["webhook-id"] == second["headers"]["webhook-id"]
    assert second["verified"]
    retried = WebhookDelivery.objects.get(attempt=2)
    assert (retried.outcome, retried.status_code) == ("delivered", 200)


def test_a_receiver_that_times_out_is_retried(receiver, endpoint, clock, settings):
    settings.WEBHOOK_TIMEOUT = 1
    receiver.slow_seconds = 2
    receiver.plan.extend(["slow"])
    BriefFactory()
    run_due_tasks()
    failed = WebhookDelivery.objects.get()
    assert failed.outcome == "failed"
    assert failed.status_code is None
    assert "timed out" in failed.error.lower() or "timeout" in failed.error.lower()
    clock.advance(RETRY_DELAYS[0])
    run_due_tasks()
    assert WebhookDelivery.objects.get(attempt=2).outcome == "delivered"


def test_an_endpoint_failing_for_a_day_is_turned_off_and_staff_are_told(
    receiver, endpoint, clock, superuser, superuser_client
):
    receiver.plan.extend([500] * 20)
    BriefFactory()
    run_due_tasks()
    for delay in RETRY_DELAYS:
        clock.advance(delay)
        run_due_tasks()
    assert sum(RETRY_DELAYS, datetime.timedelta()) >= datetime.timedelta(days=1)
    attempts = list(WebhookDelivery.objects.order_by("attempt").values_list("attempt", "outcome"))
    assert attempts[-1] == (len(RETRY_DELAYS) + 1, "gave_up")
    assert len(receiver.received) == len(RETRY_DELAYS) + 1
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "HTTP 500" in endpoint.disabled_reason
    # Nothing more is sent to it, and the admin index says so.
    BriefFactory()
    run_due_tasks()
    assert len(receiver.received) == len(RETRY_DELAYS) + 1
    superuser_client.force_login(superuser)  # a day later, the admin session has expired
    response = superuser_client.get(reverse("admin:index"))
    assert "Webhook endpoint" in response.content.decode()
    assert "was turned off" in response.content.decode()


def test_a_scheduled_brief_is_announced_when_it_goes_live_and_only_then(receiver, endpoint, clock):
    brief = BriefFactory(slug="scheduled", publish_at=timezone.now() + datetime.timedelta(hours=1))
    brief.publish_at = timezone.now() + datetime.timedelta(hours=3)  # rescheduled
    brief.save()
    clock.advance(datetime.timedelta(hours=1, seconds=1))
    run_due_tasks()
    assert receiver.received == []  # the first schedule no longer stands
    clock.advance(datetime.timedelta(hours=2))
    run_due_tasks()
    [request] = receiver.received
    assert request["verified"]
    assert request["body"]["type"] == "brief.published"
    assert request["body"]["data"]["key"] == "scheduled"


def test_an_unpublished_scheduled_brief_is_never_announced(receiver, endpoint, clock):
    brief = BriefFactory(publish_at=timezone.now() + datetime.timedelta(hours=1))
    brief.status = Brief.Status.DRAFT
    brief.save()
    clock.advance(datetime.timedelta(hours=2))
    run_due_tasks()
    assert receiver.received == []


def test_a_finished_import_is_announced(receiver, endpoint):
    notify_import_completed(name="Tortoise Global AI Index 2024", created=83, updated=0)
    run_due_tasks()
    [request] = receiver.received
    assert request["body"]["type"] == "import.completed"
    assert request["body"]["data"]["created"] == 83


def test_an_import_in_the_admin_or_by_command_is_announced_with_its_counts(
    receiver, endpoint, django_capture_on_commit_callbacks
):
    dataset = tablib.Dataset(["https://example.org/imported", "Imported"], headers=["url", "title"])
    with django_capture_on_commit_callbacks(execute=True):
        SourceResource().import_data(dataset, dry_run=False, file_name="sources.csv")
    run_due_tasks()
    # The new source is announced too (entity.changed); the import once, with its counts.
    [request] = [r for r in receiver.received if r["body"]["type"] == "import.completed"]
    assert request["verified"]
    assert request["body"]["data"]["name"] == "sources.csv"
    assert request["body"]["data"]["created"] == 1


def test_staff_send_a_test_event_from_the_admin(receiver, endpoint, superuser_client):
    response = superuser_client.post(
        reverse("admin:briefs_webhookendpoint_changelist"),
        {"action": "send_test_event", "_selected_action": [endpoint.pk]},
        follow=True,
    )
    assert "Test event queued for 1 active endpoint" in response.content.decode()
    run_due_tasks()
    [request] = receiver.received
    assert request["body"]["type"] == "webhook.test"
    assert request["verified"]


def test_staff_register_an_endpoint_in_the_admin_and_read_its_delivery_log(
    superuser_client, receiver
):
    response = superuser_client.post(
        reverse("admin:briefs_webhookendpoint_add"),
        {"url": receiver.url, "description": "Partner app", "events": ["brief.published"]},
    )
    assert response.status_code == 302, response.content
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["brief.published"]
    assert endpoint.secret.startswith("whsec_")
    receiver.secret = endpoint.secret
    BriefFactory()
    run_due_tasks()
    log = superuser_client.get(reverse("admin:briefs_webhookdelivery_changelist"))
    assert log.status_code == 200
    assert "brief.published" in log.content.decode()
    page = superuser_client.get(reverse("admin:briefs_webhookendpoint_change", args=[endpoint.pk]))
    assert endpoint.secret in page.content.decode()


def test_a_bad_url_is_refused_next_to_the_field(superuser_client):
    response = superuser_client.post(
        reverse("admin:briefs_webhookendpoint_add"), {"url": "ftp://example.org/", "events": []}
    )
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode() or "Enter an http" in (
        response.content.decode()
    )
