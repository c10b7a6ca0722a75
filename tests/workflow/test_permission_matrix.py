"""Each role against each action, through the admin's own forms and changelist actions.

The rules: contributors draft their own briefs, submit them for review and add
sources and entities. Editors edit any brief and entity and move briefs to
review. Publishers also publish, schedule, withdraw and delete. Every "no" is
enforced on the server, whatever the browser posts.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from briefs.models import Brief, Organization, Source
from tests.factories import BriefFactory, OrganizationFactory

from .conftest import change_form

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "editor", "publisher"]


def login(client, user):
    client.force_login(user)
    return client


def draft_by(user, **values):
    values = {"status": Brief.Status.DRAFT, "publish_at": None, **values}
    brief = BriefFactory(**values)
    brief.authors.add(user)
    return brief


def post_change(client, brief, **changes):
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    data = change_form(client, url, "brief_form")
    data.update(changes)
    return client.post(url, data)


def new_brief_data(**overrides) -> dict:
    data = {
        "title": "A new brief",
        "slug": "a-new-brief",
        "summary": "What it is about.",
        "body": "Body text.",
        "status": Brief.Status.DRAFT,
        "citations-TOTAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def post_add(client, **overrides):
    """Fill in the add form as served to this user, and save it."""
    url = reverse("admin:briefs_brief_add")
    data = change_form(client, url, "brief_form")
    data.update(new_brief_data(**overrides))
    return client.post(url, data)


def run_action(client, action: str, briefs):
    return client.post(
        reverse("admin:briefs_brief_changelist"),
        {"action": action, "_selected_action": [brief.pk for brief in briefs]},
    )


# Creating and editing.


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_create_a_draft_and_becomes_its_author(client, role_users, role):
    user = role_users[role]
    response = post_add(login(client, user))
    assert response.status_code == 302
    brief = Brief.objects.get(slug="a-new-brief")
    assert brief.status == Brief.Status.DRAFT
    assert user in brief.authors.all()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_edit_their_own_draft(client, role_users, role):
    user = role_users[role]
    brief = draft_by(user)
    response = post_change(login(client, user), brief, title="Retitled by its author")
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.title == "Retitled by its author"


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", True), ("publisher", True)]
)
def test_only_editors_and_publishers_edit_someone_elses_draft(client, role_users, role, allowed):
    other = role_users["publisher" if role == "contributor" else "contributor"]
    brief = draft_by(other, title="Someone else's draft")
    user = role_users[role]
    url = reverse("admin:briefs_brief_change", args=[brief.pk])
    page = login(client, user).get(url)
    assert page.status_code == 200  # everyone on staff may read it
    editable = 'name="title"' in page.text
    assert editable is allowed
    if not allowed:
        data = new_brief_data(title="Overwritten", slug=brief.slug)
        assert client.post(url, data).status_code == 403
        brief.refresh_from_db()
        assert brief.title == "Someone else's draft"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_submit_a_draft_for_review(client, role_users, role):
    user = role_users[role]
    brief = draft_by(user)
    response = post_change(login(client, user), brief, status=Brief.Status.REVIEW)
    assert response.status_code == 302
    brief.refresh_from_db()
    assert brief.status == Brief.Status.REVIEW


def test_a_contributor_cannot_edit_their_brief_once_it_is_in_review(client, contributor):
    brief = draft_by(contributor, status=Brief.Status.REVIEW)
    page = login(client, contributor).get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    assert 'name="title"' not in page.text


# Publishing through the form.


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_posting_status_published_needs_the_publish_permission(client, role_users, role, allowed):
    user = role_users[role]
    brief = draft_by(user)
    response = post_change(login(client, user), brief, status=Brief.Status.PUBLISHED)
    brief.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert brief.is_published
    else:
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["status"] == [
            "Only a Publisher can publish or schedule a brief. "
            "Set it to In review and a Publisher will take it from there."
        ]
        assert brief.status == Brief.Status.DRAFT


def test_a_contributor_creating_a_published_brief_gets_a_form_error(client, contributor):
    response = post_add(
        login(client, contributor), status=Brief.Status.PUBLISHED, body="Kept body text."
    )
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert "Kept body text." in response.text
    assert not Brief.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_scheduling_through_the_form_needs_the_publish_permission(
    client, role_users, role, allowed
):
    user = role_users[role]
    brief = draft_by(user)
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    response = post_change(
        login(client, user),
        brief,
        status=Brief.Status.PUBLISHED,
        publish_at_0=later.strftime("%d/%m/%Y"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    brief.refresh_from_db()
    assert brief.is_scheduled is allowed
    assert (response.status_code == 302) is allowed


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("publisher", True)])
def test_withdrawing_through_the_form_needs_the_publish_permission(
    client, role_users, role, allowed
):
    brief = BriefFactory()  # published yesterday
    response = post_change(login(client, role_users[role]), brief, status=Brief.Status.WITHDRAWN)
    brief.refresh_from_db()
    assert (brief.status == Brief.Status.WITHDRAWN) is allowed
    if not allowed:
        assert response.context["adminform"].form.errors["status"] == [
            "Only a Publisher can withdraw a brief."
        ]


def test_an_editor_may_correct_a_published_brief_but_not_reschedule_it(client, editor_user):
    brief = BriefFactory(title="Live title")
    login(client, editor_user)
    assert post_change(client, brief, title="Corrected title").status_code == 302
    brief.refresh_from_db()
    assert brief.title == "Corrected title" and brief.is_published

    later = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    response = post_change(client, brief, publish_at_0=later.strftime("%d/%m/%Y"))
    assert response.context["adminform"].form.errors["publish_at"] == [
        "Only a Publisher can reschedule a published brief."
    ]


@pytest.mark.parametrize("role", ROLES)
def test_the_status_menu_offers_only_what_the_role_may_choose(client, role_users, role):
    user = role_users[role]
    brief = draft_by(user)
    page = login(client, user).get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    offered = [value for value, _ in page.context["adminform"].form.fields["status"].widget.choices]
    expected = ["draft", "review"] + (["published", "withdrawn"] if role == "publisher" else [])
    assert offered == expected


# Changelist actions.


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_publish_and_withdraw_actions_are_offered_only_to_publishers(
    client, role_users, role, allowed
):
    BriefFactory(status=Brief.Status.REVIEW)  # actions show only over a list with rows
    page = login(client, role_users[role]).get(reverse("admin:briefs_brief_changelist"))
    assert ('value="publish_selected"' in page.text) is allowed
    assert ('value="withdraw_selected"' in page.text) is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_the_publish_action_publishes_only_for_publishers(client, role_users, role, allowed):
    brief = BriefFactory(status=Brief.Status.REVIEW, publish_at=None)
    login(client, role_users[role])
    run_action(client, "publish_selected", [brief])
    brief.refresh_from_db()
    assert brief.is_published is allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_the_withdraw_action_withdraws_only_for_publishers(client, role_users, role, allowed):
    brief = BriefFactory()
    login(client, role_users[role])
    run_action(client, "withdraw_selected", [brief])
    brief.refresh_from_db()
    assert (brief.status == Brief.Status.WITHDRAWN) is allowed


# Deleting, recovering, entities and the audit list.


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_only_publishers_delete_briefs(client, role_users, role, allowed):
    user = role_users[role]
    brief = draft_by(user)
    response = login(client, user).post(
        reverse("admin:briefs_brief_delete", args=[brief.pk]), {"post": "yes"}
    )
    assert (response.status_code == 302) is allowed
    assert Brief.objects.filter(pk=brief.pk).exists() is not allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_only_publishers_see_and_use_recovery_of_deleted_briefs(client, role_users, role, allowed):
    response = login(client, role_users[role]).get(reverse("admin:briefs_brief_recoverlist"))
    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_can_add_a_source(client, role_users, role):
    response = login(client, role_users[role]).post(
        reverse("admin:briefs_source_add"),
        {
            "url": "https://example.org/report",
            "title": "A report",
            "kind": "report",
            "language": "en",
        },
    )
    assert response.status_code == 302
    assert Source.objects.filter(title="A report").exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", True), ("publisher", True)]
)
def test_changing_an_entity_needs_editor_rights(client, role_users, role, allowed):
    organization = OrganizationFactory(name="Old name")
    url = reverse("admin:briefs_organization_change", args=[organization.pk])
    data = change_form(login(client, role_users[role]), url, "organization_form")
    data["name"] = "New name"
    response = client.post(url, data)
    organization.refresh_from_db()
    assert (organization.name == "New name") is allowed
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", False), ("publisher", True)]
)
def test_only_publishers_delete_entities(client, role_users, role, allowed):
    organization = OrganizationFactory()
    login(client, role_users[role]).post(
        reverse("admin:briefs_organization_delete", args=[organization.pk]), {"post": "yes"}
    )
    assert Organization.objects.filter(pk=organization.pk).exists() is not allowed


@pytest.mark.parametrize(
    ("role", "allowed"), [("contributor", False), ("editor", True), ("publisher", True)]
)
def test_the_audit_list_is_for_editors_and_publishers(client, role_users, role, allowed):
    response = login(client, role_users[role]).get(reverse("admin:briefs_auditevent_changelist"))
    assert response.status_code == (200 if allowed else 403)
