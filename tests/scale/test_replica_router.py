"""The read-replica router's rules, request by request (briefs.replicas).

Which alias a read goes to is decided per query, from the request being served;
these tests serve real requests through the middleware and ask the router what
a read of the knowledge base would use. That a replica really serves those reads
is shown against a streaming replica, and the fallback from a dead one, in
tests/scale/test_app_servers.py.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from briefs import replicas
from briefs.models import Brief
from tests.factories import UserFactory

REPLICA = "replica_1"


@pytest.fixture
def one_replica(settings, monkeypatch):
    """A replica alias that always answers: the rules, not the connection, are under test."""
    settings.DATABASE_REPLICAS = [REPLICA]
    monkeypatch.setattr(replicas, "_reachable", lambda alias: True)


def read_alias_during(request, *, model=Brief, before_read=None):
    """Serve `request` through the middleware; the alias a read of `model` used in the view."""
    seen = {}

    def view(request):
        if before_read:
            before_read()
        seen["alias"] = router.db_for_read(model)
        return HttpResponse()

    replicas.ReplicaRoutingMiddleware(view)(request)
    return seen["alias"]


def anonymous(request):
    request.user = AnonymousUser()
    return request


def test_public_read_by_anonymous_reader_goes_to_the_replica(one_replica):
    request = anonymous(RequestFactory().get(reverse("briefs:brief-list")))
    assert read_alias_during(request) == REPLICA


def test_without_replicas_every_read_goes_to_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    request = anonymous(RequestFactory().get(reverse("briefs:brief-list")))
    assert read_alias_during(request) == "default"


def test_admin_reads_stay_on_the_primary(one_replica):
    request = anonymous(RequestFactory().get(reverse("admin:briefs_brief_changelist")))
    assert read_alias_during(request) == "default"


@pytest.mark.django_db
def test_staff_reads_stay_on_the_primary_even_on_public_pages(one_replica):
    request = RequestFactory().get(reverse("briefs:brief-list"))
    request.user = UserFactory(is_staff=True)
    assert read_alias_during(request) == "default"


@pytest.mark.django_db
def test_a_signed_in_reader_who_is_not_staff_reads_from_the_replica(one_replica):
    request = RequestFactory().get(reverse("briefs:brief-list"))
    request.user = UserFactory(is_staff=False)
    assert read_alias_during(request) == REPLICA


def test_reads_in_a_post_stay_on_the_primary(one_replica):
    request = anonymous(RequestFactory().post(reverse("briefs:search")))
    assert read_alias_during(request) == "default"


def test_reads_after_a_write_in_the_same_request_stay_on_the_primary(one_replica):
    request = anonymous(RequestFactory().get(reverse("briefs:brief-list")))
    assert read_alias_during(request, before_read=lambda: router.db_for_write(Brief)) == "default"


def test_sessions_and_accounts_are_read_from_the_primary(one_replica):
    request = anonymous(RequestFactory().get(reverse("briefs:brief-list")))
    assert read_alias_during(request, model=Session) == "default"


def test_reads_outside_a_request_stay_on_the_primary(one_replica):
    # Management commands, migrations and the shell: never a moment behind.
    assert router.db_for_read(Brief) == "default"


def test_writes_always_go_to_the_primary(one_replica):
    request = anonymous(RequestFactory().get(reverse("briefs:brief-list")))
    replicas.ReplicaRoutingMiddleware(lambda request: HttpResponse())(request)
    assert router.db_for_write(Brief) == "default"


def test_only_the_primary_is_migrated():
    assert replicas.ReplicaRouter().allow_migrate("default", "briefs")
    assert not replicas.ReplicaRouter().allow_migrate(REPLICA, "briefs")
