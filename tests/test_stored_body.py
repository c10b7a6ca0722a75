"""A brief's body is rendered from Markdown once, when it is saved, and read as stored."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from briefs import markdown
from briefs.models import Brief
from tests.factories import BriefFactory

pytestmark = pytest.mark.django_db


def test_saving_a_brief_stores_its_body_as_html_with_the_renderer_version():
    brief = BriefFactory(body="Russia is **31st** of 83.[^1]")
    stored = Brief.objects.values("stored_body_html", "stored_body_html_version").get()
    assert "<strong>31st</strong>" in stored["stored_body_html"]
    assert 'href="#citation-1"' in stored["stored_body_html"]
    assert stored["stored_body_html_version"] == markdown.RENDERER_VERSION

    brief.body = "Now **29th** of 36."
    brief.save()
    assert "<strong>29th</strong>" in Brief.objects.get().stored_body_html


def test_the_page_and_the_api_read_the_stored_html_without_rendering(client, monkeypatch):
    brief = BriefFactory(slug="stored", body="A **bold** claim.")

    def fail(text):
        raise AssertionError("rendered on read")

    monkeypatch.setattr("briefs.models.brief.render_markdown", fail)
    page = client.get(brief.get_absolute_url())
    assert "<strong>bold</strong>" in page.content.decode()
    api = client.get(reverse("api:brief-detail", kwargs={"slug": "stored"}))
    assert "<strong>bold</strong>" in api.json()["body_html"]


def test_html_from_an_older_renderer_is_rendered_afresh_and_restored_by_the_command(client):
    brief = BriefFactory(slug="old", body="A **bold** claim.")
    Brief.objects.update(stored_body_html="<p>old renderer</p>", stored_body_html_version=0)
    assert "<strong>bold</strong>" in client.get(brief.get_absolute_url()).content.decode()

    call_command("render_briefs", stdout=None)
    stored = Brief.objects.values("stored_body_html", "stored_body_html_version").get()
    assert "<strong>bold</strong>" in stored["stored_body_html"]
    assert stored["stored_body_html_version"] == markdown.RENDERER_VERSION
