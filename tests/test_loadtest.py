"""`make loadtest` runs end to end in its smallest form and writes the figures' shape.

Nothing here asserts a speed (the figures live in BENCHMARKS.md): only that the
machinery works (a throwaway database, gunicorn with production settings, wrk) and
that bench/results/latest.json carries every field, every endpoint cached and
uncached, without errors. Skipped where wrk is not installed.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from briefs.dev.loadtest import Plan, compare, format_comparison, median_pass, parse_wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:18210/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.12ms    1.03ms  20.51ms   90.12%
    Req/Sec     3.90k   210.33     4.20k    80.00%
  Latency Distribution
     50%    3.95ms
     75%    4.30ms
     90%    5.01ms
     99%    1.20s
  38812 requests in 10.00s, 9.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   3880.95
Transfer/sec:      0.91MB
"""


def test_wrk_output_gives_rate_latencies_and_every_kind_of_error():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 3880.95,
        "p50_ms": 3.95,
        "p99_ms": 1200.0,
        "errors": 7,
    }


def test_the_median_of_two_passes_is_their_mean_and_errors_add_up():
    passes = [
        {"rps": 100.0, "p50_ms": 10.0, "p99_ms": 30.0, "errors": 1},
        {"rps": 200.0, "p50_ms": 6.0, "p99_ms": 20.0, "errors": 0},
    ]
    assert median_pass(passes) == {"rps": 150.0, "p50_ms": 8.0, "p99_ms": 25.0, "errors": 1}
    three = [*passes, {"rps": 400.0, "p50_ms": 3.0, "p99_ms": 9.0, "errors": 0}]
    assert median_pass(three)["rps"] == 200.0


def test_quick_mode_is_short_and_the_full_run_is_ten_seconds_twice():
    full = Plan.from_environment({})
    assert (full.duration, full.passes, full.connections) == (10, 2, 16)
    quick = Plan.from_environment({"BENCH_QUICK": "1"})
    assert quick.duration < full.duration and quick.scale < full.scale


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_the_smallest_run_writes_every_field_for_every_endpoint(tmp_path):
    results = tmp_path / "latest.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_SECRET_KEY": "loadtest-test-only",
        "LOADTEST_SCALE": "0.05",
        "LOADTEST_DURATION": "1",
        "LOADTEST_PASSES": "1",
        # A warm-up second: a cold worker's first page can outlast a one-second pass on
        # a loaded machine, which would leave that pass with no answer at all.
        "LOADTEST_WARMUP": "1",
        "LOADTEST_BURST_DURATION": "1",
        "LOADTEST_RESULTS": str(results),
    }
    env.pop("DJANGO_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "manage.py", "loadtest", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(results.read_text())
    for key in ("commit", "database", "cache", "scale", "workers", "connections"):
        assert key in report
    assert set(report["baseline"]) == {"hello", "static"}
    assert report["baseline"]["hello"]["ratio_to_hello"] == 1.0
    fields = {"rps", "p50_ms", "p99_ms", "errors", "queries", "ratio_to_hello"}
    endpoints = {(row["name"], row["cache"]) for row in report["endpoints"]}
    assert len(endpoints) == 22  # eleven endpoints, cached and uncached
    for row in report["endpoints"]:
        assert fields <= set(row), row["name"]
        assert row["errors"] == 0, row
        assert row["rps"] > 0, row
        if row["cache"] == "cached":
            assert row["queries"] <= 1, row  # the content generation
    assert "API brief list (cached)" in completed.stdout
    assert Path(results).exists()
    burst = report["burst"]
    assert burst["connections"] == 64
    assert {row["name"] for row in burst["endpoints"]} == {
        "home",
        "brief",
        "brief list",
        "API brief list",
    }
    assert all(row["errors"] == 0 and row["rps"] > 0 for row in burst["endpoints"])
    # Each of the targets is reported with its figure, met or not.
    assert len(report["targets"]) == 4 + 2 + 4
    assert "Targets" in completed.stdout


def test_the_full_run_holds_cached_pages_thirty_seconds_at_64_connections():
    full = Plan.from_environment({})
    assert (full.burst_duration, full.burst_connections) == (30, 64)
    assert Plan.from_environment({"BENCH_QUICK": "1"}).burst_duration < 30


def _report(briefs: int, **p50s) -> dict:
    return {
        "commit": "abc1234",
        "database": "sqlite",
        "cache": "locmem",
        "published_briefs": briefs,
        "endpoints": [
            {
                "name": name.replace("_", " "),
                "cache": "uncached",
                "p50_ms": p50,
                "rps": p50 and 100.0,
            }
            for name, p50 in p50s.items()
        ],
    }


def test_comparing_two_sizes_flags_an_endpoint_whose_p50_grew_over_1_3x():
    comparison = compare(
        _report(1000, home=10.0, brief=20.0), _report(100_000, home=12.0, brief=40.0)
    )
    rows = {row["name"]: row for row in comparison["endpoints"]}
    assert rows["home"]["ratio"] == 1.2 and rows["home"]["met"]
    assert rows["brief"]["ratio"] == 2.0 and not rows["brief"]["met"]
    table = format_comparison(comparison)
    assert "100000 published briefs" in table
    assert "brief (uncached)" in table and "over the bound" in table


def test_an_endpoint_that_answered_nothing_at_the_larger_size_is_never_within_bound():
    comparison = compare(_report(1000, country=50.0), _report(100_000, country=0.0))
    (row,) = comparison["endpoints"]
    assert row["ratio"] is None and not row["met"]
    assert "no answer within a pass" in format_comparison(comparison)


def test_compare_command_reads_two_results_files(tmp_path):
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    small.write_text(json.dumps(_report(1000, home=10.0)))
    large.write_text(json.dumps(_report(100_000, home=11.0)))
    completed = subprocess.run(
        [sys.executable, "manage.py", "loadtest", "--compare", str(small), str(large)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert "1.10x" in completed.stdout
    missing = subprocess.run(
        [sys.executable, "manage.py", "loadtest", "--compare", str(small), "nowhere.json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "Cannot read the results" in missing.stderr
