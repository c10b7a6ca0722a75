"""Request ids and JSON-lines logs.

Every request gets an id: the proxy's ``X-Request-ID`` when it sent a sane one,
else a fresh one. It is sent back as the ``X-Request-ID`` response header and
added to every log record made while the request is handled, so a reader's
report ("it failed, request id 3f2a...") finds the lines that belong to it, in
gunicorn's access log and in the site's own log alike.

In production (DEBUG off, or ``DJANGO_LOG_FORMAT=json``) each log record is one
JSON object a line (python-json-logger); with DEBUG on, plain text.
The health probes (``/healthz``, ``/readyz``) are left out of the access log:
a load balancer asking every few seconds would drown the requests that matter.
"""

import contextvars
import logging
import re
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one: no spaces, quotes or newlines
# that could forge a log line or a header.
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
HEALTH_PATHS = frozenset({"/healthz", "/readyz"})

_request_id = contextvars.ContextVar("request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(offered: str | None = None) -> str:
    if offered and _ACCEPTABLE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost middleware: every response, a redirect or an error page too, carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers[REQUEST_ID_HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # django.request logs a 4xx/5xx after the middleware has returned, with the
            # request attached to the record.
            request = getattr(record, "request", None)
            record.request_id = current_request_id() or getattr(request, "id", "")
        return True


class AccessLogFilter(logging.Filter):
    """Gunicorn's access records as fields (method, path, status, duration, request id);
    the health probes are dropped."""

    def filter(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}

        def atom(key):
            # Gunicorn's atoms answer "-" for what they do not know.
            try:
                value = atoms[key]
            except KeyError:
                return ""
            return "" if value == "-" else value

        path = atom("U")
        if path in HEALTH_PATHS:
            return False
        record.method = atom("m")
        record.path = path
        record.query = atom("q")
        record.status = _as_int(atom("s"))
        record.bytes = _as_int(atom("B"))
        record.duration_ms = round(float(atom("L") or 0) * 1000, 1)
        record.remote_addr = atom("h")
        record.user_agent = atom("a")
        record.request_id = atom("{x-request-id}o")
        # The message is the request line; the fields above carry the rest.
        record.msg, record.args = "%s %s %s", (record.method, path, record.status)
        return True


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    "timestamp": False,
}


def logging_config(*, json_lines: bool, level: str) -> dict:
    """The LOGGING dict: one console handler, every record tagged with the request id."""
    text = {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "briefs.requestlog.RequestIdFilter"}},
        "formatters": {"json": JSON_FORMATTER, "text": text},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # django-axes logs every sign-in at INFO; lockouts (WARNING) are what matter, and
        # every attempt is in the audit trail anyway.
        "loggers": {"axes": {"level": "WARNING"}},
    }
