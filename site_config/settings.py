"""Settings for AI Geopolitics Briefs, read from the environment.

Every value has a safe default: DEBUG is off unless DJANGO_DEBUG asks for it,
the database is a SQLite file under var/ unless DATABASE_URL names another,
and the cache is local memory unless REDIS_URL names a Redis server.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    "briefs",
]

# The whole list, in order: a request passes down it, its response back up it, so an
# entry sees the responses of the entries below it. Every entry is here; nothing is
# added to it elsewhere.
MIDDLEWARE = [
    # First: its HTTPS redirect and security headers cover every response, including
    # those the entries below answer on their own.
    "django.middleware.security.SecurityMiddleware",
    # Right after security, as WhiteNoise asks: static files are served before any
    # other work (no session, no CSRF), still with the security headers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under WhiteNoise, above everything that reads the session: an anonymous read
    # answered from the page cache costs no session, CSRF or view work. What it stores
    # is what every entry below produced (briefs/page_cache.py).
    "briefs.page_cache.PageCacheMiddleware",
    # Above CommonMiddleware, which answers some requests itself (slash redirects), so
    # the API's redirects and errors carry CORS headers too; static files need none.
    "corsheaders.middleware.CorsMiddleware",
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
    # Anywhere: it only adds X-Frame-Options to the response.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Below CommonMiddleware, so it sees a view's 404 before a slash is appended to
    # the path: an old slug answers with a permanent redirect to the new one.
    "briefs.redirects.SlugRedirectFallbackMiddleware",
    # Last, closest to the view: it reads request.resolver_match and sets the strict
    # policy (PUBLIC_CONTENT_SECURITY_POLICY, below) on the public pages' responses.
    "briefs.csp.PublicSiteContentSecurityPolicyMiddleware",
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

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that an outage is a miss, never an error.
            "BACKEND": "briefs.cache_backends.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "briefs"),
            # A Redis that does not answer must not hold a request up for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

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

# Security headers that cost nothing behind TLS; HTTPS redirection is left to
# the proxy, whose configuration says when it applies.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Cache-Control"]
CORS_PREFLIGHT_MAX_AGE = 86400

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# The public site's pages (briefs.csp, in MIDDLEWARE): no inline script or style,
# nothing from other hosts; uploaded images are served by this host under MEDIA_URL.
PUBLIC_CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The page cache (briefs/page_cache.py): whole responses for anonymous readers, in the
# cache above. PAGE_CACHE_SECONDS is how long the server keeps one (edits invalidate at
# once, so it can be long); PAGE_CACHE_MAX_AGE and PAGE_CACHE_STALE_WHILE_REVALIDATE are
# what browsers and a CDN are told, which no edit can reach, so they are short.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)

# The load benchmark's floor (make loadtest, briefs/dev/loadtest.py): a minimal view at
# /loadtest/hello/. Off unless asked for; never in production.
LOADTEST_HELLO_VIEW = env_bool("LOADTEST_HELLO_VIEW")
