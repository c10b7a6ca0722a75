"""Gunicorn's configuration for `make serve`, every value from the environment.

- GUNICORN_BIND (127.0.0.1:$PORT, PORT defaulting to 8000): the address; nginx is in front.
- GUNICORN_WORKERS (2 x CPUs + 1): processes.
- GUNICORN_THREADS (4): threads per process (gthread workers above 1), so a request
  waiting on the database does not hold a whole process.
- GUNICORN_TIMEOUT (30): seconds before a silent worker is killed and restarted.
- GUNICORN_GRACEFUL_TIMEOUT (30): seconds a worker has to finish its requests on restart.
- GUNICORN_KEEPALIVE (5): seconds a keep-alive connection from the proxy is held.
- GUNICORN_ACCESS_LOG (- for stdout): the access log file, or "off".
- GUNICORN_CONTROL_SOCKET (var/run/gunicorn-<bind>.ctl): the control socket, one per
  instance so several on one host do not collide; "off" disables it.
- GUNICORN_FORWARDED_ALLOW_IPS (127.0.0.1,::1): proxies trusted for X-Forwarded-*.
- GUNICORN_MAX_REQUESTS (0, never): restart a worker after this many requests.

Logs are JSON lines (briefs/gunicorn_log.py), as the site's own are.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as error:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from error


if not os.environ.get("DJANGO_SECRET_KEY", "").strip():
    raise SystemExit("DJANGO_SECRET_KEY must be set: the site does not serve without it.")
if os.environ.get("DJANGO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}:
    raise SystemExit("DJANGO_DEBUG is on: `make serve` is for production; use `make run`.")

wsgi_app = "site_config.wsgi:application"
bind = [_env("GUNICORN_BIND", f"127.0.0.1:{_env('PORT', '8000')}")]
workers = _int("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

access_log = _env("GUNICORN_ACCESS_LOG", "-")
accesslog = None if access_log == "off" else access_log
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
logger_class = "briefs.gunicorn_log.JsonLinesLogger"

_control = _env("GUNICORN_CONTROL_SOCKET", "")
if _control == "off":
    control_socket_disable = True
else:
    if not _control:
        instance = re.sub(r"[^A-Za-z0-9.-]+", "_", bind[0]).strip("_")
        _control = str(ROOT / "var" / "run" / f"gunicorn-{instance}.ctl")
    Path(_control).parent.mkdir(parents=True, exist_ok=True)
    control_socket = _control
