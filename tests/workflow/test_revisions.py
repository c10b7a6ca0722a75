"""Every save keeps a revision with its author and comment; any two compare; any one restores."""

import pytest
from django.urls import reverse
from reversion.models import Version
from reversion.revisions import is_registered

from briefs import models
from briefs.models import AuditEvent, Brief, BriefCitation
from tests.factories import BriefCitationFactory, OrganizationFactory

from .conftest import change_form, form_data

pytestmark = pytest.mark.django_db


def save(client, brief, **changes):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    brief.refresh_from_db()


def versions_of(obj):
    return Version.objects.get_for_object(obj).select_related("revision__user")


@pytest.mark.parametrize(
    "model",
    [
        models.AIModel, models.Bloc, models.Brief, models.BriefCitation, models.Country,
        models.Event, models.Indicator, models.IndicatorEdition, models.KeyFigure,
        models.Membership, models.Organization, models.Person, models.Ranking, models.Role,
        models.Source, models.Topic,
    ],
    ids=lambda model: model.__name__,
)  # fmt: skip
def test_briefs_and_every_entity_are_versioned(model):
    assert is_registered(model)


@pytest.fixture
def brief_with_history(client, editor_user, publisher):
    brief = BriefCitationFactory(brief__title="First title", brief__body="Russia ranks 30th.").brief
    client.force_login(editor_user)
    save(client, brief, body="Russia ranks 31st of 83.")
    client.force_login(publisher)
    save(client, brief, title="Second title")
    return brief


def test_each_save_stores_a_revision_with_its_author_and_comment(brief_with_history):
    baseline, *versions = versions_of(brief_with_history).order_by("pk")
    assert baseline.revision.user is None  # made outside the admin, kept when first opened
    assert [v.revision.user.username for v in versions] == ["eddie", "paula"]
    assert "Body" in versions[0].revision.get_comment()
    assert "Title" in versions[1].revision.get_comment()


def test_the_history_page_lists_revisions_with_authors(client, publisher, brief_with_history):
    client.force_login(publisher)
    page = client.get(reverse("admin:briefs_brief_history", args=[brief_with_history.pk]))
    assert page.status_code == 200
    assert len(page.context["revision_rows"]) == 3  # the baseline and two saves
    assert "eddie" in page.text and "paula" in page.text
    assert "Restore this revision" in page.text
    assert "Compare the two selected revisions" in page.text


def test_the_diff_shows_what_changed_between_two_revisions(client, publisher, brief_with_history):
    _, older, newer = versions_of(brief_with_history).order_by("pk")
    client.force_login(publisher)
    page = client.get(
        reverse("admin:briefs_brief_compare", args=[brief_with_history.pk]),
        {"from": older.pk, "to": newer.pk},
    )
    assert page.status_code == 200
    changes = page.context["changes"]["fields"]
    labels = [change.label for change in changes]
    assert "Title" in labels and "Body" not in labels
    assert "<del>First title</del>" in page.text or "<del>First</del>" in page.text
    assert "<ins>Second" in page.text


def test_the_diff_marks_words_inside_the_body(client, publisher, brief_with_history):
    client.force_login(publisher)
    first = versions_of(brief_with_history).order_by("pk")[1]
    save(client, brief_with_history, body="Russia ranks 29th of 36.")
    latest = versions_of(brief_with_history).order_by("pk").last()
    page = client.get(
        reverse("admin:briefs_brief_compare", args=[brief_with_history.pk]),
        {"from": first.pk, "to": latest.pk},
    )
    assert "<del>31st</del>" in page.text and "<ins>29th</ins>" in page.text


def test_a_bad_compare_request_is_a_400_not_a_500(client, publisher, brief_with_history):
    client.force_login(publisher)
    url = reverse("admin:briefs_brief_compare", args=[brief_with_history.pk])
    assert client.get(url, {"from": "x", "to": "999999"}).status_code == 400


def test_restoring_an_earlier_revision_brings_back_its_content(
    client, publisher, brief_with_history
):
    first = versions_of(brief_with_history).order_by("pk").first()
    client.force_login(publisher)
    url = reverse("admin:briefs_brief_revision", args=[brief_with_history.pk, first.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.text, "brief_form")
    assert data["title"] == "First title"
    brief_with_history.refresh_from_db()
    assert brief_with_history.title == "Second title"  # nothing changes until saved

    assert client.post(url, data).status_code == 302
    brief_with_history.refresh_from_db()
    assert brief_with_history.title == "First title"
    assert AuditEvent.objects.filter(action="restored", actor=publisher).exists()
    assert "Reverted" in versions_of(brief_with_history).first().revision.get_comment()


def test_a_deleted_brief_can_be_recovered_with_its_citations(client, publisher):
    citation = BriefCitationFactory(brief__title="Deleted by mistake")
    brief = citation.brief  # made outside the admin: it has no revision yet
    client.force_login(publisher)
    client.post(reverse("admin:briefs_brief_delete", args=[brief.pk]), {"post": "yes"})
    assert not Brief.objects.filter(pk=brief.pk).exists()

    recover_list = client.get(reverse("admin:briefs_brief_recoverlist"))
    assert "Deleted by mistake" in recover_list.text
    version = Version.objects.get_deleted(Brief).get()
    url = reverse("admin:briefs_brief_recover", args=[version.pk])
    data = form_data(client.get(url).text, "brief_form")
    assert client.post(url, data).status_code == 302

    recovered = Brief.objects.get(pk=brief.pk)
    assert recovered.title == "Deleted by mistake"
    assert list(recovered.citations.values_list("source_id", flat=True)) == [citation.source_id]
    assert AuditEvent.objects.filter(object_id=str(brief.pk), action="recovered").exists()
    assert BriefCitation.objects.filter(brief=recovered).count() == 1


def test_entity_saves_are_versioned_and_restorable(client, editor_user):
    organization = OrganizationFactory(name="Sberbank")
    client.force_login(editor_user)
    url = reverse("admin:briefs_organization_change", args=[organization.pk])
    for name in ("Sberbank PJSC", "Sber"):
        data = change_form(client, url, "organization_form")
        data["name"] = name
        assert client.post(url, data).status_code == 302
    _baseline, first, _second = versions_of(organization).order_by("pk")
    assert first.revision.user == editor_user
    restore = reverse("admin:briefs_organization_revision", args=[organization.pk, first.pk])
    assert (
        client.post(restore, form_data(client.get(restore).text, "organization_form")).status_code
        == 302
    )
    organization.refresh_from_db()
    assert organization.name == "Sberbank PJSC"
