"""Gunicorn's own log (errors and the access log) as JSON lines, like the site's.

Named by ``logger_class`` in gunicorn.conf.py. The access lines carry the
method, path, status, size, duration and the request id the response was sent
with (``X-Request-ID``, set by ``briefs.requestlog.RequestIdMiddleware``); the
health probes are left out (``briefs.requestlog.AccessLogFilter``).
"""

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter

from .requestlog import JSON_FORMATTER, AccessLogFilter


class JsonLinesLogger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        options = {key: value for key, value in JSON_FORMATTER.items() if key != "()"}
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter(**options))
        if not any(isinstance(f, AccessLogFilter) for f in self.access_log.filters):
            self.access_log.addFilter(AccessLogFilter())
