"""Citation references in brief bodies link to the numbered sources; unsafe links never render."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from briefs.markdown import cited_numbers, render_markdown
from tests.factories import BriefCitationFactory, BriefFactory

from .conftest import change_form


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]


def link_targets(html: str) -> list[str]:
    """Every URL an element would follow or load, with entities decoded as a browser does."""
    parser = _Targets()
    parser.feed(html)
    return parser.urls


def test_a_citation_reference_links_to_the_numbered_source():
    html = render_markdown("Russia is 31st of 83.[^1]")
    assert '<sup class="citation-ref"><a href="#citation-1"' in html
    assert ">[1]</a></sup>" in html


def test_two_references_side_by_side_link_to_both_sources():
    html = render_markdown("Behind India and Brazil.[^1][^3]")
    assert 'href="#citation-1"' in html and 'href="#citation-3"' in html


def test_references_in_code_stay_literal():
    html = render_markdown("Write `[^1]` to cite the first source.")
    assert "<code>[^1]</code>" in html
    assert "citation-ref" not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
        "<a href='javascript:alert(1)'>x</a>",
        "[x]: javascript:alert(1)\n\n[link][x]",
    ],
)
def test_javascript_and_data_links_are_removed(markdown):
    urls = [url.lower() for url in link_targets(render_markdown(markdown))]
    assert not [url for url in urls if url.startswith(("javascript:", "data:"))]


def test_cited_numbers_lists_the_references_in_a_body():
    assert cited_numbers("One.[^1] Two.[^2][^10] Code `x`.") == {1, 2, 10}


@pytest.mark.django_db
def test_the_brief_page_links_references_to_its_citation_list(client):
    citation = BriefCitationFactory(position=2, brief=BriefFactory(body="A claim.[^2]"))
    page = client.get(citation.brief.get_absolute_url())
    assert 'href="#citation-2"' in page.text
    assert 'id="citation-2"' in page.text


@pytest.mark.django_db
def test_saving_a_body_that_cites_a_missing_number_warns_the_editor(client, editor_user):
    brief = BriefCitationFactory(position=1).brief
    client.force_login(editor_user)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data["body"] = "Cited.[^1] Not cited yet.[^4]"
    response = client.post(url, data, follow=True)
    assert "The body cites [^4] but the brief has no citation with that number." in response.text
