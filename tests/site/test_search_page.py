"""The search page answers every query with a normal page, best hits first."""

import pytest
from django.urls import reverse

from briefs.search import MAX_QUERY_LENGTH
from tests.factories import AIModelFactory, BriefFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("briefs:search")


def test_search_finds_briefs_and_entities_with_links(client):
    brief = BriefFactory(title="GigaChat and the home market")
    model = AIModelFactory(name="GigaChat")
    response = client.get(SEARCH, {"q": "gigachat"})
    assert response.status_code == 200
    assert f'href="{brief.get_absolute_url()}"' in response.text
    assert f'href="{model.get_absolute_url()}"' in response.text
    assert "AI model" in response.text


def test_search_with_cyrillic_finds_cyrillic(client):
    OrganizationFactory(name="Сбербанк")
    response = client.get(SEARCH, {"q": "сбер"})  # noqa: RUF001 (Cyrillic on purpose)
    assert "Сбербанк" in response.text


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "ГигаЧат",
        "!!! ??? ...",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "x" * 5000,
        "\x00\x07 control",
        "%%%___",
    ],
)
def test_any_query_gets_a_normal_page(client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text
    assert 'id="search-q"' in response.text


def test_a_very_long_query_is_cut_and_says_so(client):
    response = client.get(SEARCH, {"q": "brics " * 100})
    assert response.status_code == 200
    assert f"longer than {MAX_QUERY_LENGTH} characters" in response.text


def test_no_results_says_what_to_try(client):
    BriefFactory(title="Something")
    response = client.get(SEARCH, {"q": "zebra"})
    assert "Nothing found for “zebra”." in response.text
    assert "Try fewer or shorter words" in response.text


def test_unpublished_briefs_are_never_found(client):
    BriefFactory(title="Hidden alliance", status="review")
    response = client.get(SEARCH, {"q": "hidden"})
    assert "Hidden alliance" not in response.text
