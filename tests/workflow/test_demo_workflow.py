"""The demo: its login is a Publisher (not a superuser) and its briefs cite with [^N]."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from briefs.markdown import cited_numbers
from briefs.models import Brief

pytestmark = pytest.mark.django_db


def load(settings, *, debug: bool):
    settings.DEBUG = debug
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_login_is_a_publisher_and_not_a_superuser(settings, client):
    load(settings, debug=True)
    editor = get_user_model().objects.get(username="editor")
    assert list(editor.groups.values_list("name", flat=True)) == ["Publisher"]
    assert editor.is_staff and not editor.is_superuser
    # Through the sign-in form, as the editor does (django-axes checks it).
    credentials = {"username": "editor", "password": "briefs-demo-editor"}
    assert client.post(reverse("admin:login"), credentials).status_code == 302
    page = client.get(reverse("admin:briefs_brief_changelist"))
    assert 'value="publish_selected"' in page.text


def test_reloading_the_demo_keeps_the_login_a_publisher(settings):
    load(settings, debug=True)
    load(settings, debug=True)
    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.filter(name="Publisher").exists() and not editor.is_superuser


def test_demo_briefs_cite_with_references_to_existing_citations(settings, client):
    load(settings, debug=False)
    for brief in Brief.objects.all():
        assert not re.search(r"(?<!\^)\[\d\]", brief.body), brief.slug  # no literal "[1]" text
        numbers = set(brief.citations.values_list("position", flat=True))
        assert cited_numbers(brief.body) and cited_numbers(brief.body) <= numbers
        page = client.get(brief.get_absolute_url())
        for number in cited_numbers(brief.body):
            assert f'href="#citation-{number}"' in page.text
            assert f'id="citation-{number}"' in page.text
