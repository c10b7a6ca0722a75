"""Every rule of the knowledge base rejects bad data with a message an editor understands."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from briefs.models import Brief, Country, KeyFigure, Membership, Ranking
from tests.factories import (
    AIModelFactory,
    BriefCitationFactory,
    BriefFactory,
    IndicatorEditionFactory,
    KeyFigureFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_rank_beyond_the_editions_country_count_is_an_error_on_rank():
    edition = IndicatorEditionFactory(countries_covered=36)
    ranking = Ranking(edition=edition, country=country("RU"), rank=37, source=SourceFactory())
    assert errors_of(ranking) == {
        "rank": ["Rank 37 is beyond the 36 countries this edition covers."]
    }


def test_rank_equal_to_the_country_count_is_accepted():
    edition = IndicatorEditionFactory(countries_covered=36)
    Ranking(edition=edition, country=country("RU"), rank=36, source=SourceFactory()).full_clean()


def test_rank_zero_is_rejected_by_form_and_database():
    ranking = RankingFactory.build(
        edition=IndicatorEditionFactory(), rank=0, source=SourceFactory()
    )
    assert "rank" in errors_of(ranking)
    with pytest.raises(IntegrityError), transaction.atomic():
        ranking.save()


def test_one_rank_per_edition_country_and_pillar():
    first = RankingFactory(pillar="Innovation")
    duplicate = Ranking(
        edition=first.edition,
        country=first.country,
        rank=5,
        pillar="Innovation",
        source=first.source,
    )
    assert errors_of(duplicate)["__all__"] == [
        "This country already has a rank in this edition for this pillar."
    ]
    other_pillar = Ranking(
        edition=first.edition,
        country=first.country,
        rank=5,
        pillar="Investment",
        source=first.source,
    )
    other_pillar.full_clean()


def test_shrinking_an_edition_below_its_highest_rank_is_an_error():
    ranking = RankingFactory(rank=31, edition=IndicatorEditionFactory(countries_covered=83))
    edition = ranking.edition
    edition.countries_covered = 30
    assert errors_of(edition) == {
        "countries_covered": [
            "A ranking in this edition already has rank 31; "
            "the edition must cover at least 31 countries."
        ]
    }


def test_membership_cannot_leave_before_it_joined():
    membership = MembershipFactory.build(
        bloc=MembershipFactory().bloc,
        country=country("BR"),
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2023, 12, 31),
    )
    assert errors_of(membership) == {"left_on": ["A member cannot leave before it joined."]}


def test_membership_naming_both_a_country_and_an_organization_is_an_error():
    membership = Membership(
        bloc=MembershipFactory().bloc, country=country("BR"), organization=OrganizationFactory()
    )
    assert "organization" in errors_of(membership)


def test_membership_naming_neither_member_is_an_error_on_country():
    membership = Membership(bloc=MembershipFactory().bloc)
    assert errors_of(membership) == {
        "country": ["Choose the member: a country or an organization."]
    }


def test_database_refuses_a_membership_with_both_members():
    bloc = MembershipFactory().bloc
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            bloc=bloc, country=country("BR"), organization=OrganizationFactory()
        )


def test_database_refuses_a_membership_that_ends_before_it_starts():
    bloc = MembershipFactory().bloc
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            bloc=bloc,
            country=country("BR"),
            joined_on=datetime.date(2024, 1, 1),
            left_on=datetime.date(2020, 1, 1),
        )


def test_duplicate_iso_code_is_an_error_on_the_field():
    duplicate = Country(
        iso2="RU", iso3="RUX", numeric_code="999", name="Second Russia", slug="second-russia"
    )
    assert errors_of(duplicate) == {"iso2": ["Country with this ISO alpha-2 already exists."]}


def test_lower_case_iso_code_is_an_error():
    lower = Country(iso2="xx", iso3="XXX", numeric_code="998", name="Nowhere", slug="nowhere")
    assert errors_of(lower) == {"iso2": ["Enter two capital letters, such as RU."]}


def test_key_figure_without_a_source_is_an_error():
    figure = KeyFigureFactory.build(source=None)
    assert errors_of(figure) == {"source": ["This field cannot be null."]}


def test_money_needs_a_currency_and_other_units_take_none():
    without_currency = KeyFigureFactory.build(source=SourceFactory(), currency="")
    assert errors_of(without_currency) == {
        "currency": ["Money needs an ISO 4217 currency code, such as RUB."]
    }
    percent_with_currency = KeyFigureFactory.build(
        source=SourceFactory(), unit=KeyFigure.Unit.PERCENT, currency="RUB"
    )
    assert errors_of(percent_with_currency) == {
        "currency": ["Only money takes a currency; clear this field."]
    }


def test_unknown_currency_code_is_an_error():
    figure = KeyFigureFactory.build(source=SourceFactory(), currency="XYZ")
    assert errors_of(figure) == {
        "currency": ["Enter an ISO 4217 currency code in capitals, such as RUB or USD."]
    }


def test_key_figure_about_both_a_country_and_an_organization_is_an_error():
    figure = KeyFigureFactory.build(source=SourceFactory(), organization=OrganizationFactory())
    assert "organization" in errors_of(figure)


def test_key_figure_reads_as_a_reader_says_it():
    figure = KeyFigureFactory.build(usd_value=Decimal("109"), usd_scale=KeyFigure.Scale.BILLION)
    assert figure.value_display == "RUB 11.2 trillion"
    assert figure.usd_display == "USD 109 billion"
    assert figure.absolute_value == Decimal("11200000000000")


def test_unknown_parameters_stay_unknown_and_zero_is_refused():
    ai_model = AIModelFactory()
    assert ai_model.parameters is None
    ai_model.parameters = 0
    assert errors_of(ai_model) == {
        "parameters": ["Leave parameters blank when unknown; zero is not a size."]
    }


def test_source_cannot_be_accessed_before_publication():
    source = SourceFactory.build(
        published_on=datetime.date(2024, 12, 11),
        accessed_on=datetime.date(2024, 12, 1),
        publisher=OrganizationFactory(),
    )
    assert errors_of(source) == {
        "accessed_on": ["A source cannot be accessed before it was published."]
    }


def test_unknown_language_code_is_an_error():
    source = SourceFactory.build(language="zz", publisher=OrganizationFactory())
    assert errors_of(source) == {
        "language": ["Enter a two-letter ISO 639-1 language code, such as en or ru."]
    }


def test_brief_summary_is_limited_to_300_characters():
    brief = BriefFactory.build(summary="x" * 301)
    assert errors_of(brief) == {
        "summary": ["Ensure this value has at most 300 characters (it has 301)."]
    }


def test_brief_image_needs_alt_text_and_credit():
    brief = BriefFactory.build(hero_image="briefs/hero/photo.jpg")
    assert errors_of(brief) == {
        "hero_alt": ["Describe the image for readers who cannot see it."],
        "hero_credit": ["Credit the image: who made it, and under what licence."],
    }


def test_publishing_without_a_time_means_now():
    brief = BriefFactory.build(status=Brief.Status.PUBLISHED, publish_at=None)
    brief.full_clean()
    assert brief.publish_at is not None
    assert brief.is_published


def test_database_refuses_a_published_brief_without_a_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        BriefFactory(status=Brief.Status.PUBLISHED, publish_at=None)


def test_two_citations_in_a_brief_cannot_share_a_number():
    citation = BriefCitationFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BriefCitationFactory(brief=citation.brief, position=1)
