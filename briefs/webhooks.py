"""Signed webhooks, delivered by the background worker (django-tasks, database backend).

Every change the feed records (``briefs/changes.py``) that names an event is turned
into one message per subscribed endpoint, enqueued as a task **in the saving
transaction**: the task row commits with the save or not at all, and the save itself
makes no HTTP call, so a slow or dead receiver never slows an editor. A scheduled
brief's ``brief.published`` is a task enqueued to run at its publication time; it
checks that the schedule still stands (its feed row still exists) before announcing.

Messages are signed as Standard Webhooks asks (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>``). A failed attempt
(no 2xx in time) is retried after ``RETRY_DELAYS``, about a day in all; when the last
attempt fails too, the endpoint is turned off and the admin index says so.
"""

import datetime
import json
import secrets
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from standardwebhooks.webhooks import Webhook

from .api.serializers.changes import detail_path
from .changes import changes_recorded
from .models import Change, WebhookDelivery, WebhookEndpoint, WebhookEvent

# Waits before attempts 2, 3, ...: Standard Webhooks' reference schedule, 27.6 hours.
RETRY_DELAYS = tuple(
    datetime.timedelta(seconds=seconds)
    for seconds in (5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600)
)
TEST_EVENT = "webhook.test"
USER_AGENT = "AI-Geopolitics-Briefs-Webhooks/1"


def new_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def change_message(change: Change, event: str) -> dict:
    """The body announcing a feed row: the row itself, as ``/changes/`` shows it."""
    return {
        "type": event,
        "timestamp": change.at.isoformat(),
        "data": {
            "type": change.kind,
            "key": change.key,
            "action": change.action,
            "at": change.at.isoformat(),
            "url": site_url(detail_path(change)),
        },
    }


def fan_out(messages: list[dict], *, endpoints=None) -> int:
    """Enqueue a delivery of each message to every active endpoint listening for it.

    Runs in the caller's transaction: the tasks are committed with it, or not at all.
    """
    if endpoints is None:
        endpoints = list(WebhookEndpoint.objects.active())
    queued = 0
    for message in messages:
        message_id = new_message_id()
        for endpoint in endpoints:
            if message["type"] == TEST_EVENT or endpoint.listens_to(message["type"]):
                deliver.enqueue(endpoint.pk, message_id, message, 1)
                queued += 1
    return queued


def announce_changes(sender, changes, **kwargs) -> None:
    """``changes_recorded`` receiver: due events now, a scheduled publication at its time."""
    now = timezone.now()
    due = [change for change in changes if change.event and change.at <= now]
    endpoints = list(WebhookEndpoint.objects.active()) if due else []
    if endpoints:
        fan_out([change_message(change, change.event) for change in due], endpoints=endpoints)
    for change in changes:
        if change.event and change.at > now:
            announce_when_due.using(run_after=change.at).enqueue(change.pk, change.event)


@task()
def announce_when_due(change_id: int, event: str) -> str:
    """A scheduled brief's publication, run by the worker at its ``publish_at``."""
    change = Change.objects.filter(pk=change_id).first()
    if change is None:
        return "rescheduled or unpublished since: nothing to announce"
    if change.at > timezone.now():  # a clock ahead of the database's: wait until due
        announce_when_due.using(run_after=change.at).enqueue(change_id, event)
        return "not due yet"
    return f"queued {fan_out([change_message(change, event)])} deliveries"


def notify_import_completed(
    *, name: str, created: int, updated: int, deleted: int = 0, errors: int = 0, url: str = ""
) -> int:
    """Announce a finished import (``import.completed``) to the endpoints listening.

    For the importer to call when it is done, in its own transaction; `url` is where
    staff read its report, if anywhere.
    """
    message = {
        "type": WebhookEvent.IMPORT_COMPLETED.value,
        "timestamp": timezone.now().isoformat(),
        "data": {
            "name": name,
            "created": created,
            "updated": updated,
            "deleted": deleted,
            "errors": errors,
            "url": url or None,
        },
    }
    return fan_out([message])


def send_test_event(endpoint: WebhookEndpoint) -> None:
    message = {
        "type": TEST_EVENT,
        "timestamp": timezone.now().isoformat(),
        "data": {"endpoint": endpoint.url, "note": "A test event sent from the admin."},
    }
    fan_out([message], endpoints=[endpoint])


def signed_headers(endpoint: WebhookEndpoint, message_id: str, body: str) -> dict:
    # Signed with the wall clock: receivers compare it with theirs.
    signed_at = datetime.datetime.now(datetime.UTC)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(signed_at.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(message_id, signed_at, body),
    }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed delivery: a POST must reach the URL registered."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url: str, body: str, headers: dict) -> tuple[int | None, str]:
    """(HTTP status or None, error) of one POST, within WEBHOOK_TIMEOUT seconds."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(reason).__name__}: {reason}"[:500]


@task()
def deliver(endpoint_id: int, message_id: str, message: dict, attempt: int) -> str:
    """One attempt to POST one message; on failure the next attempt is enqueued."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None or not endpoint.is_active:
        return "endpoint removed or turned off"
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False)
    started = time.monotonic()
    status, error = post(endpoint.url, body, signed_headers(endpoint, message_id, body))
    elapsed_ms = round((time.monotonic() - started) * 1000)
    now = timezone.now()
    delivered = status is not None and 200 <= status < 300
    retry = not delivered and attempt <= len(RETRY_DELAYS)
    next_attempt_at = now + RETRY_DELAYS[attempt - 1] if retry else None
    if delivered:
        outcome = WebhookDelivery.Outcome.DELIVERED
    else:
        outcome = WebhookDelivery.Outcome.FAILED if retry else WebhookDelivery.Outcome.GAVE_UP
    with transaction.atomic():
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_id=message_id,
            event=message["type"],
            payload=message,
            attempt=attempt,
            attempted_at=now,
            outcome=outcome,
            status_code=status,
            response_ms=elapsed_ms,
            error=error or ("" if delivered else f"HTTP {status}"),
            next_attempt_at=next_attempt_at,
        )
        if retry:
            deliver.using(run_after=next_attempt_at).enqueue(
                endpoint_id, message_id, message, attempt + 1
            )
        elif not delivered:
            disable(endpoint, f"{attempt} attempts over a day failed; the last: {error}", now)
    return outcome


def disable(endpoint: WebhookEndpoint, reason: str, now) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_reason=reason[:300], disabled_at=now
    )


def connect() -> None:
    """Called from ``BriefsConfig.ready()``."""
    changes_recorded.connect(announce_changes, dispatch_uid="briefs-webhooks")
