"""Aliases: other names in any language, found by search, import matching and entity pages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from briefs.dev.demo_content import load_demo
from briefs.models import Alias, Country
from briefs.models.country import UnknownCountry
from briefs.search import search_site
from tests.factories import AIModelFactory, AliasFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def test_an_alias_needs_an_iso_639_1_language_code():
    alias = AliasFactory.build(entity=OrganizationFactory(), name="Sber", language="xx")
    with pytest.raises(ValidationError) as error:
        alias.full_clean()
    assert "language" in error.value.message_dict


@pytest.mark.parametrize(
    "text", ["RU", "rus", "643", "Russia", "russia", "  RUSSIA ", "Russian Federation", "россия"]
)
def test_a_country_resolves_by_code_name_or_alias_in_any_case(text):
    country("RU").aliases.create(name="Россия", language="ru")
    assert Country.objects.resolve(text).iso2 == "RU"


def test_an_unknown_country_name_suggests_the_closest():
    with pytest.raises(UnknownCountry) as error:
        Country.objects.resolve("Rusia")
    assert error.value.suggestion == "Russia"
    assert 'Did you mean "Russia"?' in str(error.value)


def test_the_country_matcher_resolves_thousands_of_names_in_two_queries(
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        matcher = Country.objects.matcher()
    with django_assert_num_queries(0):
        for name in ["China", "CN", "156", "India"] * 1000:
            matcher.resolve(name)


def test_site_search_finds_an_organization_and_a_model_by_a_cyrillic_alias():
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    AliasFactory(entity=sber, name="Сбербанк", language="ru")
    gigachat = AIModelFactory(name="GigaChat", slug="gigachat")
    AliasFactory(entity=gigachat, name="ГигаЧат", language="ru")
    assert [hit.obj for hit in search_site("сбербанк")] == [sber]
    assert [hit.obj for hit in search_site("гигачат")] == [gigachat]


def test_api_search_finds_an_entity_by_its_alias(client):
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    AliasFactory(entity=sber, name="Sber", language="en")
    response = client.get(reverse("api:search"), {"q": "sber"})
    assert response.status_code == 200
    titles = [hit["title"] for hit in response.json()["results"]]
    assert "Sberbank" in titles


def test_entity_pages_show_their_aliases_with_their_language(client):
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    AliasFactory(entity=sber, name="Сбербанк", language="ru")
    response = client.get(sber.get_absolute_url())
    assert '<span lang="ru">Сбербанк</span>' in response.content.decode()


def test_the_demo_adds_its_aliases_once_however_often_it_is_loaded():
    load_demo()
    load_demo()
    names = sorted(Alias.objects.values_list("name", flat=True))
    assert names == sorted(["Russian Federation", "Сбербанк", "Sber", "ГигаЧат"])
    russia = ContentType.objects.get_for_model(Country)
    assert Alias.objects.get(name="Russian Federation").content_type == russia


def test_an_editor_adds_an_alias_in_the_entity_admin(superuser_client):
    sber = OrganizationFactory(name="Sberbank", slug="sberbank")
    response = superuser_client.get(reverse("admin:briefs_organization_change", args=[sber.pk]))
    assert "briefs-alias-content_type-object_id" in response.content.decode()


def test_an_alias_is_named_by_its_entitys_natural_key_name_and_language():
    alias = AliasFactory(entity=country("RU"), name="Российская Федерация", language="ru")
    assert alias.natural_key() == ("briefs", "country", "RUS", "Российская Федерация", "ru")
    assert Alias.objects.get_by_natural_key(*alias.natural_key()) == alias
