"""A data user in a real browser: downloads a table from its page and reads it, follows
a country on a map, compares countries from a country page, cites a page; screenshots
of the new pages at 1280 and 360 pixels are kept for a person to look at."""

import csv
import io
import json
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_reader_journeys import _axe_problems, story  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def new_pages() -> dict[str, str]:
    return {
        "compare": reverse("briefs:compare") + "?countries=RUS~CHN~IND~BRA~USA~GBR",
        "bloc-map": reverse("briefs:bloc-detail", args=["brics"]) + "?on=2025-06-01",
        "indicator-map": reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"]),
        "country": reverse("briefs:country-detail", args=["russia"]),
        "ai-models": reverse("briefs:aimodel-list"),
    }


@pytest.mark.parametrize("width", [1280, 360])
def test_new_data_pages_pass_axe_and_fit_the_screen(live_server, story, new_page, width):  # noqa: F811
    page, watcher = new_page(width=width, height=900)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, path in new_pages().items():
        page.goto(live_server.url + path)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        found = _axe_problems(page)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            found.append(f"{scroll_width} pixels wide")
        if found:
            problems[name] = found
    assert problems == {}
    assert watcher.problems == []


def test_a_data_user_downloads_an_edition_as_csv_and_its_metadata(live_server, story, new_page):  # noqa: F811
    page, watcher = new_page()
    page.goto(
        live_server.url + reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"])
    )
    section = page.locator("section[aria-labelledby='edition-2024']")
    with page.expect_download() as download_info:
        section.get_by_role("link", name="CSV of Global AI Index, 2024 edition: ranks").click()
    download = download_info.value
    assert download.suggested_filename == "tortoise-global-ai-index-2024.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert {row["country"] for row in rows} == {
        "Russia",
        "United States",
        "China",
        "India",
        "Brazil",
    }
    with page.expect_download() as download_info:
        section.get_by_role("link", name="Metadata (JSON) of Global AI Index").click()
    meta = json.loads(Path(download_info.value.path()).read_text())
    assert meta["licence"]["name"] == "CC BY 4.0"
    assert {source["publisher"] for source in meta["sources"]} >= {"Tortoise Media"}
    assert watcher.problems == []


def test_a_reader_follows_a_country_on_the_bloc_map(live_server, story, new_page):  # noqa: F811
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:bloc-detail", args=["brics"]) + "?on=2023-06-01")
    assert page.locator("svg.world-map a[aria-label='Egypt: not a member']").count() == 1
    page.get_by_label("Show the members on").fill("2024-06-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**on=2024-06-01**")
    egypt = page.locator("svg.world-map a[aria-label='Egypt: member']")
    expect(egypt).to_have_count(1)
    egypt.click()
    expect(page.locator("h1")).to_have_text("Egypt")
    assert watcher.problems == []


def test_a_reader_compares_russia_with_china_from_the_country_page(live_server, story, new_page):  # noqa: F811
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:country-detail", args=["russia"]))
    page.get_by_label("Compare Russia with").select_option(label="China")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_url("**/compare/?countries=RUS~CHN")
    expect(page.locator("h1")).to_have_text("Compare countries")
    table = page.locator("table").first
    assert "31st of 83" in table.inner_text() and "2nd of 83" in table.inner_text()
    page.get_by_text("Cite this page").click()
    assert "@misc{" in page.locator(".bibtex").inner_text()
    assert watcher.problems == []
