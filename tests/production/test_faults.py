"""Faults degrade, never 500: Redis down, control characters, a read-only database,
failing media storage, withdrawn briefs' old slugs, and URLs with dangerous schemes."""

import io
import logging
import re
from html import unescape

import feedparser
import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from briefs.models import Brief, Source, Topic
from tests.factories import (
    BriefCitationFactory,
    BriefFactory,
    SourceFactory,
    TopicFactory,
    UserFactory,
)
from tests.site.conftest import build_world
from tests.workflow.conftest import change_form

from .conftest import read_only_database

pytestmark = pytest.mark.django_db


# Redis down.


def test_with_redis_down_pages_and_api_calls_answer_and_a_log_line_says_so(
    client, redis_down, caplog
):
    brief = BriefFactory(title="Still readable")
    caplog.set_level(logging.WARNING, logger="briefs.cache")
    for url in (
        reverse("briefs:home"),
        brief.get_absolute_url(),
        reverse("briefs:feed"),
        reverse("api:brief-list"),
        reverse("api:brief-detail", args=[brief.slug]),
        reverse("api:search") + "?q=readable",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    api = client.get(reverse("api:brief-list"))
    assert api["ETag"] and api["Last-Modified"]  # the bookkeeping degrades, not the answer
    assert "Still readable" in api.content.decode()
    warnings = [r.getMessage() for r in caplog.records if r.name == "briefs.cache"]
    assert len(warnings) == 1 and warnings[0].startswith("Cache unavailable")


def test_with_redis_down_the_throttle_lets_requests_through(client, redis_down, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "2/minute"}
    statuses = {client.get(reverse("api:topic-list")).status_code for _ in range(5)}
    assert statuses == {200}


# Control characters.

WORD_PASTE = "AI\x0balliances\x0c and\x00 chips\ttabbed\r\nnext line"
CLEANED = "AIalliances and chips\ttabbed\r\nnext line"


def test_control_characters_are_stripped_on_every_save_but_tab_newline_and_cr_stay():
    topic = TopicFactory(name="Vertical\x0btab", description=WORD_PASTE)
    topic.refresh_from_db()
    assert (topic.name, topic.description) == ("Verticaltab", CLEANED)
    user = UserFactory(first_name="Ed\x1bdie")
    user.refresh_from_db()
    assert user.first_name == "Eddie"


def test_a_topic_named_with_a_vertical_tab_in_the_admin_leaves_every_feed_valid(client, superuser):
    client.force_login(superuser)
    topic = TopicFactory(name="Chips")
    url = reverse("admin:briefs_topic_change", args=[topic.pk])
    data = change_form(client, url, "topic_form")
    data["name"] = "AI\x0balliances"
    assert client.post(url, data).status_code == 302
    topic.refresh_from_db()
    assert topic.name == "AIalliances"
    BriefFactory(title="A brief\x0b", summary="Pasted\x0cfrom Word").topics.add(topic)
    _assert_feeds_valid(client, topic)


def test_feeds_stay_valid_when_control_characters_skip_the_model_layer(client):
    topic = TopicFactory()
    brief = BriefFactory()
    brief.topics.add(topic)
    Topic.objects.filter(pk=topic.pk).update(name="Bad\x0bname\x0c")  # update() sends no signal
    Brief.objects.filter(pk=brief.pk).update(title="Bad\x01title", summary="A\x1fsummary")
    author = UserFactory(first_name="Ana\x08", last_name="Lyst")
    brief.authors.add(author)
    type(author).objects.filter(pk=author.pk).update(first_name="Ana\x08")
    _assert_feeds_valid(client, Topic.objects.get(pk=topic.pk))


def _assert_feeds_valid(client, topic):
    for url in (
        reverse("briefs:feed"),
        reverse("briefs:feed-atom"),
        reverse("briefs:topic-feed", args=[topic.slug]),
        reverse("briefs:topic-feed-atom", args=[topic.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.entries, url


# A read-only database.


def _admin_pages(world, superuser) -> dict[str, str]:
    """Every admin page an editor reads: each model's list, add form, a change form and
    its history; the audit trail; the brief's preview and share page."""
    pages = {"index": reverse("admin:index")}
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages[f"{opts.label} list"] = reverse(f"{prefix}_changelist")
        if model_admin.has_add_permission(request):
            pages[f"{opts.label} add"] = reverse(f"{prefix}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages[f"{opts.label} change"] = reverse(f"{prefix}_change", args=[quote(obj.pk)])
            pages[f"{opts.label} history"] = reverse(f"{prefix}_history", args=[quote(obj.pk)])
    brief = world.briefs[0]
    pages["brief preview"] = reverse("admin:briefs_brief_preview", args=[brief.pk])
    pages["brief share page"] = reverse("admin:briefs_brief_share_preview", args=[brief.pk])
    return pages


def test_with_the_database_read_only_every_admin_page_is_readable(client, superuser):
    world = build_world(1)
    client.force_login(superuser)
    pages = _admin_pages(world, superuser)
    assert len(pages) > 40
    with read_only_database():
        statuses = {name: client.get(url).status_code for name, url in pages.items()}
    assert {name: status for name, status in statuses.items() if status != 200} == {}


def test_with_the_database_read_only_a_save_is_refused_with_a_message_and_the_input_kept(
    client, superuser
):
    brief = BriefFactory(title="As it was")
    client.force_login(superuser)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data["title"] = "What the editor typed"
    with read_only_database():
        response = client.post(url, data)
    assert response.status_code == 200
    assert "The database is read-only for the moment" in response.text
    assert response.context["adminform"].form["title"].value() == "What the editor typed"
    brief.refresh_from_db()
    assert brief.title == "As it was"
    # Once the database takes writes again, the same form saves.
    resubmitted = dict(
        data, revision_token=response.context["adminform"].form["revision_token"].value()
    )
    assert client.post(url, resubmitted).status_code == 302


def test_with_the_database_read_only_a_changelist_action_is_refused_with_a_message(
    client, superuser
):
    brief = BriefFactory(status=Brief.Status.DRAFT, publish_at=None)
    client.force_login(superuser)
    url = reverse("admin:briefs_brief_changelist")
    with read_only_database():
        response = client.post(
            url, {"action": "publish_selected", "_selected_action": [brief.pk]}, follow=True
        )
    assert response.status_code == 200
    assert "nothing was changed" in response.text
    brief.refresh_from_db()
    assert brief.status == Brief.Status.DRAFT


# Failing media storage.


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 300), (40, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_a_storage_error_on_upload_is_a_form_error_with_the_input_kept(
    client, superuser, settings, tmp_path
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"  # every write fails: NotADirectoryError
    brief = BriefFactory(title="Before the upload")
    client.force_login(superuser)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update(
        {
            "title": "Typed with the upload",
            "hero_alt": "A server hall",
            "hero_credit": "Photo: the editors, CC BY 4.0",
            "hero_image": SimpleUploadedFile("hall.jpeg", _jpeg()),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["hero_image"] == ["This file could not be stored. Choose it again."]
    assert "The uploaded file could not be stored" in response.text
    assert form["title"].value() == "Typed with the upload"
    assert form["hero_alt"].value() == "A server hall"
    brief.refresh_from_db()
    assert (brief.title, brief.hero_image.name) == ("Before the upload", "")


# Old slugs of briefs that are off the site.


def test_a_withdrawn_briefs_old_slug_answers_404_and_never_redirects(client):
    brief = BriefFactory(slug="first-name")
    brief.slug = "second-name"
    brief.save()
    assert client.get("/briefs/first-name/").status_code == 301
    brief.status = Brief.Status.WITHDRAWN
    brief.save()
    for path in ("/briefs/first-name/", "/briefs/second-name/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "second-name" not in response.get("Location", "")


def test_a_drafts_old_slug_does_not_give_away_its_new_one(client):
    brief = BriefFactory(slug="draft-one", status=Brief.Status.DRAFT, publish_at=None)
    brief.slug = "draft-renamed"
    brief.save()
    response = client.get("/briefs/draft-one/")
    assert response.status_code == 404
    assert "draft-renamed" not in response.text


# URLs from the database: http, https and mailto only.

DANGEROUS_URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1",
    "java\tscript:window.__xss=1",
    " javascript:window.__xss=1",
    "\x01javascript:window.__xss=1",
    "data:text/html,<script>window.__xss=1</script>",
    "vbscript:msgbox(1)",
]


SAFE_STARTS = ("/", "#", "?", "https://", "http://", "mailto:")


@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_a_dangerous_url_stored_by_any_path_is_never_a_link(client, url):
    citation = BriefCitationFactory(source=SourceFactory(archived_url="https://archive.example/x"))
    Source.objects.filter(pk=citation.source.pk).update(url=url, archived_url=url)
    world = build_world(1)
    for model, obj in [
        (type(world.organization), world.organization),
        (type(world.bloc), world.bloc),
        (type(world.ai_model), world.ai_model),
        (type(world.indicator), world.indicator),
    ]:
        model.objects.filter(pk=obj.pk).update(website=url)
    pages = [
        citation.brief.get_absolute_url(),
        citation.source.get_absolute_url(),
        world.organization.get_absolute_url(),
        world.bloc.get_absolute_url(),
        world.ai_model.get_absolute_url(),
        world.indicator.get_absolute_url(),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        hrefs = [unescape(href) for href in re.findall(r'(?:href|src)="([^"]*)"', html)]
        assert hrefs and all(href.startswith(SAFE_STARTS) for href in hrefs), (page, hrefs)
        json_ld = "".join(re.findall(r'<script type="application/ld\+json">(.*?)</script>', html))
        assert "script:" not in json_ld and "data:" not in json_ld, page


def test_http_https_and_mailto_links_are_kept(client):
    source = SourceFactory(
        url="https://news.example.org/a", archived_url="http://archive.example/a"
    )
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'href="https://news.example.org/a"' in html
    assert 'href="http://archive.example/a"' in html
    from briefs.links import safe_url

    assert safe_url("mailto:desk@example.org") == "mailto:desk@example.org"
