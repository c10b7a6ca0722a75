"""The live preview panel follows the unsaved form, under a strict Content-Security-Policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.desk.browser_helpers import logged_in_page, settle
from tests.factories import BriefFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# What the site's policy will be on every response: no inline script, frames from itself.
STRICT_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self' "
    "'unsafe-inline'; frame-src 'self'; frame-ancestors 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)


def with_strict_policy(route):
    response = route.fetch()
    headers = {**response.headers, "content-security-policy": STRICT_POLICY}
    route.fulfill(response=response, headers=headers)


def test_the_preview_panel_changes_after_typing_and_can_be_closed(
    live_server, new_page, editor_user
):
    restore_countries()
    brief = BriefFactory(title="Saved title", body="Saved body.")
    page, watcher = logged_in_page(new_page, live_server, "eddie")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.route("**/admin/briefs/brief/**", with_strict_policy)
    page.goto(live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk]))
    page.click(".live-preview-toggle")
    frame = page.frame_locator("#live-preview-frame")
    expect(frame.locator("h1")).to_have_text("Saved title")
    expect(frame.locator(".preview-banner")).to_contain_text("not yet saved")

    page.locator("#id_title").fill("")
    page.locator("#id_title").press_sequentially("Typed, not saved")
    page.locator("#id_body").fill("A **bold** claim [^1][^2].")
    expect(frame.locator("h1")).to_have_text("Typed, not saved")
    expect(frame.locator("strong", has_text="bold")).to_be_visible()

    page.click(".live-preview-close")
    assert page.locator("#live-preview").is_hidden()
    brief.refresh_from_db()
    assert brief.title == "Saved title"
    assert violations == []
    assert watcher.problems == []
    settle(page)
