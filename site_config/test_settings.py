"""Settings for the test suite: the real settings, plus what only tests need."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-a-secret")

from .settings import *  # noqa: F403

# `make test` runs the suite in parallel (pytest-xdist). pytest-django gives each
# worker its own test database; here each also gets its own media directory and its
# own cache keys in the one Redis database the workers share (see tests/cache.py).
xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")

# Hashing passwords slowly protects real accounts; tests create hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / xdist_worker  # noqa: F405
if REDIS_URL:  # noqa: F405
    CACHES["default"]["BACKEND"] = "tests.cache.WorkerRedisCache"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"briefs-test-{xdist_worker}"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests never run collectstatic: let WhiteNoise look files up per request instead
# of indexing a STATIC_ROOT that a fresh clone does not have.
WHITENOISE_AUTOREFRESH = True
