"""Every admin page answers 200 for a superuser, with query counts that do not grow with rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefs import workflow
from briefs.models import AuditEvent, Country, ImportBatch
from briefs.redirects import record_slug_change
from tests import factories

pytestmark = pytest.mark.django_db

# How to make one more row of each model the admin lists; countries exist already.
ROW_MAKERS = {
    "organization": factories.OrganizationFactory,
    "person": lambda: factories.RoleFactory().person,
    "source": factories.SourceFactory,
    "topic": factories.TopicFactory,
    "bloc": lambda: factories.MembershipFactory().bloc,
    "membership": factories.MembershipFactory,
    "aimodel": factories.AIModelFactory,
    "indicator": lambda: factories.IndicatorEditionFactory().indicator,
    "indicatoredition": lambda: factories.RankingFactory().edition,
    "ranking": factories.RankingFactory,
    "keyfigure": factories.KeyFigureFactory,
    "event": factories.EventFactory,
    "brief": lambda: factories.BriefCitationFactory().brief,
    "auditevent": lambda: workflow.record(
        factories.BriefFactory(), AuditEvent.Action.PUBLISHED, user=factories.UserFactory()
    ),
    "slugredirect": lambda: renamed(factories.BlocFactory()),
    "role": factories.RoleFactory,
    "briefcitation": factories.BriefCitationFactory,
    "importbatch": lambda: ImportBatch.objects.create(
        kind=ImportBatch.Kind.SOURCES,
        file_name="sources.csv",
        imported_by=factories.UserFactory(),
        row_count=1,
    ),
    "webhookendpoint": lambda: factories.WebhookDeliveryFactory().endpoint,
    "webhookdelivery": factories.WebhookDeliveryFactory,
}
# Written by the workflow, an import or a delivery, never typed in: they have no add page.
READ_ONLY = {"auditevent", "slugredirect", "briefcitation", "importbatch", "webhookdelivery"}


def renamed(bloc):
    old = type(bloc).objects.get(pk=bloc.pk)
    bloc.slug = f"{bloc.slug}-renamed"
    bloc.save()
    return record_slug_change(old, bloc)


# Queries per changelist, the same at 10 rows and at a full page of 50.
CHANGELIST_QUERIES = {
    "organization": 6,
    "person": 8,
    "source": 9,
    "topic": 5,
    "bloc": 5,
    "membership": 8,
    "aimodel": 9,
    "indicator": 5,
    "indicatoredition": 7,
    "ranking": 7,
    "keyfigure": 6,
    "event": 7,
    "brief": 10,  # 9 before the status filter counted briefs per state in one query
    "auditevent": 9,
    "slugredirect": 6,
    "role": 6,
    "briefcitation": 6,
    "importbatch": 5,
    "webhookendpoint": 5,
    "webhookdelivery": 8,
}


def briefs_admin_models():
    return sorted(
        model._meta.model_name
        for model in admin.site._registry
        if model._meta.app_label == "briefs"
    )


def count_queries(client, url) -> int:
    """Queries for one admin page, with the session read counted as one wherever sessions
    live: in the database, or in Redis (no query) when REDIS_URL is set."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([query for query in queries if "django_session" not in query["sql"]]) + 1


def make_rows(model_name: str, count: int) -> None:
    for _ in range(count):
        ROW_MAKERS[model_name]()


def test_every_knowledge_base_model_is_in_the_admin():
    assert set(briefs_admin_models()) == set(ROW_MAKERS) | {"country"}


@pytest.mark.parametrize("model_name", sorted(ROW_MAKERS))
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, model_name):
    url = reverse(f"admin:briefs_{model_name}_changelist")
    make_rows(model_name, 10)
    at_ten = count_queries(superuser_client, url)
    make_rows(model_name, 50)
    at_full_page = count_queries(superuser_client, url)
    assert (at_ten, at_full_page) == (CHANGELIST_QUERIES[model_name],) * 2


def test_country_changelist_lists_all_249_countries_in_constant_queries(superuser_client):
    url = reverse("admin:briefs_country_changelist")
    first_page = count_queries(superuser_client, url)
    last_page = count_queries(superuser_client, url + "?p=4")
    assert first_page == last_page == 7
    assert Country.objects.count() == 249


def test_brief_changelist_queries_are_the_same_at_10_and_200_briefs(superuser_client):
    url = reverse("admin:briefs_brief_changelist")
    for _ in range(10):
        factories.BriefFactory().authors.add(factories.UserFactory())
    at_10 = count_queries(superuser_client, url)
    for _ in range(190):
        factories.BriefFactory().authors.add(factories.UserFactory())
    at_200 = count_queries(superuser_client, url)
    assert at_10 == at_200 == CHANGELIST_QUERIES["brief"]


@pytest.mark.parametrize("model_name", ["country", *sorted(set(ROW_MAKERS) - READ_ONLY)])
def test_add_page_answers_200(superuser_client, model_name):
    response = superuser_client.get(reverse(f"admin:briefs_{model_name}_add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model_name", sorted(ROW_MAKERS))
def test_change_page_answers_200(superuser_client, model_name):
    make_rows(model_name, 1)
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    instance = model.objects.first()
    response = superuser_client.get(
        reverse(f"admin:briefs_{model_name}_change", args=[instance.pk])
    )
    assert response.status_code == 200


def test_country_change_page_answers_200(superuser_client):
    russia = Country.objects.get(iso2="RU")
    response = superuser_client.get(reverse("admin:briefs_country_change", args=[russia.pk]))
    assert response.status_code == 200
    assert "Russian Federation" in response.text


def test_autocomplete_finds_russia_by_iso_code(superuser_client):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "briefs", "model_name": "ranking", "field_name": "country", "term": "RUS"},
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["text"] == "Russia"


def test_a_citation_is_removed_on_its_brief_not_from_the_citation_list(superuser_client):
    citation = factories.BriefCitationFactory()
    response = superuser_client.post(
        reverse("admin:briefs_briefcitation_delete", args=[citation.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:briefs_brief_change", args=[citation.brief_id])
    assert citation.brief.citations.filter(pk=citation.pk).exists()
