"""The load benchmark: the site under gunicorn with production settings, driven by wrk.

Where ``manage.py benchmark`` times one request at a time in-process, this measures
what a server answers under concurrent load, against the floor of its own stack: a
minimal "hello" view through every middleware (``LOADTEST_HELLO_VIEW``) and a static
file served by WhiteNoise. Figures are given as ratios to the hello view measured in
the same run, so they compare across machines.

What a run does (``make loadtest``; BENCHMARKS.md has the figures):

1. Creates a throwaway database, as the benchmark does (SQLite, or PostgreSQL when
   DATABASE_URL names it), and seeds it (``briefs.dev.benchmark_seed``).
2. Counts each endpoint's queries in-process, uncached and from the page cache.
3. Starts gunicorn (3 sync workers, DEBUG off) twice: with the page cache off, for the
   floors and the uncached figures, then on, for the cached ones. Redis is used when
   REDIS_URL is set, under a key prefix of the run's own.
4. For each endpoint: a warm-up, a wait until the workers are idle, then ``passes``
   runs of ``wrk -t1 -c16 -d10s --latency``; the median pass is kept.
5. Writes ``bench/results/latest.json`` and prints a table.

``BENCH_QUICK=1`` shortens the passes and the seed for a check in a few minutes;
``LOADTEST_SCALE`` sets the seed's scale (1: 500 published briefs; 200: 100,000).
wrk is a Debian package: ``apt-get install wrk``.
"""

import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from ..models import Brief
from .benchmark import measuring_settings, throwaway_database
from .benchmark_seed import Hub, Sizes, seed

RESULTS = Path(settings.BASE_DIR) / "bench" / "results" / "latest.json"
HELLO_PATH = "/loadtest/hello/"
WORKERS = 3


@dataclass
class Plan:
    """How long and how hard: the full run unless BENCH_QUICK asks for a quick one."""

    scale: float = 2.0
    duration: int = 10  # seconds a pass
    passes: int = 2
    warmup: int = 2
    connections: int = 16
    threads: int = 1
    # The burst: cached pages held at many connections for longer (the 30 s at 64).
    burst_duration: int = 30
    burst_connections: int = 64

    @classmethod
    def from_environment(cls, environ=os.environ) -> "Plan":
        quick = environ.get("BENCH_QUICK", "").strip() not in ("", "0")
        plan = cls(scale=0.5, duration=3, passes=2, warmup=1, burst_duration=5) if quick else cls()
        # Finer control, for the test that runs the machinery in its smallest form.
        settable = (
            ("scale", float),
            ("duration", int),
            ("passes", int),
            ("warmup", int),
            ("burst_duration", int),
        )
        for name, kind in settable:
            raw = environ.get(f"LOADTEST_{name.upper()}", "").strip()
            if raw:
                setattr(plan, name, kind(raw))
        return plan


@dataclass
class Target:
    name: str
    path: str


@dataclass
class Measurement:
    """One endpoint under load: the median of the passes (by requests a second)."""

    name: str
    cache: str  # "cached", "uncached" or "" for the floors
    path: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    queries: int | None = None
    ratio_to_hello: float | None = None
    passes: list = field(default_factory=list)


# The cached pages the burst holds at 64 connections, and the targets.
BURST = ("home", "brief", "brief list", "API brief list")
CACHED_FLOOR = 0.5  # of hello, for the cached BURST pages
UNCACHED_FLOOR = {"brief": 0.03, "brief list": 0.03}
BURST_P99_MS = 100.0


def targets(hub: Hub) -> list[Target]:
    """The endpoints the issue names, on the seed's busiest objects."""
    brief_list = reverse("briefs:brief-list")
    return [
        Target("home", reverse("briefs:home")),
        Target("brief list", brief_list),
        Target("brief list, filtered", f"{brief_list}?country={hub.country.slug}"),
        Target("brief", hub.brief.get_absolute_url()),
        Target("country", hub.country.get_absolute_url()),
        Target("indicator", hub.indicator.get_absolute_url()),
        Target("search", reverse("briefs:search") + "?q=alliance"),
        Target("feed", reverse("briefs:feed")),
        Target("sitemap", reverse("sitemap")),
        Target("API brief list", reverse("api:brief-list")),
        Target("API brief", reverse("api:brief-detail", kwargs={"slug": hub.brief.slug})),
    ]


# wrk output -----------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def parse_wrk(output: str) -> dict:
    """Requests a second, p50 and p99 latency and errors from ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    errors = 0
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(count) for count in sockets.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": _milliseconds(p50.group(1)) if p50 else 0.0,
        "p99_ms": _milliseconds(p99.group(1)) if p99 else 0.0,
        "errors": errors,
    }


def run_wrk(url: str, *, plan: Plan, duration: int, connections: int | None = None) -> dict:
    command = [
        "wrk",
        f"-t{plan.threads}",
        f"-c{connections or plan.connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(completed.stdout)


# The server -----------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url(name: str) -> str:
    """The throwaway database as a URL the server processes can open."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


class Server:
    """gunicorn with production settings on the throwaway database; stopped on exit."""

    def __init__(self, *, database: str, page_cache: bool, port: int, key_prefix: str):
        self.port = port
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(database),
            "PAGE_CACHE_ENABLED": "1" if page_cache else "0",
            "LOADTEST_HELLO_VIEW": "1",
            # One client address makes every request: the throttle would measure itself.
            "API_ANON_THROTTLE_RATE": "100000000/second",
            "CACHE_KEY_PREFIX": key_prefix,
            "DJANGO_LOG_LEVEL": "WARNING",
            # gunicorn.conf.py's production defaults, set to the benchmark's method: sync
            # workers (one thread each), no access log line per request, no control socket.
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_THREADS": "1",
            "GUNICORN_ACCESS_LOG": "off",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_CONTROL_SOCKET": "off",
        }
        self.env.pop("DJANGO_DEBUG", None)
        self.process = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "site_config.wsgi",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--threads",
                "1",
                "--log-level",
                "warning",
                "--no-control-socket",  # gunicorn's is one per machine; several may run
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + HELLO_PATH, timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:  # not listening yet, or still starting its workers
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within two minutes.")

    def __exit__(self, *exc_info) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_cpu_ticks(self) -> int | None:
        """CPU time the master and its workers have used, from /proc (None elsewhere)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            pids = [self.process.pid, *map(int, children.read_text().split())]
            total = 0
            for pid in pids:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime
            return total
        except (OSError, ValueError):
            return None

    def wait_idle(self, *, timeout: float = 15.0) -> None:
        """Until the workers use no CPU over a quarter second (or `timeout`)."""
        deadline = time.monotonic() + timeout
        before = self.worker_cpu_ticks()
        if before is None:
            time.sleep(1)
            return
        while time.monotonic() < deadline:
            time.sleep(0.25)
            after = self.worker_cpu_ticks()
            if after is not None and after - before <= 1:
                return
            before = after


def collect_static(progress: Callable[[str], None]) -> str:
    """Run collectstatic as production does; the path of one stylesheet, as served."""
    progress("Collecting static files (as production does)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SECRET_KEY": "collectstatic", "DJANGO_DEBUG": ""},
        check=True,
    )
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
    stylesheet = next(hashed for name, hashed in manifest["paths"].items() if name.endswith(".css"))
    return "/" + settings.STATIC_URL.strip("/") + "/" + stylesheet


# Measuring ------------------------------------------------------------------------------


def count_queries(points: list[Target]) -> dict[tuple[str, str], int]:
    """Each endpoint's queries in-process: uncached, then answered from the page cache."""
    counts = {}
    client = Client()
    with measuring_settings():
        for cache_on in (False, True):
            with override_settings(PAGE_CACHE_ENABLED=cache_on):
                for point in points:
                    client.get(point.path)  # warm (and, with the cache on, fill)
                    with CaptureQueriesContext(connection) as queries:
                        client.get(point.path)
                    counts[(point.name, "cached" if cache_on else "uncached")] = len(queries)
    return counts


def measure(server: Server, name: str, cache: str, path: str, plan: Plan) -> Measurement:
    url = server.base + path
    if plan.warmup:
        run_wrk(url, plan=plan, duration=plan.warmup)
    passes = []
    for _ in range(plan.passes):
        server.wait_idle()
        passes.append(run_wrk(url, plan=plan, duration=plan.duration))
    median = median_pass(passes)
    return Measurement(
        name=name,
        cache=cache,
        path=path,
        rps=round(median["rps"], 1),
        p50_ms=round(median["p50_ms"], 2),
        p99_ms=round(median["p99_ms"], 2),
        errors=int(median["errors"]),
        passes=passes,
    )


def median_pass(passes: list[dict]) -> dict:
    """The median pass by requests a second (the mean of the middle two for an even
    count); errors are those of every pass, since any error counts."""
    ordered = sorted(passes, key=lambda result: result["rps"])
    middle = ordered[(len(ordered) - 1) // 2 : len(ordered) // 2 + 1]
    median = {key: statistics.mean(r[key] for r in middle) for key in ("rps", "p50_ms", "p99_ms")}
    return {**median, "errors": sum(result["errors"] for result in passes)}


def run(plan: Plan, *, progress: Callable[[str], None] = lambda _: None) -> dict:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    static_path = collect_static(progress)
    key_prefix = f"loadtest-{secrets.token_hex(4)}"
    port = int(os.environ.get("LOADTEST_PORT") or _free_port())
    started = time.monotonic()
    with throwaway_database() as database:
        progress(f"Seeding a throwaway {connection.vendor} database at scale {plan.scale:g}")
        hub = seed(Sizes.at(plan.scale))
        points = targets(hub)
        published = Brief.objects.published().count()
        progress("Counting queries in-process")
        queries = count_queries(points)
        connection.close()  # the servers have the database to themselves
        results: dict[str, Measurement] = {}
        for cache in ("uncached", "cached"):
            progress(f"Starting gunicorn, page cache {'on' if cache == 'cached' else 'off'}")
            with Server(
                database=database, page_cache=cache == "cached", port=port, key_prefix=key_prefix
            ) as server:
                if cache == "uncached":
                    for name, path in (("hello", HELLO_PATH), ("static", static_path)):
                        progress(f"  {name}")
                        results[name] = measure(server, name, "", path, plan)
                for point in points:
                    progress(f"  {point.name} ({cache})")
                    measurement = measure(server, point.name, cache, point.path, plan)
                    measurement.queries = queries[(point.name, cache)]
                    results[f"{point.name} ({cache})"] = measurement
                if cache == "cached":
                    burst = hold(server, [p for p in points if p.name in BURST], plan, progress)
    hello = results["hello"].rps or None
    for measurement in results.values():
        measurement.ratio_to_hello = round(measurement.rps / hello, 4) if hello else None
    baseline = {name: _public(results.pop(name)) for name in ("hello", "static")}
    endpoints = [_public(measurement) for measurement in results.values()]
    return {
        "commit": _commit(),
        "database": connection.vendor,
        "cache": "redis" if os.environ.get("REDIS_URL") else "locmem",
        "scale": plan.scale,
        "published_briefs": published,
        "workers": WORKERS,
        "connections": plan.connections,
        "threads": plan.threads,
        "duration_s": plan.duration,
        "passes": plan.passes,
        "quick": plan.duration < Plan().duration,
        "django": django.get_version(),
        "seconds": round(time.monotonic() - started),
        "baseline": baseline,
        "endpoints": endpoints,
        "burst": {
            "connections": plan.burst_connections,
            "duration_s": plan.burst_duration,
            "endpoints": [_public(measurement) for measurement in burst],
        },
        "targets": verdicts(endpoints, burst),
    }


def hold(server: Server, points: list[Target], plan: Plan, progress) -> list[Measurement]:
    """The burst: each cached page held at `burst_connections` for `burst_duration` s."""
    held = []
    for point in points:
        progress(f"  {point.name} (cached, {plan.burst_connections} connections)")
        url = server.base + point.path
        server.wait_idle()
        result = run_wrk(
            url, plan=plan, duration=plan.burst_duration, connections=plan.burst_connections
        )
        held.append(Measurement(name=point.name, cache="cached", path=point.path, **result))
    return held


def verdicts(endpoints: list[dict], burst: list[Measurement]) -> list[dict]:
    """The issue's targets, each with the figure measured and whether it was met."""
    ratios = {(e["name"], e["cache"]): e["ratio_to_hello"] or 0.0 for e in endpoints}
    checks = [
        (
            f"{name} (cached) at least {CACHED_FLOOR} of hello",
            ratios.get((name, "cached")),
            CACHED_FLOOR,
        )
        for name in BURST
    ]
    checks += [
        (f"{name} (uncached) at least {floor} of hello", ratios.get((name, "uncached")), floor)
        for name, floor in UNCACHED_FLOOR.items()
    ]
    results = [
        {"target": label, "measured": measured, "met": measured is not None and measured >= floor}
        for label, measured, floor in checks
    ]
    for measurement in burst:
        results.append(
            {
                "target": f"{measurement.name} (cached) under the burst: no errors, "
                f"p99 under {BURST_P99_MS:g} ms",
                "measured": {"p99_ms": measurement.p99_ms, "errors": measurement.errors},
                "met": measurement.errors == 0 and 0 < measurement.p99_ms < BURST_P99_MS,
            }
        )
    return results


def _public(measurement: Measurement) -> dict:
    data = asdict(measurement)
    data.pop("passes")
    return data


def _commit() -> str:
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return completed.stdout.strip()


def write(report: dict, path: Path | None = None) -> Path:
    """To ``latest.json`` (or LOADTEST_RESULTS); a full run also keeps a copy named for its
    database, cache and scale, for ``--compare`` and BENCHMARKS.md."""
    chosen = os.environ.get("LOADTEST_RESULTS")
    path = Path(chosen or RESULTS) if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2) + "\n"
    path.write_text(text)
    if not chosen and path == RESULTS and not report["quick"]:
        named = f"{report['database']}-{report['cache']}-scale-{report['scale']:g}.json"
        (RESULTS.parent / named).write_text(text)
    return path


def format_table(report: dict) -> str:
    header = f"{'endpoint':<32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
    header += f"{'queries':>7} {'× hello':>8}"
    lines = [
        f"{report['database']}, cache {report['cache']}, scale {report['scale']:g} "
        f"({report['published_briefs']} published briefs), {report['workers']} workers, "
        f"{report['connections']} connections, {report['passes']} × {report['duration_s']} s",
        header,
        "-" * len(header),
    ]
    rows = [
        *({**values, "label": name} for name, values in report["baseline"].items()),
        *(
            {**values, "label": f"{values['name']} ({values['cache']})"}
            for values in report["endpoints"]
        ),
    ]
    for row in rows:
        queries = "" if row["queries"] is None else str(row["queries"])
        ratio = "" if row["ratio_to_hello"] is None else f"{row['ratio_to_hello']:.3f}"
        lines.append(
            f"{row['label']:<32} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{row['errors']:>6} {queries:>7} {ratio:>8}"
        )
    burst = report.get("burst")
    if burst and burst["endpoints"]:
        lines += ["", f"Burst: {burst['connections']} connections, {burst['duration_s']} s"]
        for row in burst["endpoints"]:
            lines.append(
                f"{row['name'] + ' (cached)':<32} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} "
                f"{row['p99_ms']:>8.2f} {row['errors']:>6}"
            )
    if report.get("targets"):
        lines += ["", "Targets"]
        lines += [
            f"  [{'met' if t['met'] else 'NOT met'}] {t['target']}: {t['measured']}"
            for t in report["targets"]
        ]
    return "\n".join(lines)


# Comparing two sizes ---------------------------------------------------------------------

FLAT_COST = 1.3  # the bound on p50 from 1,000 to 100,000 published briefs


def compare(small: dict, large: dict) -> dict:
    """Each endpoint's p50 in `large` as a multiple of its p50 in `small` (two reports of
    ``run``, the same database and cache at two scales)."""
    before = {(e["name"], e["cache"]): e for e in small["endpoints"]}
    rows = []
    for endpoint in large["endpoints"]:
        key = (endpoint["name"], endpoint["cache"])
        if key not in before or not before[key]["p50_ms"]:
            continue
        # No answer inside a pass (p50 of 0) is no figure at all, and never within bound.
        answered = endpoint["rps"] > 0 and endpoint["p50_ms"] > 0
        ratio = endpoint["p50_ms"] / before[key]["p50_ms"] if answered else None
        rows.append(
            {
                "name": endpoint["name"],
                "cache": endpoint["cache"],
                "small_p50_ms": before[key]["p50_ms"],
                "large_p50_ms": endpoint["p50_ms"],
                "ratio": round(ratio, 3) if answered else None,
                "met": answered and ratio <= FLAT_COST,
            }
        )
    return {
        "small": {key: small[key] for key in ("commit", "database", "cache", "published_briefs")},
        "large": {key: large[key] for key in ("commit", "database", "cache", "published_briefs")},
        "bound": FLAT_COST,
        "endpoints": rows,
    }


def format_comparison(comparison: dict) -> str:
    small, large = comparison["small"], comparison["large"]
    lines = [
        f"p50 at {large['published_briefs']} published briefs as a multiple of p50 at "
        f"{small['published_briefs']} ({large['database']}, cache {large['cache']}; "
        f"bound {comparison['bound']}x)",
        f"{'endpoint':<32} {'small ms':>9} {'large ms':>9} {'ratio':>7}",
    ]
    for row in comparison["endpoints"]:
        label = f"{row['name'] + ' (' + row['cache'] + ')':<32} {row['small_p50_ms']:>9.2f} "
        if row["ratio"] is None:
            lines.append(label + f"{'':>9} {'':>7}  no answer within a pass")
            continue
        lines.append(
            label
            + f"{row['large_p50_ms']:>9.2f} {row['ratio']:>6.2f}x"
            + ("" if row["met"] else "  over the bound")
        )
    return "\n".join(lines)
