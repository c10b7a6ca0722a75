"""The admin fits the screen: no sideways scrolling at 1280 px, usable at 360 px, a favicon."""

import pytest
from django.contrib import admin
from django.urls import reverse

from briefs.models import Brief
from tests.desk.browser_helpers import (
    axe_problems,
    horizontal_overflow,
    logged_in_page,
    settle,
)
from tests.factories import BriefCitationFactory, BriefFactory, SuperuserFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if admin.site._registry[model].has_add_permission(_superuser_request()):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def _superuser_request():
    class Request:
        user = SuperuserFactory.build(is_superuser=True, is_active=True)

    return Request()


@pytest.fixture
def desk_data():
    restore_countries()
    SuperuserFactory(username="admin-wide")
    brief = BriefFactory(
        title="Russia's AI Alliance Network with BRICS partners: who joined, and what it means",
        status=Brief.Status.DRAFT,
        publish_at=None,
        body="GigaChat [^1][^2].",
    )
    for position in (1, 2, 3):
        BriefCitationFactory(
            brief=brief,
            position=position,
            supports="A long claim the source supports, written out in full as editors do "
            "when they want the reviewer to see exactly which sentence rests on it.",
            locator="Section 4.2, paragraph 3, the table of alliance members",
        )
    return brief


def test_no_admin_page_scrolls_sideways_at_1280_px(live_server, new_page, desk_data):
    page, watcher = logged_in_page(new_page, live_server, "admin-wide")
    pages = [*admin_pages(), reverse("admin:briefs_brief_change", args=[desk_data.pk])]
    overflowing = {}
    for path in pages:
        watcher.problems.clear()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        extra = horizontal_overflow(page)
        # Navigating on aborts the last page's icon requests; only error statuses count.
        errors = [problem for problem in watcher.problems if problem.startswith("HTTP")]
        if extra > 0 or errors:
            overflowing[path] = (extra, errors)
    assert overflowing == {}


def test_at_360_px_the_brief_form_stacks_and_citations_stay_usable(
    live_server, new_page, desk_data
):
    page, _ = logged_in_page(new_page, live_server, "admin-wide", width=360, height=740)
    page.goto(live_server.url + reverse("admin:briefs_brief_change", args=[desk_data.pk]))
    assert horizontal_overflow(page) == 0
    supports = page.locator("#id_citations-0-supports")
    box = supports.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    supports.fill("Edited on a phone.")
    delete = page.locator("#id_citations-0-DELETE")
    delete_box = delete.bounding_box()
    assert 0 <= delete_box["x"] <= 360
    settle(page)


def test_changelist_shows_readable_titles_a_thumbnail_column_and_named_months(
    live_server, new_page, desk_data
):
    page, _ = logged_in_page(new_page, live_server, "admin-wide")
    BriefFactory(title="Scheduled one")
    page.goto(live_server.url + reverse("admin:briefs_brief_changelist"))
    title_cell = page.locator("td.field-title").first
    assert title_cell.bounding_box()["width"] >= 240
    assert page.locator("th.column-thumbnail").count() == 1
    dates = page.locator("td.field-updated_at").first.inner_text()
    assert "/" not in dates and any(month in dates for month in ["Jan", "Feb", "Mar", "Apr",
        "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])  # fmt: skip


def test_admin_pages_have_a_favicon(live_server, new_page, desk_data):
    page, _ = logged_in_page(new_page, live_server, "admin-wide")
    page.goto(live_server.url + reverse("admin:index"))
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(live_server.url + href).status == 200


@pytest.mark.parametrize("which", ["dashboard", "brief form", "changelist"])
def test_axe_finds_no_serious_violation_on_the_editors_main_pages(
    live_server, new_page, desk_data, which
):
    page, _ = logged_in_page(new_page, live_server, "admin-wide")
    path = {
        "dashboard": reverse("admin:index"),
        "brief form": reverse("admin:briefs_brief_change", args=[desk_data.pk]),
        "changelist": reverse("admin:briefs_brief_changelist"),
    }[which]
    page.goto(live_server.url + path)
    problems = axe_problems(page)
    assert problems == [], "\n".join(problems)
