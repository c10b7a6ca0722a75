"""Search finds what a reader means, on PostgreSQL and on SQLite alike, and never fails."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from briefs.models import Brief
from briefs.search import MAX_QUERY_LENGTH, clean_query, search_briefs, search_site
from tests.factories import (
    AIModelFactory,
    BlocFactory,
    BriefFactory,
    EventFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def titles(briefs) -> list[str]:
    return [brief.title for brief in briefs]


def test_a_word_matches_as_a_prefix():
    BriefFactory(title="Western sanctions bite", body="Chips are scarce.")
    assert titles(search_briefs("sanction")) == ["Western sanctions bite"]


def test_cyrillic_matches_whatever_the_case():
    BriefFactory(title="ГигаЧат и рынок", body="Текст.")
    assert titles(search_briefs("гигачат")) == ["ГигаЧат и рынок"]
    assert titles(search_briefs("ГИГА")) == ["ГигаЧат и рынок"]


def test_every_word_must_match():
    BriefFactory(title="BRICS network", body="Russia and partners.")
    BriefFactory(title="BRICS summit", body="Trade.")
    assert titles(search_briefs("brics russia")) == ["BRICS network"]


def test_a_title_match_ranks_above_a_body_match():
    BriefFactory(title="Chips and more", body="Nothing about the alliance.")
    BriefFactory(title="The alliance", body="Nothing about chips.")
    assert titles(search_briefs("alliance")) == ["The alliance", "Chips and more"]


@pytest.mark.parametrize(
    "status", [Brief.Status.DRAFT, Brief.Status.REVIEW, Brief.Status.WITHDRAWN]
)
def test_unpublished_briefs_are_never_found(status):
    BriefFactory(title="Hidden alliance", status=status)
    assert not search_briefs("hidden").exists()
    assert search_site("hidden") == []


def test_search_briefs_narrows_a_given_queryset():
    wanted = BriefFactory(title="Alliance news", featured=True)
    BriefFactory(title="Alliance views", featured=False)
    assert list(search_briefs("alliance", Brief.objects.published().filter(featured=True))) == [
        wanted
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!! ??? ...",
        "<script>alert('x')</script>",
        "' OR 1=1 --",
        "a & b | !c :* <->",
        "x" * 10_000,
        "nul\x00byte",
        "\ud83d",
        "%_%",
    ],
)
def test_any_query_string_is_answered_without_error(query):
    BriefFactory(title="Alliance")
    assert isinstance(search_site(query), list)
    list(search_briefs(query))


def test_punctuation_only_and_markup_find_nothing():
    BriefFactory(title="Alliance")
    assert search_site("!!! ...") == []
    assert search_site("<>") == []


def test_clean_query_collapses_space_drops_control_characters_and_caps_length():
    assert clean_query("  ГигаЧат \t\n  YandexGPT\x00 ") == "ГигаЧат YandexGPT"
    assert len(clean_query("y" * 1000)) == MAX_QUERY_LENGTH
    assert clean_query(None) == ""


def test_site_search_finds_a_country_by_its_iso_code_first():
    hits = search_site("RU")
    assert hits[0].kind == "country"
    assert hits[0].title == "Russia"
    assert hits[0].url == "/countries/russia/"


def test_site_search_covers_every_kind():
    BriefFactory(title="Zephyr brief")
    AIModelFactory(name="Zephyr model")
    BlocFactory(name="Zephyr bloc")
    EventFactory(title="Zephyr event")
    OrganizationFactory(name="Zephyr labs")
    kinds = {hit.kind for hit in search_site("zephyr")}
    assert kinds == {"brief", "aimodel", "bloc", "event", "organization"}


def test_site_search_costs_one_query_per_kind_whatever_the_data_size():
    def queries_for(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            search_site(query)
        return len(captured)

    for index in range(3):
        BriefFactory(title=f"Alliance {index}")
    small = queries_for("alliance")
    for index in range(40):
        BriefFactory(title=f"Alliance more {index}")
        EventFactory(title=f"Alliance event {index}")
    assert queries_for("alliance") == small == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes are PostgreSQL's")
def test_postgresql_search_uses_the_gin_index():
    BriefFactory(title="Alliance")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = search_briefs("alliance", Brief.objects.all()).explain()
    assert "brief_search" in plan


def test_only_the_newest_matches_up_to_the_cap_are_ranked_best_first(count_cap):
    now = timezone.now()
    for hours in range(4):  # cap + 1 candidates: matches in the body only
        BriefFactory(
            title=f"Story {hours}",
            body="About sanctions.",
            publish_at=now - datetime.timedelta(hours=hours),
        )
    BriefFactory(
        title="Sanctions in the title", publish_at=now - datetime.timedelta(hours=2, minutes=30)
    )
    BriefFactory(title="Sanctions, but old", publish_at=now - datetime.timedelta(days=30))
    # The newest four matches are the candidates; within them the title hit ranks first.
    assert titles(search_briefs("sanctions")) == [
        "Sanctions in the title",
        "Story 0",
        "Story 1",
        "Story 2",
    ]


def test_drafts_never_take_a_candidate_place(count_cap):
    now = timezone.now()
    for hours in range(4):
        BriefFactory(title=f"Draft sanctions {hours}", status=Brief.Status.DRAFT, publish_at=now)
    BriefFactory(title="Published sanctions", publish_at=now - datetime.timedelta(days=1))
    assert titles(search_briefs("sanctions")) == ["Published sanctions"]


def test_site_search_ranks_a_bounded_set_of_each_kind(count_cap):
    for number in range(6):
        EventFactory(title=f"Sanctions event {number}")
        BriefFactory(title=f"Sanctions brief {number}")
    hits = search_site("sanctions")
    assert sum(hit.kind == "event" for hit in hits) == count_cap + 1
    assert sum(hit.kind == "brief" for hit in hits) == count_cap + 1


def test_an_old_match_behind_many_newer_briefs_is_still_a_candidate(count_cap):
    now = timezone.now()
    for hours in range(count_cap + 2):
        BriefFactory(title=f"Unrelated {hours}", publish_at=now - datetime.timedelta(hours=hours))
    BriefFactory(title="Sanctions long ago", publish_at=now - datetime.timedelta(days=400))
    assert titles(search_briefs("sanctions")) == ["Sanctions long ago"]
