"""The web lists count no further than the cap (briefs.paging), and their pages still work.

The cap is 3 here (the ``count_cap`` fixture), so a few briefs show what 1,000 would.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BriefFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("briefs:brief-list")


@pytest.fixture
def per_page(monkeypatch):
    """Two briefs a page: with a cap of 3, page 3 lies beyond what was counted."""
    monkeypatch.setattr("briefs.views.BRIEFS_PER_PAGE", 2)
    return 2


def briefs_newest_first(count: int, **kwargs) -> list[str]:
    """`count` briefs, "Brief 1" the newest; their titles, newest first."""
    now = timezone.now()
    return [
        BriefFactory(
            title=f"Brief {index + 1}", publish_at=now - datetime.timedelta(hours=index), **kwargs
        ).title
        for index in range(count)
    ]


def titles(response) -> list[str]:
    return [brief.title for brief in response.context["page"].object_list]


def result_count(response) -> str:
    return response.text.split('<p class="result-count" role="status">', 1)[1].split("</p>")[0]


def test_a_list_longer_than_the_cap_says_more_than_the_cap_not_a_figure(client, count_cap):
    briefs_newest_first(5)
    response = client.get(LIST)
    assert response.status_code == 200
    assert result_count(response) == "More than 3 briefs."


def test_the_cap_reads_with_thousands_separators(client, monkeypatch):
    monkeypatch.setattr("briefs.paging.COUNT_CAP", 1000)
    monkeypatch.setattr("briefs.paging.capped_count", lambda queryset: 1001)
    BriefFactory()
    assert result_count(client.get(LIST)) == "More than 1,000 briefs."


def test_a_list_up_to_the_cap_gives_the_exact_figure_and_page_count(client, count_cap, per_page):
    briefs_newest_first(3)
    response = client.get(LIST)
    assert result_count(response) == "3 briefs."
    assert "<span>Page 1 of 2</span>" in response.text


def test_filters_past_the_cap_say_more_than_the_cap_match(client, count_cap):
    topic = TopicFactory(slug="rankings")
    for _ in range(4):
        BriefFactory().topics.add(topic)
    response = client.get(LIST, {"topic": "rankings"})
    assert result_count(response) == "More than 3 briefs match these filters."


def test_pages_past_the_cap_are_real_and_link_on_while_briefs_remain(client, count_cap, per_page):
    expected = briefs_newest_first(7)
    first = client.get(LIST)
    assert "<span>Page 1</span>" in first.text  # no "of N": the pages were not counted
    assert 'href="?page=2" rel="next"' in first.text
    third = client.get(LIST, {"page": "3"})
    assert third.status_code == 200
    assert titles(third) == expected[4:6]
    assert 'href="?page=2" rel="prev"' in third.text
    assert 'href="?page=4" rel="next"' in third.text
    fourth = client.get(LIST, {"page": "4"})
    assert titles(fourth) == expected[6:]
    assert 'rel="next"' not in fourth.text


def test_a_page_too_far_past_the_cap_is_a_400_that_claims_no_last_page(client, count_cap, per_page):
    expected = briefs_newest_first(7)
    response = client.get(LIST, {"page": "99"})
    assert response.status_code == 400
    assert "There is no page 99; this is page 2." in response.text
    assert "last page" not in response.text
    assert titles(response) == expected[2:4]


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1e9", "99999999999999999999999"])
def test_bad_page_numbers_past_the_cap_are_a_400_with_a_notice(client, count_cap, page):
    briefs_newest_first(5)
    response = client.get(LIST, {"page": page})
    assert response.status_code == 400
    assert 'class="notice" role="status"' in response.text


def test_drafts_are_not_counted(client, count_cap):
    briefs_newest_first(3)
    briefs_newest_first(2, status="draft")
    assert result_count(client.get(LIST)) == "3 briefs."
