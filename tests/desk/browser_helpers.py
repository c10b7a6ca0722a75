"""Shared steps of the desk's browser tests."""

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

PASSWORD = "correct horse battery staple"  # UserFactory's
SERIOUS = {"serious", "critical"}


def log_in(page, live_server, username, *, next_url=""):
    page.goto(live_server.url + reverse("admin:login") + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def logged_in_page(new_page, live_server, username, **kwargs):
    page, watcher = new_page(**kwargs)
    log_in(page, live_server, username)
    return page, watcher


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def axe_problems(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def settle(page) -> None:
    """Send any pending autosave now and wait for it, so no request is still running when
    the test's database is emptied."""
    page.evaluate("window.briefsDesk?.autosaveNow?.()")
