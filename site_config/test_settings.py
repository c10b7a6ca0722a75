"""Settings for the test suite: the real settings, plus what only tests need."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-a-secret")

from .settings import *  # noqa: F403

# Hashing passwords slowly protects real accounts; tests create hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests never run collectstatic: let WhiteNoise look files up per request instead
# of indexing a STATIC_ROOT that a fresh clone does not have.
WHITENOISE_AUTOREFRESH = True
