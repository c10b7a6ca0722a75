"""Changing a slug leaves a permanent redirect from the old address."""

import pytest
from django.urls import reverse

from briefs.models import SlugRedirect
from tests.factories import BlocFactory, BriefFactory, OrganizationFactory

from .conftest import change_form

pytestmark = pytest.mark.django_db


def rename(client, obj, new_slug: str):
    opts = obj._meta
    url = reverse(f"admin:briefs_{opts.model_name}_change", args=[obj.pk])
    data = change_form(client, url, f"{opts.model_name}_form")
    data["slug"] = new_slug
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def test_renaming_a_brief_redirects_its_old_url_permanently(client, editor_user):
    brief = BriefFactory(slug="russia-bets-on-brics")
    old_url = brief.get_absolute_url()
    client.force_login(editor_user)
    rename(client, brief, "russia-ai-alliance-network")
    client.logout()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "briefs:brief-detail", args=["russia-ai-alliance-network"]
    )
    assert client.get(response["Location"]).status_code == 200


def test_the_query_string_survives_the_redirect(client, editor_user):
    brief = BriefFactory(slug="before")
    client.force_login(editor_user)
    rename(client, brief, "after")
    response = client.get(reverse("briefs:brief-detail", args=["before"]), {"utm_source": "feed"})
    assert response["Location"].endswith("/briefs/after/?utm_source=feed")


@pytest.mark.parametrize(
    ("factory", "route"),
    [(OrganizationFactory, "organization-detail"), (BlocFactory, "bloc-detail")],
    ids=["organization", "bloc"],
)
def test_renaming_an_entity_redirects_its_old_url(client, editor_user, factory, route):
    entity = factory(slug="old-slug")
    client.force_login(editor_user)
    rename(client, entity, "new-slug")
    response = client.get(reverse(f"briefs:{route}", args=["old-slug"]))
    assert response.status_code == 301
    assert response["Location"] == reverse(f"briefs:{route}", args=["new-slug"])


def test_two_renames_lead_straight_to_the_current_page(client, editor_user):
    brief = BriefFactory(slug="first")
    client.force_login(editor_user)
    rename(client, brief, "second")
    rename(client, brief, "third")
    for old in ("first", "second"):
        response = client.get(reverse("briefs:brief-detail", args=[old]))
        assert response["Location"] == reverse("briefs:brief-detail", args=["third"])


def test_changing_a_slug_back_serves_the_page_and_not_a_redirect_loop(client, editor_user):
    brief = BriefFactory(slug="original")
    client.force_login(editor_user)
    rename(client, brief, "renamed")
    rename(client, brief, "original")
    assert client.get(reverse("briefs:brief-detail", args=["original"])).status_code == 200
    assert client.get(reverse("briefs:brief-detail", args=["renamed"])).status_code == 301
    assert not SlugRedirect.objects.filter(old_path="/briefs/original/").exists()


def test_a_redirect_never_shadows_a_live_page(client, editor_user):
    brief = BriefFactory(slug="taken")
    client.force_login(editor_user)
    rename(client, brief, "moved")
    BriefFactory(slug="taken", title="A new brief at the old address")
    response = client.get(reverse("briefs:brief-detail", args=["taken"]))
    assert response.status_code == 200
    assert "A new brief at the old address" in response.text


def test_the_old_url_of_a_deleted_object_is_a_plain_404(client, editor_user):
    organization = OrganizationFactory(slug="gone")
    client.force_login(editor_user)
    rename(client, organization, "gone-for-good")
    organization.delete()
    assert client.get(reverse("briefs:organization-detail", args=["gone"])).status_code == 404
