"""The scale-out settings come from the environment, and refuse what cannot work."""

import subprocess
import sys

from .environments import BASE_DIR, production_env

SHOW = (
    "from django.conf import settings; from briefs.csp import policy_for; "
    "print(settings.DATABASE_REPLICAS, settings.SESSION_ENGINE, "
    "settings.STORAGES['default']['BACKEND'], policy_for('briefs:home'))"
)


def run(code: str = SHOW, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=production_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )


def test_by_default_one_database_sessions_in_it_and_media_on_local_disk():
    result = run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == [
        "[]",
        "django.contrib.sessions.backends.db",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_each_replica_url_becomes_a_database_alias():
    urls = "postgres://u@db2/briefs,postgres://u@db3:5433/briefs"
    code = (
        "from django.conf import settings; "
        "print([(a, settings.DATABASES[a]['HOST'], settings.DATABASES[a]['PORT']) "
        "for a in settings.DATABASE_REPLICAS])"
    )
    result = run(code, DATABASE_REPLICA_URLS=urls)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[('replica_1', 'db2', ''), ('replica_2', 'db3', 5433)]"


def test_with_redis_sessions_are_cached_there_and_kept_in_the_database():
    result = run(REDIS_URL="redis://127.0.0.1:6379/9")
    assert result.returncode == 0, result.stderr
    assert "django.contrib.sessions.backends.cached_db" in result.stdout


def test_s3_media_is_stored_in_the_bucket_and_allowed_by_the_page_policy():
    result = run(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="briefs-media",
        AWS_S3_CUSTOM_DOMAIN="media.briefs.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "storages.backends.s3.S3Storage" in result.stdout
    assert "img-src 'self' data: https://media.briefs.example.org;" in result.stdout


def test_s3_media_without_a_bucket_refuses_to_start():
    result = run(MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in result.stderr


def test_an_unknown_media_storage_refuses_to_start():
    result = run(MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be local or s3, not 'ftp'." in result.stderr
