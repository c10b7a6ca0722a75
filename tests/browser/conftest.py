"""One headless Chromium (Debian's, at /usr/bin/chromium) shared by the browser tests.

Without Chromium the tests skip and say why, except under CI, where a missing
browser is a failure. Playwright never downloads a browser here.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


@pytest.fixture(scope="package")
def browser():
    """Started once for the browser tests, and stopped after them so that its event
    loop does not outlive them."""
    if not CHROMIUM.exists():
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own
    # database calls are still plain synchronous code.
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
        page.on("requestfailed", lambda request: self.problems.append(f"failed: {request.url}"))
        page.on("response", self._response)

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
