"""How fast the API's CSV tables stream: rows a second for each, on a throwaway database.

Seeded and measured as ``manage.py benchmark`` does (``throwaway_database``, ``seed``,
``measuring_settings``): each CSV is requested through the test client and read to its
end, once to warm up and count queries, then ``repeat`` times; the median time gives the
rate (wall clock, and this process's CPU time, which a busy shared machine moves
less). The target (TARGET_ROWS_PER_SECOND) is checked here, never in a timed test. At
scale 2 the rankings table has about 47,000 rows.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.urls import reverse

from .benchmark import measuring_settings, throwaway_database
from .benchmark_seed import Sizes, seed

TARGET_ROWS_PER_SECOND = 50_000
ENDPOINTS = ["api:ranking-csv", "api:key-figure-csv", "api:membership-csv"]


@dataclass(frozen=True)
class Rate:
    endpoint: str
    rows: int
    megabytes: float
    queries: int
    median_seconds: float
    median_cpu_seconds: float  # this process's CPU time: less moved by a busy machine

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.median_seconds if self.median_seconds else 0.0

    @property
    def rows_per_cpu_second(self) -> float:
        return self.rows / self.median_cpu_seconds if self.median_cpu_seconds else 0.0


def read(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content)


def measure(url: str, repeat: int) -> Rate:
    client = Client()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: each request clears the log it reads (request_started).
    with connection.execute_wrapper(count):
        body = read(client, url)
    times, cpu_times = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        read(client, url)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return Rate(
        endpoint=url,
        rows=body.count(b"\r\n") - 1,
        megabytes=len(body) / 1e6,
        queries=len(queries),
        median_seconds=statistics.median(times),
        median_cpu_seconds=statistics.median(cpu_times),
    )


def run(*, scale: float, repeat: int, progress: Callable[[str], None]) -> list[Rate]:
    progress(f"Creating a throwaway {connection.vendor} database")
    with throwaway_database():
        progress(f"Seeding it at scale {scale:g}")
        seed(Sizes.at(scale))
        with measuring_settings():
            return [measure(reverse(name), repeat) for name in ENDPOINTS]


def format_table(rates: list[Rate]) -> str:
    lines = [
        f"{connection.vendor}; target {TARGET_ROWS_PER_SECOND:,} rows/s",
        f"{'endpoint':<28} {'rows':>8} {'MB':>7} {'queries':>7} {'median s':>9} {'rows/s':>9}"
        f" {'rows/cpu-s':>10}",
    ]
    for rate in rates:
        mark = "" if rate.rows_per_second >= TARGET_ROWS_PER_SECOND else "  below target"
        lines.append(
            f"{rate.endpoint:<28} {rate.rows:>8,} {rate.megabytes:>7.1f} {rate.queries:>7} "
            f"{rate.median_seconds:>9.3f} {rate.rows_per_second:>9,.0f} "
            f"{rate.rows_per_cpu_second:>10,.0f}{mark}"
        )
    return "\n".join(lines)
