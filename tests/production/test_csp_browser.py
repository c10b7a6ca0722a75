"""The admin and the API documentation work in Chromium under the site's strict policy.

Every CSP violation the browser reports (the ``securitypolicyviolation`` event,
listened for before any page script runs) fails the test, as does any console
error, failed request or error status.
"""

import pytest
from django.urls import reverse

from tests.factories import BriefFactory, SuperuserFactory, TopicFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"  # UserFactory's

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " blocked " + event.blockedURI);
});
"""


def watched_page(new_page):
    page, watcher = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    return page, watcher


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_the_admin_works_under_the_policy_with_no_violations(new_page, live_server):
    SuperuserFactory(username="admin-csp")
    TopicFactory(name="AI alliances")
    brief = BriefFactory(title="Under the policy")
    page, watcher = watched_page(new_page)
    page.goto(live_server.url + reverse("admin:login"))
    assert violations(page) == []
    page.fill("#id_username", "admin-csp")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    seen = {"index": violations(page)}

    page.goto(live_server.url + reverse("admin:briefs_brief_changelist"))
    page.click("#action-toggle")  # the changelist's script selects every row
    assert page.locator("input.action-select:checked").count() == 1
    seen["changelist"] = violations(page)

    page.goto(live_server.url + reverse("admin:briefs_brief_add"))
    page.locator("#id_title").press_sequentially("Typed title")
    assert page.input_value("#id_slug") == "typed-title"  # prepopulated-fields script
    page.click(".field-topics .select2-selection")  # autocomplete (select2 and its fetch)
    page.wait_for_selector(".select2-results__option:has-text('AI alliances')")
    page.click(".select2-results__option:has-text('AI alliances')")
    page.click("#id_publish_at_0 ~ .datetimeshortcuts a:has-text('Today')")
    assert page.input_value("#id_publish_at_0")
    seen["add form"] = violations(page)

    page.goto(live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk]))
    page.click("text=Record")  # a collapsed fieldset opens
    seen["change form"] = violations(page)

    page.goto(live_server.url + reverse("admin:briefs_brief_history", args=[brief.pk]))
    seen["history"] = violations(page)
    assert all(found == [] for found in seen.values()), seen
    assert watcher.problems == []


def test_swagger_ui_renders_the_schema_under_the_policy(new_page, live_server):
    page, watcher = watched_page(new_page)
    page.goto(live_server.url + reverse("api:docs"))
    page.wait_for_selector(".opblock-summary-path")
    page.locator(".opblock-summary").first.click()  # an operation opens
    page.wait_for_selector(".opblock-body")
    assert "AI Geopolitics Briefs" in page.inner_text(".info .title")
    assert violations(page) == []
    assert watcher.problems == []


# ReDoc's bundle always shows Redocly's logo from their CDN in its sidebar credit; the
# policy blocks it on purpose (settings.CONTENT_SECURITY_POLICY_RELAXATIONS says why).
REDOCLY_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


def test_redoc_renders_the_schema_under_its_documented_relaxation(new_page, live_server):
    page, watcher = watched_page(new_page)
    page.goto(live_server.url + reverse("api:redoc"))
    page.wait_for_selector("h1:has-text('AI Geopolitics Briefs')")
    page.fill("input[placeholder='Search...']", "briefs")  # search runs in a blob: worker
    page.wait_for_selector("[data-role='search:results'] li[aria-label='List briefs']")
    assert violations(page) == [f"img-src blocked {REDOCLY_LOGO}"]
    others = [problem for problem in watcher.problems if REDOCLY_LOGO not in problem]
    assert others == []


def test_error_pages_render_styled_under_the_policy(new_page, live_server):
    page, watcher = new_page(allowed_statuses={404})
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.locator(".site-header").is_visible()
    assert violations(page) == []
    assert watcher.problems == []
