"""Two editors in two browsers: the second sees the first, and merges field by field."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from briefs.users import display_name
from tests.desk.browser_helpers import logged_in_page
from tests.factories import BriefFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_second_editor_sees_the_first_and_merges_field_by_field(
    live_server, new_page, editor_user, publisher
):
    restore_countries()
    brief = BriefFactory(title="Original title", body="Original body.")
    url = live_server.url + reverse("admin:briefs_brief_change", args=[brief.pk])
    eddie, _ = logged_in_page(new_page, live_server, "eddie")
    paula, _ = logged_in_page(new_page, live_server, "paula")
    eddie.goto(url)
    paula.goto(url)
    notice = paula.inner_text("#presence")
    assert f"{display_name(editor_user)} has had this open since" in notice

    eddie.fill("#id_title", "Eddie's sharper title")
    eddie.click("input[name=_continue]")
    eddie.wait_for_selector(".messagelist .success")
    paula.fill("#id_body", "Paula's rewritten body.")
    paula.click("input[name=_continue]")

    expect(paula.locator(".merge-panel")).to_be_visible()
    title_row = paula.locator(".merge-row[data-merge-field=title]")
    assert "Eddie's sharper title" in title_row.inner_text()
    assert "Original title" in title_row.inner_text()
    title_row.locator("[data-merge-take=theirs]").click()
    assert paula.input_value("#id_title") == "Eddie's sharper title"
    paula.locator(".merge-row[data-merge-field=body] [data-merge-take=mine]").click()
    paula.click("input[name=_continue]")
    paula.wait_for_selector(".messagelist .success")
    brief.refresh_from_db()
    assert (brief.title, brief.body) == ("Eddie's sharper title", "Paula's rewritten body.")
