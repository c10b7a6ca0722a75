"""The workflow in a real browser: two editors on one brief, and a shared preview."""

import pytest
from django.urls import reverse

from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery staple"  # UserFactory's


def logged_in_page(new_page, live_server, username):
    page, _ = new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return page


def test_two_editors_in_browsers_the_second_is_refused_and_keeps_their_text(
    new_page, live_server, editor_user, publisher
):
    brief = BriefFactory(title="Original title", body="Original body.")
    url = live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk])
    eddie = logged_in_page(new_page, live_server, "eddie")
    paula = logged_in_page(new_page, live_server, "paula")
    eddie.goto(url)
    paula.goto(url)

    eddie.fill("#id_title", "Eddie's title")
    eddie.click("input[name=_continue]")
    paula.fill("#id_body", "Paula's rewrite, typed for twenty minutes.")
    paula.click("input[name=_continue]")

    assert "saved this brief at" in paula.inner_text(".errorlist.nonfield")
    assert paula.input_value("#id_body") == "Paula's rewrite, typed for twenty minutes."
    brief.refresh_from_db()
    assert (brief.title, brief.body) == ("Eddie's title", "Original body.")

    paula.click("input[name=_continue]")  # a second, deliberate save
    brief.refresh_from_db()
    assert brief.body == "Paula's rewrite, typed for twenty minutes."


def test_a_reviewer_without_an_account_opens_a_shared_preview(new_page, live_server, contributor):
    brief = BriefFactory(title="Draft for the reviewer", status=Brief.Status.DRAFT, publish_at=None)
    brief.authors.add(contributor)
    carla = logged_in_page(new_page, live_server, "carla")
    carla.goto(live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk]))
    carla.click("text=Share preview")
    carla.click("button:has-text('preview link')")
    link = carla.input_value("#preview-link")

    reviewer, _ = new_page()
    response = reviewer.goto(link)
    assert response.status == 200
    assert reviewer.inner_text(".preview-banner").startswith("PREVIEW, NOT PUBLISHED.")
    assert reviewer.inner_text("h1") == "Draft for the reviewer"
    assert reviewer.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
