"""Error pages look like the site, and nothing a reader types produces a 500."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_server_error_page_is_in_the_site_style_and_needs_no_database(rf, settings):
    from briefs.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Something went wrong on our side" in text
    assert 'class="site-header"' in text
    assert "/static/css/site.css" in text


def test_server_error_page_answers_even_before_static_files_are_collected(rf, settings):
    from briefs.views import server_error

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATIC_ROOT = "/nonexistent-static-root"
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_an_unhandled_error_answers_with_the_styled_500_page(monkeypatch, db):
    from briefs import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "featured_brief", explode)
    response = Client(raise_request_exception=False).get(reverse("briefs:home"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/briefs/?country=%00",
        "/briefs/?year=99999999999999999999",
        "/briefs/?page=%FF",
        "/briefs/?model=&bloc=&topic=",
        "/events/?year=-1&kind=%3Cscript%3E",
        "/models/?sort=%00",
        "/indicators/no-such/",
        "/search/?q=%FF%FE",
        "/countries/%D0%A0%D0%A4/",
    ],
)
def test_malformed_input_never_answers_500(client, url):
    assert client.get(url).status_code in (200, 400, 404)
