"""An author is named the same way on every surface: full name, else username."""

import feedparser
import pytest
from django.urls import reverse

from tests.factories import BriefFactory, UserFactory
from tests.site.test_seo import read

pytestmark = pytest.mark.django_db


def test_author_without_a_full_name_is_named_by_username_on_every_surface(client):
    brief = BriefFactory()
    brief.authors.add(
        UserFactory(username="anna", first_name="Anna", last_name="Editor"),
        UserFactory(username="nameless", first_name="", last_name=""),
    )
    names = ["Anna Editor", "nameless"]

    page = client.get(brief.get_absolute_url()).text
    assert "by Anna Editor, nameless" in page

    (json_ld,) = read(client, brief.get_absolute_url()).json_ld
    assert [author["name"] for author in json_ld["author"]] == names

    feed = feedparser.parse(client.get(reverse("briefs:feed")).content)
    assert feed.entries[0].author == ", ".join(names)

    api = client.get(reverse("api:brief-detail", kwargs={"slug": brief.slug})).json()
    assert api["authors"] == names
