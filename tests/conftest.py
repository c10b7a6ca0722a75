"""Fixtures for the whole suite: a superuser, and one headless Chromium for the browser tests.

The browser is Debian's Chromium at /usr/bin/chromium; Playwright never downloads
one. Without it the browser tests skip and say why, except under CI, where a
missing browser is a failure. `make test-fast` leaves the browser tests out.
"""

import os
from pathlib import Path

import pytest

from tests.factories import SuperuserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty cache: no page cached by another test is served."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def generation_published_at_once(request, monkeypatch):
    """With Redis, a bump sets the generation's copy once its transaction commits. A
    test runs inside a transaction that is never committed, which stands for the commit:
    the copy is set at once. Transactional tests (browser tests, live servers) commit for
    real, and a test of the commit itself asks for `real_commit_hooks`: they keep the hook."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or {"real_commit_hooks", "transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        return
    from briefs.models import generation

    monkeypatch.setattr(generation, "publish_after_commit", generation.publish)


@pytest.fixture(autouse=True)
def generation_copy_outlives_the_test(request, monkeypatch):
    """With Redis, the generation's copy expires after SHARED_SECONDS and the next read
    takes it from the database: a query more whenever a slow test (a loaded machine)
    crosses an expiry, which query pins would count. So the copy outlives the test,
    unless the test is about its lifetime (`generation_copy_lifetime`)."""
    if "generation_copy_lifetime" in request.fixturenames:
        return
    from briefs.models import generation

    monkeypatch.setattr(generation, "SHARED_SECONDS", 3600)


@pytest.fixture
def generation_copy_lifetime():
    """The generation's copy in Redis keeps its production lifetime (SHARED_SECONDS)."""


@pytest.fixture
def real_commit_hooks():
    """Bumps publish to Redis only when their transaction commits, as in production."""


@pytest.fixture
def superuser(db):
    return SuperuserFactory(username="test-superuser")


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session")
def browser():
    """Started by the first browser test of a process (each xdist worker has its own) and
    stopped at the end of the session."""
    if not CHROMIUM.exists():
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread for as long as the browser
    # is open; the tests' own database calls are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageWatcher:
    """Console errors, page errors and failed or erroring requests seen by one page."""

    def __init__(self, page, allowed_statuses=()):
        self.problems = []
        self.allowed = set(allowed_statuses)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _failed(self, request):
        # A request the page itself dropped by moving on (the icon of a page the test has
        # already left) is no fault; a refused, blocked or broken one is.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _console(self, message):
        # Chromium logs an expected error status too; the response handler judges those.
        expected = any(f"status of {status} " in message.text for status in self.allowed)
        if message.type == "error" and not expected:
            self.problems.append(f"console: {message.text}")

    def _response(self, response):
        if response.status >= 400 and response.status not in self.allowed:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture
def new_page(browser):
    """Opens a page in a browser context of its own (no shared cookies), with a watcher;
    every context is closed when the test ends."""
    contexts = []

    def make(*, width=1280, height=900, color_scheme="light", allowed_statuses=()):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme
        )
        contexts.append(context)
        page = context.new_page()
        return page, PageWatcher(page, allowed_statuses)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def count_cap(monkeypatch):
    """Counts stop at 3 (briefs.paging), so a handful of rows shows what 1,000 would."""
    from briefs import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    return 3
