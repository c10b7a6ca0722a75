"""Nothing lost: autosave per user and brief, never public, not a revision; a kept hero image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from briefs.models import Brief, BriefAutosave
from tests.factories import BriefFactory
from tests.workflow.conftest import change_form
from tests.workflow.test_images import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def autosave(client, brief, **fields):
    return client.post(reverse("admin:briefs_brief_autosave", args=[brief.pk]), fields)


def offer_on_form(client, brief):
    response = client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    return response.context["autosave_offer"]


def test_autosave_keeps_the_text_per_user_and_offers_it_on_reopening(
    client, editor_user, publisher
):
    brief = BriefFactory(body="Saved body.")
    client.force_login(editor_user)
    response = autosave(client, brief, title=brief.title, body="Typed, not saved.")
    assert response.status_code == 200
    assert "saved_at_display" in response.json()
    offered = offer_on_form(client, brief)
    assert offered["fields"]["body"] == "Typed, not saved."
    client.force_login(publisher)
    assert offer_on_form(client, brief) is None  # another editor's copy is theirs alone


def test_autosave_is_neither_the_brief_nor_a_revision_nor_public(client, editor_user):
    brief = BriefFactory(body="Saved body.")
    client.force_login(editor_user)
    versions = Version.objects.count()
    autosave(client, brief, body="Secret unsaved thought.")
    brief.refresh_from_db()
    assert brief.body == "Saved body."
    assert Version.objects.count() == versions
    client.logout()
    assert "Secret unsaved thought." not in client.get(brief.get_absolute_url()).text


def test_saving_the_brief_clears_its_autosave(client, editor_user):
    brief = BriefFactory(body="Saved body.")
    client.force_login(editor_user)
    autosave(client, brief, body="Typed.")
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data["body"] = "Typed."
    assert client.post(url, data).status_code == 302
    assert not BriefAutosave.objects.exists()


def test_discarding_drops_the_autosave(client, editor_user):
    brief = BriefFactory()
    client.force_login(editor_user)
    autosave(client, brief, body="Typed.")
    autosave(client, brief, discard="1")
    assert not BriefAutosave.objects.exists()


def test_autosave_refuses_what_it_cannot_keep(client, editor_user, contributor):
    brief = BriefFactory()
    client.force_login(editor_user)
    assert autosave(client, brief).status_code == 400
    assert autosave(client, brief, body="x" * 200_001).status_code == 400
    assert client.get(reverse("admin:briefs_brief_autosave", args=[brief.pk])).status_code == 405
    client.force_login(contributor)  # not their brief
    assert autosave(client, brief, body="Typed.").status_code == 403


def test_a_chosen_hero_image_is_kept_through_a_validation_error(client, editor_user, media):
    brief = BriefFactory(status=Brief.Status.DRAFT, publish_at=None)
    client.force_login(editor_user)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update({"hero_alt": "", "hero_credit": "Photo: the editors, CC BY 4.0"})
    data["hero_image"] = SimpleUploadedFile("photo.jpg", jpeg())
    response = client.post(url, data)
    assert response.status_code == 200
    assert "kept: photo.jpg" in response.text
    form = response.context["adminform"].form
    token = form.data["hero_image_kept"]
    assert token

    data = change_form(client, url, "brief_form")
    data.update(
        {"hero_alt": "A server hall", "hero_credit": "Photo: the editors", "hero_image_kept": token}
    )
    assert client.post(url, data).status_code == 302
    brief.refresh_from_db()
    assert brief.hero_image.name.endswith("photo.jpg")
    assert brief.hero_renditions
    assert not list((media / "briefs" / "pending").rglob("*.jpg"))


def test_a_forged_kept_token_is_ignored(client, editor_user):
    brief = BriefFactory(status=Brief.Status.DRAFT, publish_at=None)
    client.force_login(editor_user)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data["hero_image_kept"] = "briefs/pending/x/../../../settings.py"
    assert client.post(url, data).status_code == 302
    brief.refresh_from_db()
    assert not brief.hero_image
