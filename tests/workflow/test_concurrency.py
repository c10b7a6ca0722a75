"""Two editors, one brief: the second, stale save is refused, names who saved, keeps its input."""

import pytest
from django.test import Client
from django.urls import reverse

from briefs.models import Brief
from tests.factories import BriefFactory, OrganizationFactory

from .conftest import change_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(editor_user, publisher):
    first, second = Client(), Client()
    first.force_login(editor_user)
    second.force_login(publisher)
    return first, second


def open_form(client, brief):
    return change_form(client, reverse("admin:briefs_brief_change", args=[brief.pk]), "brief_form")


def test_the_second_editors_stale_save_is_refused_and_keeps_their_input(two_editors, editor_user):
    brief = BriefFactory(title="Original title", body="Original body.")
    eddie, paula = two_editors
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    eddies_form, paulas_form = open_form(eddie, brief), open_form(paula, brief)

    eddies_form["title"] = "Eddie's title"
    assert eddie.post(url, eddies_form).status_code == 302

    paulas_form["body"] = "Paula's long rewrite of the body."
    response = paula.post(url, paulas_form)

    assert response.status_code == 200
    brief.refresh_from_db()
    assert (brief.title, brief.body) == ("Eddie's title", "Original body.")
    errors = response.context["adminform"].form.non_field_errors()
    message = str(errors[0])
    assert message.startswith(f"{editor_user.get_full_name()} (eddie) saved this brief at ")
    assert "after you opened it" in message
    assert "They changed: Title." in message
    assert "Paula&#x27;s long rewrite of the body." in response.text  # her input is still there
    assert "See what they changed" in response.text


def test_the_refusal_links_to_a_diff_of_what_the_other_editor_changed(two_editors):
    brief = BriefFactory(title="Original title")
    eddie, paula = two_editors
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    first_save = open_form(eddie, brief)
    eddie.post(url, first_save)  # a revision to compare from
    paulas_form = open_form(paula, brief)
    eddies_form = open_form(eddie, brief)
    eddies_form["title"] = "Eddie's title"
    eddie.post(url, eddies_form)

    response = paula.post(url, paulas_form)
    diff_url = response.context["adminform"].form.non_field_errors().data[0].message
    href = str(diff_url).split('href="')[1].split('"')[0].replace("&amp;", "&")
    diff = paula.get(href)
    assert diff.status_code == 200
    assert "Title" in [change.label for change in diff.context["changes"]["fields"]]
    assert "<ins>Eddie&#x27;s" in diff.text


def test_saving_again_after_the_refusal_is_a_deliberate_overwrite(two_editors):
    brief = BriefFactory(title="Original title")
    eddie, paula = two_editors
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    eddies_form, paulas_form = open_form(eddie, brief), open_form(paula, brief)
    eddies_form["title"] = "Eddie's title"
    eddie.post(url, eddies_form)
    paulas_form["title"] = "Paula's title"
    refused = paula.post(url, paulas_form)

    from .conftest import form_data

    resubmitted = form_data(refused.text, "brief_form")
    assert resubmitted["title"] == "Paula's title"
    assert paula.post(url, resubmitted).status_code == 302
    brief.refresh_from_db()
    assert brief.title == "Paula's title"


def test_an_editor_saving_twice_in_a_row_is_not_a_conflict(editor_user, client):
    brief = BriefFactory()
    client.force_login(editor_user)
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    for title in ("One", "Two"):
        data = open_form(client, brief)
        data["title"] = title
        assert client.post(url, data).status_code == 302
    assert Brief.objects.get(pk=brief.pk).title == "Two"


def test_a_publish_action_between_opening_and_saving_is_a_conflict(two_editors):
    brief = BriefFactory(status="review", publish_at=None)
    eddie, paula = two_editors
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    eddies_form = open_form(eddie, brief)
    paula.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": "publish_selected", "_selected_action": [brief.pk]},
    )
    eddies_form["body"] = "Eddie's edit."
    response = eddie.post(url, eddies_form)
    assert response.status_code == 200
    assert "paula" in str(response.context["adminform"].form.non_field_errors())
    brief.refresh_from_db()
    assert brief.status == "published"  # his stale "review" did not unpublish it


def test_entity_change_forms_refuse_stale_saves_too(two_editors):
    organization = OrganizationFactory(name="Yandex")
    eddie, paula = two_editors
    url = reverse("admin:briefs_organization_change", args=[organization.pk])
    eddies_form = change_form(eddie, url, "organization_form")
    paulas_form = change_form(paula, url, "organization_form")
    eddies_form["name"] = "Yandex N.V."
    assert eddie.post(url, eddies_form).status_code == 302
    paulas_form["description"] = "Russian technology company."
    response = paula.post(url, paulas_form)
    assert response.status_code == 200
    assert "saved this organization" in str(response.context["adminform"].form.non_field_errors())
    assert "Russian technology company." in response.text
    organization.refresh_from_db()
    assert (organization.name, organization.description) == ("Yandex N.V.", "")
