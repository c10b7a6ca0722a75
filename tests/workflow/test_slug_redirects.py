"""Changing a slug leaves a permanent redirect from the old address."""

import pytest
from django.core import serializers
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from briefs.models import Brief, Organization, SlugRedirect
from tests import factories
from tests.factories import BlocFactory, BriefFactory, OrganizationFactory

from .conftest import change_form, form_data

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


# Renamed outside the admin: every model whose public address is its slug.
SLUGGED = {
    "aimodel": factories.AIModelFactory,
    "bloc": factories.BlocFactory,
    "brief": factories.BriefFactory,
    "country": lambda: factories.country("CN"),
    "event": factories.EventFactory,
    "indicator": factories.IndicatorFactory,
    "organization": factories.OrganizationFactory,
    "person": factories.PersonFactory,
    "topic": factories.TopicFactory,
}


def rename_in_the_shell(obj, new_slug: str):
    obj.slug = new_slug
    obj.save()


@pytest.mark.parametrize("model_name", sorted(SLUGGED))
def test_a_slug_changed_by_save_outside_the_admin_redirects_its_old_url(client, model_name):
    obj = SLUGGED[model_name]()
    old_url = obj.get_absolute_url()
    rename_in_the_shell(obj, f"{obj.slug}-renamed")
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == obj.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_two_renames_in_the_shell_lead_straight_from_the_oldest_path(client):
    organization = OrganizationFactory(slug="first")
    rename_in_the_shell(organization, "second")
    rename_in_the_shell(organization, "third")
    for old in ("first", "second"):
        response = client.get(reverse("briefs:organization-detail", args=[old]))
        assert response.status_code == 301
        assert response["Location"] == reverse("briefs:organization-detail", args=["third"])


def test_a_slug_changed_back_in_the_shell_serves_its_page(client):
    brief = BriefFactory(slug="original")
    rename_in_the_shell(brief, "renamed")
    rename_in_the_shell(brief, "original")
    assert client.get(reverse("briefs:brief-detail", args=["original"])).status_code == 200
    assert client.get(reverse("briefs:brief-detail", args=["renamed"])).status_code == 301
    assert not SlugRedirect.objects.filter(old_path="/briefs/original/").exists()


def test_queryset_update_records_no_redirect_as_documented(client):
    brief = BriefFactory(slug="before-update")
    Brief.objects.filter(pk=brief.pk).update(slug="after-update")
    assert client.get(reverse("briefs:brief-detail", args=["before-update"])).status_code == 404
    assert not SlugRedirect.objects.exists()


def test_a_rename_rolled_back_with_its_transaction_records_no_redirect(client):
    brief = BriefFactory(slug="kept")
    with pytest.raises(RuntimeError), transaction.atomic():
        rename_in_the_shell(brief, "never-saved")
        raise RuntimeError("the import failed further on")
    assert not SlugRedirect.objects.exists()
    assert client.get(reverse("briefs:brief-detail", args=["kept"])).status_code == 200


def test_a_rename_refused_by_the_database_records_no_redirect():
    BriefFactory(slug="taken")
    brief = BriefFactory(slug="free")
    with pytest.raises(IntegrityError), transaction.atomic():
        rename_in_the_shell(brief, "taken")
    assert not SlugRedirect.objects.exists()


def test_loading_a_fixture_records_no_redirect():
    organization = OrganizationFactory(slug="as-stored")
    organization.slug = "as-in-the-fixture"
    fixture = serializers.serialize("json", [organization])
    for loaded in serializers.deserialize("json", fixture):  # what loaddata does
        loaded.save()
    assert Organization.objects.get(pk=organization.pk).slug == "as-in-the-fixture"
    assert not SlugRedirect.objects.exists()


def test_a_save_that_leaves_the_slug_out_of_update_fields_does_not_read_it():
    organization = OrganizationFactory(slug="unchanged")
    organization.name = "A new name"
    with CaptureQueriesContext(connection) as queries:
        organization.save(update_fields=["name"])
    # The change feed reads the stored name to compare; nothing reads the stored slug.
    its_row = f'"briefs_organization"."id" = {organization.pk}'
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and its_row in q["sql"]]
    assert reads and not any('"briefs_organization"."slug"' in sql for sql in reads)
    assert not SlugRedirect.objects.exists()


def test_restoring_a_revision_with_an_old_slug_serves_it_and_redirects_the_newer(
    client, editor_user
):
    organization = OrganizationFactory(slug="first-slug")
    client.force_login(editor_user)
    rename(client, organization, "second-slug")
    baseline = Version.objects.get_for_object(organization).order_by("pk").first()
    restore = reverse("admin:briefs_organization_revision", args=[organization.pk, baseline.pk])
    data = form_data(client.get(restore).text, "organization_form")
    assert data["slug"] == "first-slug"
    assert client.post(restore, data).status_code == 302
    client.logout()

    assert client.get(reverse("briefs:organization-detail", args=["first-slug"])).status_code == 200
    response = client.get(reverse("briefs:organization-detail", args=["second-slug"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("briefs:organization-detail", args=["first-slug"])
    assert not SlugRedirect.objects.filter(
        old_path=reverse("briefs:organization-detail", args=["first-slug"])
    ).exists()
