"""The running code's version, part of every page-cache and fragment-cache key.

A deploy that changes a template or the code behind a page must not serve the markup
the previous release cached: with the release in the keys, the new code starts from an
empty set of keys (the old entries expire on their own, ``PAGE_CACHE_SECONDS`` at most).

``settings.RELEASE`` is, in order: the environment's ``RELEASE``, else its
``GIT_COMMIT`` (what a build pipeline knows), else a hash of the contents of the files
that shape a page: the Python code, the templates and the CSS and JavaScript the pages
link to. The hash needs neither git nor a build step, so it holds on a fresh clone, in
a container without ``.git`` and in tests; and every server running the same files
computes the same one, so they share the cache.
"""

import hashlib
from pathlib import Path

# What a page is made from. Migrations and the like change no markup, but hashing them
# costs only a little more than leaving them out, and a wrongly kept page costs more.
CODE_DIRECTORIES = ("briefs", "site_config", "templates", "static")
CODE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js"}


def code_version(base_dir: Path) -> str:
    """A short hash of the contents (and names) of the code files under `base_dir`."""
    digest = hashlib.sha256()
    for directory in CODE_DIRECTORIES:
        for path in sorted((base_dir / directory).rglob("*")):
            if path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base_dir)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
