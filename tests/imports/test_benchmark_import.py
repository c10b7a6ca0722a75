"""`manage.py benchmark_import` imports its rows on a throwaway database and reports each phase.

Run as `make bench-import` runs it, in its own process with DEBUG off; nothing here
asserts a time, only that every phase gets a row and the given database is left alone.
"""

import os
import subprocess
import sys

from django.conf import settings

from tests.test_benchmark import developer_database_url


def test_the_import_benchmark_reports_every_phase_and_leaves_the_database_alone(tmp_path):
    sqlite_file = tmp_path / "developer.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_SECRET_KEY": "benchmark-test-only",
        "DATABASE_URL": developer_database_url(sqlite_file),
    }
    env.pop("DJANGO_DEBUG", None)
    completed = subprocess.run(
        [sys.executable, "manage.py", "benchmark_import", "--rows", "300"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode in (0, 3), completed.stderr
    lines = completed.stdout.splitlines()
    for rows in ("30", "300"):
        phases = [line.split(None, 1)[1] for line in lines if line.split()[:1] == [rows]]
        assert [phase[:16].strip() for phase in phases] == [
            "read the file",
            "preview",
            "import and save",
        ]
    assert not sqlite_file.exists()
