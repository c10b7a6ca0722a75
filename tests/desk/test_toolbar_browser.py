"""Writing the body: a Markdown toolbar, a citation picker and readable citation markers."""

import pytest
from django.urls import reverse

from tests.desk.browser_helpers import logged_in_page
from tests.factories import BriefCitationFactory, BriefFactory, SourceFactory, restore_countries

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def cited_brief(editor_user):
    restore_countries()
    brief = BriefFactory(title="Ranks", body="Russia ranks 31st.")
    BriefCitationFactory(
        brief=brief, position=1, source=SourceFactory(title="Tortoise Global AI Index")
    )
    BriefCitationFactory(brief=brief, position=2, source=SourceFactory(title="Stanford AI Index"))
    return brief


def test_the_toolbar_formats_the_selection_and_the_picker_inserts_a_citation(
    live_server, new_page, cited_brief
):
    page, _ = logged_in_page(new_page, live_server, "eddie")
    page.goto(live_server.url + reverse("admin:briefs_brief_change", args=[cited_brief.pk]))
    assert "[^N]" in page.inner_text(".field-body .help")
    body = page.locator("#id_body")
    body.evaluate("element => element.setSelectionRange(0, 6)")  # "Russia"
    page.click(".md-toolbar [data-action=bold]")
    assert page.input_value("#id_body") == "**Russia** ranks 31st."
    body.evaluate(
        "element => element.setSelectionRange(element.value.length, element.value.length)"
    )
    page.select_option(".md-cite", "2")
    assert page.input_value("#id_body") == "**Russia** ranks 31st.[^2]"
    options = page.locator(".md-cite option").all_inner_texts()
    assert any("Stanford AI Index" in option for option in options)
    body.evaluate("element => element.setSelectionRange(0, 0)")
    page.click(".md-toolbar [data-action=heading]")
    assert page.input_value("#id_body").startswith("## **Russia**")


def test_adjacent_citation_markers_stay_apart_on_the_page(live_server, new_page, cited_brief):
    cited_brief.body = "Russia ranks 31st and 29th.[^1][^2]"
    cited_brief.save()
    page, _ = new_page()
    page.goto(live_server.url + cited_brief.get_absolute_url())
    first, second = page.locator("sup.citation-ref").all()[:2]
    gap = second.bounding_box()["x"] - (first.bounding_box()["x"] + first.bounding_box()["width"])
    assert gap >= 2
