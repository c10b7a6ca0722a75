"""Settings for AI Geopolitics Briefs, read from the environment.

Every value has a safe default: DEBUG is off unless DJANGO_DEBUG asks for it,
the database is a SQLite file under var/ unless DATABASE_URL names another,
and the cache is local memory unless REDIS_URL names a Redis server.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from briefs.release import code_version
from briefs.requestlog import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from error


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "For local work, set DJANGO_DEBUG=1 (make run does)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "reversion",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "briefs",
]

# The whole list, in order: a request passes down it, its response back up it, so an
# entry sees the responses of the entries below it. Every entry is here; nothing is
# added to it elsewhere.
MIDDLEWARE = [
    # Outermost: every response, whoever answers it, carries the X-Request-ID that the
    # log lines of its request carry too (briefs.requestlog).
    "briefs.requestlog.RequestIdMiddleware",
    # First: its HTTPS redirect and security headers cover every response, including
    # those the entries below answer on their own.
    "django.middleware.security.SecurityMiddleware",
    # The site-wide Content-Security-Policy and Permissions-Policy (briefs.csp): right
    # below security, so every response gets them, static files and error pages too.
    "briefs.csp.ContentSecurityPolicyMiddleware",
    # /healthz and /readyz answer here, before sessions, host checks and throttles.
    "briefs.health.HealthCheckMiddleware",
    # Right after security, as WhiteNoise asks: static files are served before any
    # other work (no session, no CSRF), still with the security headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above every entry that writes a response body, so it compresses what they wrote;
    # /api/ responses only (BREACH: they hold no secret; the site's pages may).
    "briefs.api.middleware.ApiGZipMiddleware",
    # Under WhiteNoise, above everything that reads the session: an anonymous read
    # answered from the page cache costs no session, CSRF or view work. What it stores
    # is what every entry below produced (briefs/page_cache.py).
    "briefs.page_cache.PageCacheMiddleware",
    # Above CommonMiddleware, which answers some requests itself (slash redirects), so
    # the API's redirects and errors carry CORS headers too; static files need none.
    "corsheaders.middleware.CorsMiddleware",
    # Below CORS (its 404s get CORS headers) and above CommonMiddleware (it sees the
    # final 404, after any slash redirect): /api/ paths that name nothing are problem+json.
    "briefs.api.middleware.ApiNotFoundMiddleware",
    # Above the entries that read the session: CSRF, authentication, messages.
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Near the top, as Django advises: on the way out it turns a 404 into a redirect
    # to the path with a slash (APPEND_SLASH) and sets Content-Length.
    "django.middleware.common.CommonMiddleware",
    # Above authentication and the views, which take CSRF as already checked.
    "django.middleware.csrf.CsrfViewMiddleware",
    # Below sessions: request.user is read from the session.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Below sessions and authentication: the admin's messages live in the session.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Below authentication: the read-replica router (briefs.replicas) reads request.user
    # to keep staff on the primary; it only marks the request, so it may sit anywhere lower.
    "briefs.replicas.ReplicaRoutingMiddleware",
    # Below messages: a POST a read-only database refuses becomes a message (briefs/faults.py).
    "briefs.faults.ReadOnlyDatabaseMiddleware",
    # Anywhere: it only adds X-Frame-Options to the response.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below CommonMiddleware, so it sees a view's 404 before a slash is appended to
    # the path: an old slug answers with a permanent redirect to the new one.
    "briefs.redirects.SlugRedirectFallbackMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"
ASGI_APPLICATION = "site_config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "briefs.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (briefs.replicas): the public site's reads go to one of these, chosen
# at random per query; writes, the admin and staff stay on "default".
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASE_REPLICAS.append(f"replica_{_number}")
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(
            _url,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        # Tests read the primary's test database through this alias, as Django advises.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["briefs.replicas.ReplicaRouter"]

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, except that an outage degrades (briefs/cache.py).
            "BACKEND": "briefs.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "briefs"),
            # A Redis that hangs must not hang the page: give up after this long.
            "OPTIONS": {
                "socket_connect_timeout": env_float("REDIS_TIMEOUT", 1.0),
                "socket_timeout": env_float("REDIS_TIMEOUT", 1.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    # Sessions in Redis, written through to the database: every app server sees a
    # login, and a Redis restart logs nobody out.
    SESSION_ENGINE = env_str("DJANGO_SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in (briefs/signin.py): django-axes checks every attempt before the password
# does, and locks out a username, and separately a client address, after
# AXES_FAILURE_LIMIT failures in a row for AXES_COOLOFF_MINUTES (a success resets it).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "briefs.signin.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_DISABLE_ACCESS_LOG = True  # the audit trail records sign-ins
# Admin sessions end after SESSION_COOKIE_AGE seconds (8 hours by default) and when the
# browser closes, unless DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE=0.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded media: the local disk (MEDIA_ROOT) unless MEDIA_STORAGE=s3 puts it on
# S3-compatible object storage through django-storages, which several app servers share.
# Credentials come from boto3's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in
# the environment, or an instance role); they are never settings.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local").lower()
MEDIA_ORIGIN = ""  # the other origin(s) serving media, for the Content-Security-Policy
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL")
    AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": AWS_S3_REGION_NAME or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "location": env_str("AWS_S3_LOCATION"),
            # Plain URLs (the bucket or the CDN in front makes media public): pages
            # that show an image can be cached longer than a signed URL would live.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "file_overwrite": False,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGIN = f"https://{AWS_S3_CUSTOM_DOMAIN.split('/')[0]}"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGIN = "/".join(AWS_S3_ENDPOINT_URL.split("/")[:3])
    else:  # AWS names a bucket with or without its region
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
        if AWS_S3_REGION_NAME:
            MEDIA_ORIGIN += (
                f" https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {MEDIA_STORAGE!r}.")


# Security headers that cost nothing behind TLS (the CSP and Permissions-Policy are
# further down). HTTPS redirection and HSTS are settings below, on in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY")
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain-HTTP requests are redirected to HTTPS (behind the proxy, by default), except the
# health probes (briefs/health.py), which the load balancer sends over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", BEHIND_TLS_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Strict-Transport-Security: off (0) unless set, and then at least a year; the
# subdomain and preload flags are on with it unless turned off.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0)
if 0 < SECURE_HSTS_SECONDS < 365 * 24 * 3600:
    raise ImproperlyConfigured(
        "DJANGO_HSTS_SECONDS must be 0 (off) or at least 31536000 (one year), "
        f"not {SECURE_HSTS_SECONDS}."
    )
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)

# Hero image uploads: checked before any pixel is decoded (see briefs/images.py).
HERO_IMAGE_MAX_BYTES = env_int("HERO_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
HERO_IMAGE_MAX_PIXELS = env_int("HERO_IMAGE_MAX_PIXELS", 40_000_000)
HERO_RENDITION_WIDTHS = [480, 960, 1600]

# How long a shared preview link of an unpublished brief works, in seconds.
PREVIEW_LINK_MAX_AGE = env_int("PREVIEW_LINK_MAX_AGE", 7 * 24 * 3600)

SITE_NAME = "AI Geopolitics Briefs"
SITE_DESCRIPTION = (
    "A linked, cited knowledge base of who does what in AI across the world, "
    "with short analytical briefs on top of it."
)
# The licence of the site's own compilation (briefs, tables, downloads); third-party
# data keeps its publisher's licence, which each Source records.
SITE_LICENCE_NAME = env_str("SITE_LICENCE_NAME", "CC BY 4.0")
SITE_LICENCE_URL = env_str("SITE_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")

# Read API (/api/v1/): read-only, anonymous, cache-friendly. See README "Read API".
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "briefs.api.negotiation.ApiContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "briefs.api.pagination.TablePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["briefs.api.throttling.AnonymousReadThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_THROTTLE_RATE", "600/minute")},
    # Behind a proxy, set to the number of proxies so clients are told apart by
    # X-Forwarded-For; 0 trusts only the connecting address, which cannot be spoofed.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "EXCEPTION_HANDLER": "briefs.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "briefs.api.schema.ApiAutoSchema",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Geopolitics Briefs: Read API",
    # The description (the introduction the docs pages show) is INTRODUCTION in
    # briefs/api/schema.py, set by its postprocessing hook below.
    "VERSION": "1.0.0",
    # 3.1: nullable references as JSON Schema (briefs/api/schema.py says why).
    "OAS_VERSION": "3.1.0",
    "LICENSE": {"name": SITE_LICENCE_NAME, "url": SITE_LICENCE_URL},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; each gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "BlocKindEnum": "briefs.models.Bloc.Kind",
        "OrganizationKindEnum": "briefs.models.Organization.Kind",
        "SourceKindEnum": "briefs.models.Source.Kind",
        "EventKindEnum": "briefs.models.Event.Kind",
        "KeyFigureKindEnum": "briefs.models.KeyFigure.Kind",
        "ScaleEnum": "briefs.models.KeyFigure.Scale",
        "SearchHitKindEnum": "briefs.api.serializers.search.KIND_CHOICES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "briefs.api.schema.postprocess_schema",
    ],
}
# Anyone may read the API from a browser on any origin; nothing else is shared.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-modified-since", "if-none-match", "user-agent"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "Cache-Control",
    # Paging links (RFC 8288) and the throttle's standing (briefs/api/throttling.py).
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]
CORS_PREFLIGHT_MAX_AGE = 86400

# One JSON object a line in production (DJANGO_LOG_FORMAT=json|text; json unless DEBUG),
# each with the request id (briefs/requestlog.py).
LOGGING = logging_config(
    json_lines=env_str("DJANGO_LOG_FORMAT", "text" if DEBUG else "json") == "json",
    level=env_str("DJANGO_LOG_LEVEL", "INFO"),
)

# The page cache (briefs/page_cache.py): whole responses for anonymous readers, in the
# cache above. PAGE_CACHE_SECONDS is how long the server keeps one (edits invalidate at
# once, so it can be long); PAGE_CACHE_MAX_AGE and PAGE_CACHE_STALE_WHILE_REVALIDATE are
# what browsers and a CDN are told, which no edit can reach, so they are short.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)

# The fragment cache (briefs/fragments.py): the heavy blocks of a page (filter forms,
# rank charts, world maps) for every reader, kept by the page cache's rules. On whether
# or not the page cache is: it is what a page costs for staff and after each edit.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE_ENABLED", True)

# The running code's version, in every page and fragment cache key, so a deploy never
# serves markup the old code made (briefs/release.py). A build pipeline may set RELEASE
# or GIT_COMMIT; without either, a hash of the code and templates, computed at startup.
RELEASE = env_str("RELEASE") or env_str("GIT_COMMIT") or code_version(BASE_DIR)

# The Content-Security-Policy of every response (briefs/csp.py): nothing unless named;
# scripts, styles, fonts and fetches from this host only; no inline code, no plugins,
# no framing; forms post only here. Uploaded images are served by this host under
# MEDIA_URL (another host in MEDIA_URL is added to img-src by briefs/csp.py).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}
# Sources added for one page only, by URL name, where it cannot work otherwise.
CONTENT_SECURITY_POLICY_RELAXATIONS = {
    # ReDoc (drf-spectacular-sidecar's bundle) writes its styles into <style> elements
    # with styled-components and builds its search index in a blob: web worker. Its
    # page has no user content: it renders only our own OpenAPI schema. Its sidebar
    # credit loads Redocly's logo from their CDN; that image stays blocked (no reader's
    # address goes to a third party), the one violation the browser reports there.
    "api:redoc": {"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]},
}
# Browser features no page of the site uses, switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# Importing CSV and XLSX files (briefs.imports): the largest file and the most rows
# one import may hold; larger ones are refused before anything is read into the database.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20_000)
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# The editors' desk (issue 10): unambiguous dates, notice emails, autosave.
FORMAT_MODULE_PATH = ["site_config.formats"]
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "briefs@localhost")
# Seconds between autosaves of a brief form while it changes.
ADMIN_AUTOSAVE_SECONDS = env_int("ADMIN_AUTOSAVE_SECONDS", 30)
# Webhooks (briefs/webhooks.py): delivered by the django-tasks database worker
# (`manage.py db_worker`, which `make run` starts), so no broker is needed and a task
# is enqueued in the same transaction as the change it announces.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The site's public address, for the absolute links in webhook messages.
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")
# Seconds a receiver has to answer a delivery before it counts as failed.
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10)
# The load benchmark's floor (make loadtest, briefs/dev/loadtest.py): a minimal view at
# /loadtest/hello/. Off unless asked for; never in production.
LOADTEST_HELLO_VIEW = env_bool("LOADTEST_HELLO_VIEW")
