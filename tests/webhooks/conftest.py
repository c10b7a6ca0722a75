"""A real HTTP receiver in a thread, the worker's own task runner, and a clock to move."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from briefs.models import WebhookEndpoint


class Receiver:
    """Answers each POST as planned (a status, or "slow" to outlast the timeout), after
    verifying its signature twice: with the standardwebhooks package and by hand."""

    def __init__(self):
        self.received = []
        self.plan = deque()
        self.secret = None
        self.slow_seconds = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                receiver.received.append(
                    {
                        "headers": headers,
                        "body": json.loads(body),
                        "verified": receiver.verify(body, headers),
                        "at": time.time(),
                    }
                )
                answer = receiver.plan.popleft() if receiver.plan else 200
                if answer == "slow":
                    time.sleep(receiver.slow_seconds)
                    answer = 200
                try:
                    self.send_response(answer)
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def verify(self, body: bytes, headers: dict) -> bool:
        try:
            Webhook(self.secret).verify(body, headers)
        except WebhookVerificationError:
            return False
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return headers["webhook-signature"] == f"v1,{expected}"

    def events(self) -> list[str]:
        return [request["body"]["type"] for request in self.received]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, description="Test receiver")
    receiver.secret = endpoint.secret
    return endpoint


class Clock:
    """``timezone.now`` moved forward by hand, for the worker and the site alike."""

    def __init__(self, monkeypatch):
        self.offset = datetime.timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, delta: datetime.timedelta):
        self.offset += delta


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def run_due_tasks() -> int:
    """What ``manage.py db_worker --batch`` does, in this test's transaction: run each task
    that is due (by the site's clock), until none is."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while (task_result := DBTaskResult.objects.ready().first()) is not None:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1
    return ran
