"""`manage.py benchmark` measures every page and endpoint, and never opens your database.

The command runs as `make bench` runs it: in its own process, with the production
settings and DEBUG off, at a tiny scale and one timed request each. Nothing here
asserts a time (speed targets live in the benchmark, never in tests): only that
every page type and endpoint gets a row, and that the default database is left
alone. The default database given to the command does not exist, so the run fails
if the command ever connects to it, and would leave an SQLite file behind.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.urls import get_resolver, resolve

from briefs.dev import benchmark

# Pages the benchmark leaves out on purpose: a preview needs a signed link, and the
# API's schema and documentation pages describe the API rather than serve its data.
NOT_BENCHMARKED = {"briefs:brief-preview", "api:schema", "api:docs", "api:redoc"}


def developer_database_url(sqlite_file: Path) -> str:
    """A default database that does not exist: opening it would create it, or fail."""
    if connection.vendor == "postgresql":
        parts = urlsplit(os.environ["DATABASE_URL"])
        name = f"{parts.path.strip('/')}_never_opened"
        return parts._replace(path=f"/{name}").geturl()
    return f"sqlite:///{sqlite_file}"


def postgres_databases(database_url: str) -> set[str]:
    import psycopg

    maintenance = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as maintenance_connection:
        return {row[0] for row in maintenance_connection.execute("SELECT datname FROM pg_database")}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One tiny run of the command in a separate process, as `make bench` does it."""
    tmp_path = tmp_path_factory.mktemp("benchmark")
    sqlite_file = tmp_path / "developer.sqlite3"
    database_url = developer_database_url(sqlite_file)
    results_file = tmp_path / "results.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_SECRET_KEY": "benchmark-test-only",
        "DATABASE_URL": database_url,
    }
    env.pop("DJANGO_DEBUG", None)
    command = [sys.executable, "manage.py", "benchmark", "--scale", "0.02", "--repeat", "1"]
    completed = subprocess.run(
        [*command, "--json", str(results_file)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Exit 3 only says a page missed its time on this machine: not this test's business.
    assert completed.returncode in (benchmark.EXIT_OK, benchmark.EXIT_SLOW), completed.stderr
    return {
        "database_url": database_url,
        "sqlite_file": sqlite_file,
        "stdout": completed.stdout,
        "report": json.loads(results_file.read_text()),
    }


def benchmarked_url_names() -> set[str]:
    """Every named public page and API endpoint, RSS and Atom of a feed counted once."""
    names = {"sitemap", "robots"}
    for namespace in ("briefs", "api"):
        _, resolver = get_resolver().namespace_dict[namespace]
        names |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    return {name.removesuffix("-atom") for name in names - NOT_BENCHMARKED}


def test_benchmark_has_a_row_for_every_page_type_and_api_endpoint(run):
    rows = run["report"]["results"]
    covered = {resolve(urlsplit(row["url"]).path).view_name.removesuffix("-atom") for row in rows}
    assert covered == benchmarked_url_names()
    for row in rows:
        assert row["status"] == 200, row
        assert row["bytes"] > 0, row
        assert len(row["timings_ms"]) == 1, row
        assert row["verdict"] in ("OK", "SLOW"), row
        assert row["target_ms"] == benchmark.target_ms(row["name"])
    table = run["stdout"].splitlines()
    for row in rows:
        assert any(line.startswith(row["name"] + " ") for line in table), row["name"]


def test_benchmark_leaves_the_default_database_alone_and_drops_its_own(run):
    throwaway = run["report"]["throwaway_database"]
    if run["report"]["database"] == "postgresql":
        existing = postgres_databases(run["database_url"])
        assert urlsplit(run["database_url"]).path.strip("/") not in existing
        assert throwaway not in existing
    else:
        assert not run["sqlite_file"].exists()
        assert not Path(throwaway).parent.exists()


def test_a_missed_median_or_a_failed_page_makes_the_exit_status_non_zero():
    endpoint = benchmark.Endpoint("home", "page", "/")

    def result(status=200, timings=()):
        return benchmark.Result(endpoint, status, 3, 100, target_ms=50, timings_ms=list(timings))

    steady = result(timings=[10, 20, 30])
    one_outlier = result(timings=[10, 20, 900])  # the median gates, not the slowest request
    slow = result(timings=[40, 60, 70])
    failed = result(status=500)
    assert benchmark.exit_status([steady, one_outlier]) == benchmark.EXIT_OK
    assert benchmark.exit_status([steady, slow]) == benchmark.EXIT_SLOW
    assert benchmark.exit_status([slow, failed]) == benchmark.EXIT_FAILED


@pytest.mark.django_db
def test_seeded_briefs_store_the_html_their_markdown_renders_to():
    """The seeder renders each theme once and puts the names in afterwards: the stored
    HTML must be what rendering each brief's own body gives, as a save would store."""
    from briefs.dev.benchmark_seed import Sizes, seed
    from briefs.markdown import render_markdown
    from briefs.models import Brief

    seed(Sizes.at(0.1))
    briefs = Brief.objects.all()
    assert briefs.count() > 50
    for brief in briefs:
        assert brief.stored_body_html == render_markdown(brief.body), brief.slug
