"""How long after its publication time a scheduled brief's ``brief.published`` webhook
arrives: the real worker (``manage.py db_worker``, as ``make run`` starts it, in its
own process) and a real HTTP receiver, on a throwaway database.

Run by hand (``manage.py measure_webhook_latency``), never in the test suite: what it
measures depends on the machine. The figure is the worker's polling interval (1 s)
plus its start-up and one HTTP round trip.
"""

import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ..models import Brief, WebhookEndpoint, WebhookEvent
from .benchmark import throwaway_database


def database_url(settings_dict: dict) -> str:
    """The throwaway database as DATABASE_URL, for the worker's process."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = urllib.parse.quote(settings_dict.get("USER") or "")
    password = urllib.parse.quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{settings_dict['NAME']}"


class ArrivalLog:
    """A receiver that notes when each POST arrives (wall clock) and answers 204."""

    def __init__(self, port: int):
        self.arrivals = []
        log = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                log.arrivals.append(time.time())
                self.rfile.read(int(self.headers["Content-Length"]))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.arrivals) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.arrivals) >= count


def measure(*, runs: int, lead_seconds: float, port: int, write) -> list[float]:
    """Seconds from each brief's ``publish_at`` to its webhook's arrival."""
    latencies = []
    with throwaway_database():
        receiver = ArrivalLog(port)
        WebhookEndpoint.objects.create(url=receiver.url, events=[WebhookEvent.BRIEF_PUBLISHED])
        environment = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict)}
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=environment,
        )
        try:
            for run in range(1, runs + 1):
                # A random part of a second, so the times fall anywhere in the worker's
                # polling cycle rather than in step with it.
                lead = lead_seconds + random.random()
                publish_at = timezone.now() + timezone.timedelta(seconds=lead)
                Brief.objects.create(
                    title=f"Latency probe {run}",
                    slug=f"latency-probe-{run}",
                    summary="Scheduled to measure webhook latency.",
                    body="Nothing to read.",
                    status=Brief.Status.PUBLISHED,
                    publish_at=publish_at,
                )
                if not receiver.wait_for(run, timeout=lead + 120):
                    write(f"run {run}: no delivery within two minutes of publish_at")
                    break
                latency = receiver.arrivals[run - 1] - publish_at.timestamp()
                latencies.append(latency)
                write(f"run {run}: delivered {latency:.2f} s after publish_at")
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            receiver.server.shutdown()
            receiver.server.server_close()
    return latencies
