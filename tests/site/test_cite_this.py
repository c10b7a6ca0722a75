"""Every brief and data page offers "Cite this": a short citation, a full one with the
access date and the permanent address, and BibTeX, without any script."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.citation import Citation

pytestmark = pytest.mark.django_db

PAGES = [
    ("briefs:brief-detail", ["russia-ai-alliance-network-brics"]),
    ("briefs:indicator-detail", ["tortoise-global-ai-index"]),
    ("briefs:country-detail", ["russia"]),
    ("briefs:bloc-detail", ["brics"]),
    ("briefs:organization-detail", ["sberbank"]),
    ("briefs:aimodel-list", []),
    ("briefs:aimodel-detail", ["gigachat"]),
    ("briefs:event-detail", ["chip-makers-halt-exports-to-russia"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_brief_and_data_pages_offer_cite_this_with_access_date_permanent_url_and_bibtex(
    client, demo, name, args
):
    url = reverse(name, args=args)
    html = client.get(url).content.decode()
    block = html[html.index('<details class="cite-this">') :]
    block = block[: block.index("</details>")]
    today = timezone.localdate()
    assert f"Retrieved {today.day} {today:%B %Y} from http://testserver{url}" in block
    assert "@misc{" in block and f"urldate = {{{today:%Y-%m-%d}}}" in block
    assert "<script" not in block


def test_a_briefs_citation_names_its_authors_and_the_year_it_was_first_published(client, demo):
    html = client.get(reverse("briefs:brief-detail", args=["russia-in-global-ai-rankings"]))
    text = html.content.decode()
    assert "AI Geopolitics Briefs (2024), Two AI indices, one verdict on Russia" in text


def test_a_data_page_citation_names_whose_data_it_compiles(client, demo):
    html = client.get(reverse("briefs:indicator-detail", args=["tortoise-global-ai-index"]))
    assert "Data from Tortoise Media, compiled by AI Geopolitics Briefs." in html.content.decode()


def test_bibtex_escapes_special_characters_and_keys_are_plain():
    cited = Citation(
        title="R&D: 50% of #AI_spend",
        url="https://briefs.example.org/x/",
        year=2024,
        accessed_on=datetime.date(2024, 12, 12),
    )
    assert r"title = {R\&D: 50\% of \#AI\_spend}" in cited.bibtex
    assert re.match(r"@misc\{[a-z0-9]+,", cited.bibtex)
    assert cited.full.endswith("Retrieved 12 December 2024 from https://briefs.example.org/x/")
