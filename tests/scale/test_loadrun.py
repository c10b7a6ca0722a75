"""make loadrun, in small: wrk against gunicorn on loopback counts statuses and 5xx.

The full run (30 s at 64 connections) is by hand (docs/deploy.md); this short one
checks that the machinery works and that a brief burst over every public page and
API endpoint answers no 5xx. It asserts no time.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from .environments import manage, postgres_url, production_env

WRK = Path("/usr/bin/wrk")


@pytest.mark.skipif(not WRK.exists(), reason="the load run needs wrk (apt-get install wrk)")
def test_a_short_load_run_over_every_endpoint_answers_no_5xx():
    env = production_env(DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL or "")
    manage("collectstatic", "--noinput", "-v0", env=env)
    result = manage(
        "loadrun", "--duration=3", "--connections=4", "--scale=0.05", env=env, timeout=600
    )
    report = result.stdout
    # Every endpoint the in-process benchmark times, in turn.
    assert re.search(r"\b\d{2,} public pages and API endpoints in turn", report), report
    assert re.search(r"requests\s+[1-9]\d*", report), report
    assert re.search(r"^\s+5xx\s+0$", report, re.MULTILINE), report
    assert "200: " in report


def database_url() -> str:
    """The server the test run uses (loadrun makes its own throwaway database on it)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return ""  # loadrun's throwaway database is a temporary SQLite file
    return postgres_url(db["NAME"])
