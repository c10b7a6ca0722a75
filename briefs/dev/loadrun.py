"""A bounded load run: wrk against gunicorn with production settings, on loopback.

What a run does (``manage.py loadrun``, ``make loadrun``):

1. Creates and seeds a throwaway database exactly as the benchmark does
   (``briefs.dev.benchmark``: the developer's database is never opened).
2. Starts gunicorn on 127.0.0.1 with production settings: DEBUG off, the hashed
   static files of ``collectstatic`` (``make loadrun`` runs it first), the cache
   REDIS_URL names (under keys of its own) or local memory. Its configuration is
   ``gunicorn.conf.py`` when the project has one, else ``--workers``/``--threads``.
   The API's per-address throttle is raised for the run: every request comes
   from 127.0.0.1, and the run measures the site, not the throttle's 429s.
3. Runs wrk for ``--duration`` seconds over ``--connections`` connections,
   rotating through every public page type and API endpoint the benchmark
   times, and counts responses by status.
4. Stops gunicorn, drops the database, prints the figures. The exit status is 1
   if any response was a 5xx (or wrk could not run), 0 otherwise.

Traffic goes to 127.0.0.1 only, and wrk stops by itself after the duration.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from .benchmark import Sizes, endpoints, seed, throwaway_database

WRK = "/usr/bin/wrk"

# Runs inside wrk: each thread walks the list of paths from its own offset and
# counts statuses; done() adds the threads' counts and prints them as one JSON line.
WRK_SCRIPT = """
local threads = {}
local paths = {%(paths)s}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  position = offset
end

function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%%s": %%d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADRUN {"statuses": {%%s}, "requests": %%d, "duration_us": %%d, ' ..
    '"p50_ms": %%.1f, "p90_ms": %%.1f, "p99_ms": %%.1f, "max_ms": %%.1f, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}}\\n',
    table.concat(parts, ", "), summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect, errors.read, errors.write, errors.timeout))
end
"""


@dataclass
class LoadReport:
    duration_s: float
    connections: int
    paths: int
    server: str
    statuses: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)

    def count(self, first_digit: str) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith(first_digit))

    @property
    def server_errors(self) -> int:
        return self.count("5")

    def as_text(self) -> str:
        rate = self.requests / self.duration_s if self.duration_s else 0
        lines = [
            f"Load run: {self.duration_s:.0f} s, {self.connections} connections, "
            f"{self.paths} public pages and API endpoints in turn, {self.server}",
            f"  requests   {self.requests} ({rate:.1f} a second)",
            f"  latency    median {self.p50_ms:.0f} ms, p90 {self.p90_ms:.0f} ms, "
            f"p99 {self.p99_ms:.0f} ms, max {self.max_ms:.0f} ms",
            "  statuses   "
            + ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items())),
            f"  5xx        {self.server_errors}",
            "  socket     " + ", ".join(f"{kind} errors: {n}" for kind, n in self.errors.items()),
        ]
        return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", int(os.environ.get("LOADRUN_PORT", "0"))))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The throwaway database, as a URL for the gunicorn process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:"
        f"{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _server_command(port: int, workers: int, threads: int) -> tuple[list[str], str]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "site_config.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--access-logfile=/dev/null",
    ]
    if (Path(settings.BASE_DIR) / "gunicorn.conf.py").exists():
        return command, "gunicorn.conf.py"
    command += [f"--workers={workers}", f"--threads={threads}", "--timeout=60"]
    return command, f"{workers} workers x {threads} threads"


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited before answering; see its output above.")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s.")


def run(
    *,
    duration: int = 30,
    connections: int = 64,
    threads: int = 2,
    scale: float = 0.2,
    workers: int = 3,
    server_threads: int = 8,
    progress=lambda message: None,
) -> LoadReport:
    if not Path(WRK).exists():
        raise RuntimeError(f"wrk is not installed at {WRK} (apt-get install wrk).")
    with throwaway_database():
        progress(f"Seeding a throwaway {connection.vendor} database at scale {scale:g}")
        paths = [endpoint.url for endpoint in endpoints(seed(Sizes.at(scale)))]
        port = _free_port()
        command, server = _server_command(port, workers, server_threads)
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            "CACHE_KEY_PREFIX": f"loadrun-{secrets.token_hex(4)}",
            "API_ANON_THROTTLE_RATE": "1000000/second",
        }
        progress(f"Starting gunicorn ({server}) on 127.0.0.1:{port}")
        # The throwaway database must see no open transaction from this process.
        connection.close()
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base + paths[0], process)
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
            progress(f"wrk: {duration} s at {connections} connections")
            result = subprocess.run(
                [
                    WRK,
                    f"--threads={threads}",
                    f"--connections={connections}",
                    f"--duration={duration}s",
                    "--timeout=10s",
                    f"--script={script.name}",
                    base + "/",
                ],
                capture_output=True,
                text=True,
                timeout=duration + 60,
            )
            os.unlink(script.name)
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    line = next((line for line in result.stdout.splitlines() if line.startswith("LOADRUN ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no figures:\n{result.stdout}\n{result.stderr}")
    figures = json.loads(line.removeprefix("LOADRUN "))
    return LoadReport(
        duration_s=figures.pop("duration_us") / 1_000_000,
        connections=connections,
        paths=len(paths),
        server=server,
        **figures,
    )
