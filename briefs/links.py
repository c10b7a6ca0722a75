"""Links to other sites, as stored in the database, made safe to render.

The admin's URL fields accept only http(s), but a URL can reach the database
by other paths (the shell, a script, an importer, ``QuerySet.update()``). So at
render time, a URL is shown as a link only if its scheme is http, https or
mailto; anything else (``javascript:``, ``data:``, ``vbscript:``, a scheme
hidden behind control characters or spaces) becomes no link at all.
Every ``href`` the templates take from a model's URL field goes through the
``safe_url`` filter, and JSON-LD's URLs through ``safe_url()``.
"""

import re
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers ignore these inside a scheme ("java\tscript:"): remove them before judging.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]")


def safe_url(value) -> str:
    """``value`` if it is an http, https or mailto URL, else ""."""
    if not isinstance(value, str) or not value.strip():
        return ""
    try:
        scheme = urlsplit(_IGNORED_BY_BROWSERS.sub("", value)).scheme.lower()
    except ValueError:
        return ""
    return value.strip() if scheme in ALLOWED_SCHEMES else ""
