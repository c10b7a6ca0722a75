"""A reader in a real browser: every page type loads cleanly and passes axe-core; filters,
search and country comparison work; phones get no sideways scrolling."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from briefs.models import Country, IndicatorEdition, Ranking, Source
from tests.factories import restore_countries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def story(transactional_db, settings):
    """The demo story, plus a second edition of ranks so that charts have a trend to draw."""
    settings.DEBUG = False
    restore_countries()
    call_command("load_demo", stdout=None)
    edition_2023 = IndicatorEdition.objects.get(
        indicator__slug="tortoise-global-ai-index", year=2023
    )
    source = Source.objects.get(url__contains="tortoisemedia")
    for rank, code in enumerate(["US", "CN", "IN", "BR", "RU"], start=1):
        Ranking.objects.create(
            edition=edition_2023,
            country=Country.objects.get(iso2=code),
            rank=rank * 5,
            source=source,
        )
    edition_2024 = IndicatorEdition.objects.get(
        indicator__slug="tortoise-global-ai-index", year=2024
    )
    for rank, code in enumerate(["US", "CN", "IN", "BR"], start=1):
        Ranking.objects.create(
            edition=edition_2024, country=Country.objects.get(iso2=code), rank=rank, source=source
        )


def page_types() -> dict[str, str]:
    return {
        "home": reverse("briefs:home"),
        "brief list": reverse("briefs:brief-list"),
        "brief list, filtered": reverse("briefs:brief-list") + "?country=russia&topic=rankings",
        "brief": reverse("briefs:brief-detail", args=["russia-ai-alliance-network-brics"]),
        "country index": reverse("briefs:country-list"),
        "country": reverse("briefs:country-detail", args=["russia"]),
        "bloc index": reverse("briefs:bloc-list"),
        "bloc": reverse("briefs:bloc-detail", args=["brics"]),
        "organization index": reverse("briefs:organization-list"),
        "organization": reverse("briefs:organization-detail", args=["sberbank"]),
        "AI model index": reverse("briefs:aimodel-list") + "?sort=released",
        "AI model": reverse("briefs:aimodel-detail", args=["gigachat"]),
        "person": reverse("briefs:person-detail", args=["vladimir-putin"]),
        "indicator index": reverse("briefs:indicator-list"),
        "indicator": reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"]),
        "timeline": reverse("briefs:event-list") + "?kind=membership",
        "event": reverse("briefs:event-detail", args=["ai-alliance-network-announced"]),
        "topic": reverse("briefs:topic-detail", args=["rankings"]),
        "source": Source.objects.get(url__contains="independent").get_absolute_url(),
        "search": reverse("briefs:search") + "?q=gigachat",
        "not found": "/no-such-page/",
        "compare": reverse("briefs:compare") + "?countries=RUS~CHN~IND~BRA~USA~GBR",
        "compare, bad code": reverse("briefs:compare") + "?countries=RUS~XYZ",
        "bloc on a date": reverse("briefs:bloc-detail", args=["brics"]) + "?on=2023-06-01",
        "indicator, map of an edition": reverse(
            "briefs:indicator-detail", args=["tortoise-global-ai-index"]
        )
        + "?edition=2023",
    }


def _axe_problems(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_type_loads_cleanly_and_has_no_serious_axe_violations(
    live_server, story, new_page, color_scheme
):
    page, watcher = new_page(color_scheme=color_scheme, allowed_statuses={400, 404})
    problems = {}
    for name, path in page_types().items():
        watcher.problems.clear()
        response = page.goto(live_server.url + path)
        expected = {"not found": 404, "compare, bad code": 400}.get(name, 200)
        found = list(watcher.problems)
        if response.status != expected:
            found.append(f"status {response.status}")
        if not response.headers.get("content-security-policy") and name != "not found":
            found.append("no Content-Security-Policy header")
        found += _axe_problems(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_charts_draw_in_the_browser_with_their_data_tables(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:country-detail", args=["russia"]))
    chart = page.locator("svg.rank-chart").first
    assert chart.is_visible()
    assert chart.bounding_box()["height"] > 100
    assert (
        "25th of 62 in 2023, 31st of 83 in 2024"
        in page.locator(".chart-summary").first.inner_text()
    )
    assert page.locator("table.chart-data").first.is_visible()
    assert watcher.problems == []


def test_a_reader_filters_the_brief_list_and_removes_a_filter(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:brief-list"))
    page.get_by_label("Topic").select_option(label="Rankings")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**topic=rankings**")
    cards = page.locator(".brief-card h3")
    assert cards.all_inner_texts() == ["Two AI indices, one verdict on Russia"]
    page.get_by_role("link", name="Remove filter Topic: Rankings").click()
    expect(page.locator(".brief-card h3")).to_have_count(2)
    assert watcher.problems == []


def test_a_reader_searches_from_the_header(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:home"))
    page.get_by_label("Search the site").fill("GigaChat")
    page.get_by_label("Search the site").press("Enter")
    page.wait_for_url("**/search/?q=GigaChat")
    results = page.locator(".search-results h3").all_inner_texts()
    assert "GigaChat" in results
    page.get_by_role("link", name="GigaChat", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("GigaChat")
    assert watcher.problems == []


def test_a_reader_compares_countries_on_an_indicator(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(
        live_server.url + reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"])
    )
    for name in ("United States", "China", "India", "Brazil"):
        page.get_by_label(name, exact=True).uncheck()
    page.get_by_label("Russia", exact=True).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**country=russia**")
    assert page.locator(".chart-legend").count() == 0  # one line needs no legend
    assert (
        "Russia: 25th of 62 in 2023, 31st of 83 in 2024."
        in page.locator(".chart-summary").inner_text()
    )
    assert watcher.problems == []


def test_a_reader_filters_the_timeline_by_year(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(live_server.url + reverse("briefs:event-list"))
    page.get_by_label("Year").select_option("2025")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**year=2025**")
    assert page.locator(".timeline a[href*='/events/']").all_inner_texts() == [
        "Indonesia becomes a full member of BRICS"
    ]
    assert watcher.problems == []


def test_pages_fit_a_360_pixel_phone_and_stay_accessible_there(live_server, story, new_page):
    page, watcher = new_page(width=360, height=780, allowed_statuses={400, 404})
    problems = {}
    for name, path in page_types().items():
        page.goto(live_server.url + path)
        found = _axe_problems(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            found.append(f"{width} pixels wide")
        if found:
            problems[name] = found
    assert problems == {}
    assert watcher.problems == []


def test_the_skip_link_appears_on_focus_and_moves_to_the_content(live_server, story, new_page):
    page, _ = new_page()
    page.goto(live_server.url + reverse("briefs:home"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_iso_code_addresses_lead_to_the_country_page(live_server, story, new_page):
    page, watcher = new_page()
    page.goto(live_server.url + "/countries/RUS/")
    assert page.url == live_server.url + reverse("briefs:country-detail", args=["russia"])
    assert page.locator("h1").inner_text() == "Russia"
    assert watcher.problems == []
