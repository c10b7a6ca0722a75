"""Errors as RFC 9457 problem details under every /api/ path, and what apps ask of the
responses: RateLimit headers, a Link header, count, gzip."""

import gzip
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import BriefFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:brief-list")
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "code", "errors"}


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert set(body) == PROBLEM_MEMBERS
    assert body["status"] == status
    return body


def test_a_bad_parameter_is_a_problem_document_keeping_the_old_fields(client):
    body = problem(client.get(LIST, {"published_after": "soon"}), 400)
    assert body["type"] == "about:blank"
    assert body["title"] == "Bad Request"
    assert body["code"] == "invalid_parameter"
    assert body["detail"] == "Invalid parameter: published_after."
    assert body["errors"][0]["parameter"] == "published_after"


def test_other_errors_are_problem_documents_too(client):
    assert problem(client.post(LIST), 405)["title"] == "Method Not Allowed"
    refused = client.get(LIST, HTTP_ACCEPT="application/xml")
    assert problem(refused, 406)["title"] == "Not Acceptable"


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v2/briefs/",
        "/api/v1/nothing-here/",
        "/api/v1/nothing-here",
        "/api/v1/briefs/no-such-brief/",
        "/api/v1/countries/RU/extra/",
        "/api/v1/briefs.json",
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_every_unknown_path_under_api_is_a_problem_404(client, path, debug):
    with override_settings(DEBUG=debug):
        body = problem(client.get(path), 404)
    assert body["code"] == "not_found"


def test_a_view_s_own_404_keeps_its_detail(client):
    body = problem(client.get("/api/v1/briefs/no-such-brief/"), 404)
    assert body["detail"] == "There is no published brief 'no-such-brief'."


def test_writing_to_an_unknown_api_path_is_a_404_not_a_csrf_failure(client):
    problem(client.post("/api/v1/nothing-here/", data={}), 404)


def test_an_unknown_api_path_carries_cors_headers(client):
    response = client.get("/api/v2/", HTTP_ORIGIN="https://dashboard.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_site_keeps_its_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_every_answer_carries_the_ratelimit_headers_of_the_ietf_draft(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
    }
    # The page cache answers repeats before the throttle (briefs/page_cache.py): only the
    # requests that reach the API count, so this test makes every request reach it.
    settings.PAGE_CACHE_ENABLED = False
    BriefFactory()
    remaining = []
    for _ in range(3):
        response = client.get(LIST, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "3"
        assert response["RateLimit-Policy"] == "3;w=60"
        assert 0 < int(response["RateLimit-Reset"]) <= 60
        remaining.append(response["RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    throttled = client.get(LIST, REMOTE_ADDR="203.0.113.7")
    assert problem(throttled, 429)["code"] == "throttled"
    assert throttled["RateLimit-Remaining"] == "0"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert int(throttled["RateLimit-Reset"]) == int(throttled["Retry-After"])


def test_paged_lists_have_a_link_header_exposed_to_browsers(client):
    for number in range(3):
        TopicFactory(slug=f"topic-{number}")
    url = reverse("api:topic-list")
    first = client.get(url, {"page_size": 1}, HTTP_ORIGIN="https://dashboard.example.net")
    body = first.json()
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    middle = client.get(body["next"])
    assert middle["Link"] == (
        f'<{middle.json()["next"]}>; rel="next", <{middle.json()["previous"]}>; rel="prev"'
    )
    exposed = {name.strip().lower() for name in first["Access-Control-Expose-Headers"].split(",")}
    assert {"link", "ratelimit-remaining", "ratelimit-reset", "retry-after"} <= exposed
    assert not client.get(url).has_header("Link")


def test_the_brief_list_says_how_many_match_and_links_by_cursor(client):
    for number in range(3):
        BriefFactory(slug=f"brief-{number}")
    response = client.get(LIST, {"page_size": 2})
    body = response.json()
    assert body["count"] == 3
    assert response["Link"] == f'<{body["next"]}>; rel="next"'
    assert client.get(body["next"]).json()["count"] == 3


def test_api_responses_are_gzipped_for_clients_that_ask_and_pages_are_not(client):
    for number in range(5):
        BriefFactory(slug=f"brief-{number}")
    response = client.get(LIST, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["count"] == 5
    # The validator still matches the uncompressed answer.
    etag = response["ETag"].removeprefix("W/")
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert not client.get(LIST).has_header("Content-Encoding")
    page = client.get(reverse("briefs:brief-list"), HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200
    assert not page.has_header("Content-Encoding")


def test_fields_gives_sparse_lists_and_details(client):
    BriefFactory(slug="one")
    listed = client.get(LIST, {"fields": "slug,updated_at"}).json()["results"]
    assert [set(item) for item in listed] == [{"slug", "updated_at"}]
    one = client.get(reverse("api:brief-detail", kwargs={"slug": "one"}), {"fields": "title"})
    assert one.json() == {"title": BriefFactory._meta.model.objects.get(slug="one").title}
    countries = client.get(reverse("api:country-list"), {"fields": "iso2", "page_size": 1})
    assert countries.json()["results"] == [{"iso2": "AF"}]


def test_an_unknown_field_is_a_400_naming_fields(client):
    body = problem(client.get(LIST, {"fields": "slug,colour"}), 400)
    assert body["errors"][0]["parameter"] == "fields"
    assert "'colour'" in body["errors"][0]["message"]


def test_the_brief_body_comes_as_html_markdown_or_text(client):
    BriefFactory(slug="one", body="Some **bold** claim.[^1]\n\n- first\n- second")
    url = reverse("api:brief-detail", kwargs={"slug": "one"})
    as_html = client.get(url).json()
    assert "<strong>bold</strong>" in as_html["body_html"]
    assert "body_markdown" not in as_html and "body_text" not in as_html
    as_markdown = client.get(url, {"body_format": "markdown"}).json()
    assert as_markdown["body_markdown"] == "Some **bold** claim.[^1]\n\n- first\n- second"
    assert "body_html" not in as_markdown
    as_text = client.get(url, {"body_format": "text"}).json()
    assert as_text["body_text"] == "Some bold claim.[1]\n\n- first\n- second"
    just_text = client.get(url, {"body_format": "text", "fields": "slug,body_text"}).json()
    assert just_text == {"slug": "one", "body_text": as_text["body_text"]}


def test_a_bad_body_format_or_a_body_field_of_another_format_is_a_400(client):
    BriefFactory(slug="one")
    url = reverse("api:brief-detail", kwargs={"slug": "one"})
    assert problem(client.get(url, {"body_format": "pdf"}), 400)["errors"][0]["parameter"] == (
        "body_format"
    )
    other = problem(client.get(url, {"fields": "body_markdown"}), 400)["errors"][0]
    assert other["parameter"] == "fields"
    assert "body_format=markdown" in other["message"]
