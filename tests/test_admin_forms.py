"""Bad data typed into the admin comes back as an error next to the field, input intact."""

import pytest
from django.urls import reverse

from briefs.models import (
    Bloc,
    Brief,
    BriefCitation,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Source,
)
from tests.factories import (
    BriefFactory,
    IndicatorFactory,
    SourceFactory,
    country,
)

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inline_formset(response, prefix: str):
    """The admin inline whose form fields start with ``prefix`` (inlines come in any order)."""
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    return formset


def field_errors(response, form_key: str = "adminform") -> dict:
    return response.context[form_key].form.errors


def test_rank_beyond_the_editions_coverage_is_an_error_on_the_rank_cell(superuser_client):
    indicator = IndicatorFactory()
    source = SourceFactory()
    data = {
        "indicator": indicator.pk,
        "year": "2024",
        "countries_covered": "36",
        "published_on": "2024-11-21",
        "note": "Typed by the editor",
        **inline_management("rankings", 1),
        "rankings-0-country": country("RU").pk,
        "rankings-0-rank": "37",
        "rankings-0-source": source.pk,
        "rankings-0-pillar": "",
    }
    response = superuser_client.post(reverse("admin:briefs_indicatoredition_add"), data)

    assert response.status_code == 200
    formset = inline_formset(response, "rankings")
    assert formset.forms[0].errors == {
        "rank": ["Rank 37 is beyond the 36 countries this edition covers."]
    }
    assert not IndicatorEdition.objects.exists()
    assert 'value="Typed by the editor"' in response.text
    assert 'name="rankings-0-rank" value="37"' in response.text


def test_member_leaving_before_joining_is_an_error_on_left_on(superuser_client):
    data = {
        "name": "Test bloc",
        "slug": "test-bloc",
        "kind": Bloc.Kind.ECONOMIC,
        "founded_precision": "day",
        **inline_management("briefs-alias-content_type-object_id", 0),
        **inline_management("memberships", 1),
        "memberships-0-country": country("BR").pk,
        "memberships-0-role": Membership.Role.MEMBER,
        "memberships-0-joined_on": "2024-01-01",
        "memberships-0-joined_precision": "day",
        "memberships-0-left_on": "2023-01-01",
    }
    response = superuser_client.post(reverse("admin:briefs_bloc_add"), data)

    assert response.status_code == 200
    formset = inline_formset(response, "memberships")
    assert formset.forms[0].errors == {"left_on": ["A member cannot leave before it joined."]}
    assert not Bloc.objects.filter(slug="test-bloc").exists()
    assert 'value="Test bloc"' in response.text


def test_membership_with_both_members_is_an_error_next_to_the_organization(superuser_client):
    bloc = Bloc.objects.create(name="G7", slug="g7", kind=Bloc.Kind.INTERGOVERNMENTAL)
    organization = SourceFactory().publisher
    data = {
        "bloc": bloc.pk,
        "country": country("GB").pk,
        "organization": organization.pk,
        "role": Membership.Role.MEMBER,
        "joined_precision": "day",
        "note": "both kinds at once",
    }
    response = superuser_client.post(reverse("admin:briefs_membership_add"), data)

    assert response.status_code == 200
    assert field_errors(response) == {
        "organization": [
            "A membership names one member: clear either the country or the organization."
        ]
    }
    assert 'value="both kinds at once"' in response.text


def test_membership_with_no_member_is_an_error_next_to_the_country(superuser_client):
    bloc = Bloc.objects.create(name="G7", slug="g7", kind=Bloc.Kind.INTERGOVERNMENTAL)
    data = {"bloc": bloc.pk, "role": Membership.Role.MEMBER, "joined_precision": "day"}
    response = superuser_client.post(reverse("admin:briefs_membership_add"), data)

    assert field_errors(response) == {
        "country": ["Choose the member: a country or an organization."]
    }


def test_duplicate_iso_code_is_an_error_next_to_the_code(superuser_client):
    data = {
        "name": "Russia again",
        "slug": "russia-again",
        "iso2": "RU",
        "iso3": "RUZ",
        "numeric_code": "998",
    }
    response = superuser_client.post(reverse("admin:briefs_country_add"), data)

    assert response.status_code == 200
    assert field_errors(response) == {"iso2": ["Country with this ISO alpha-2 already exists."]}
    assert 'value="Russia again"' in response.text


def test_key_figure_without_a_source_is_an_error_next_to_the_source(superuser_client):
    data = {
        "country": country("RU").pk,
        "label": "AI contribution to GDP",
        "year": "2030",
        "kind": KeyFigure.Kind.FORECAST,
        "value": "11.2",
        "scale": KeyFigure.Scale.TRILLION,
        "unit": KeyFigure.Unit.CURRENCY,
        "currency": "RUB",
        "usd_scale": KeyFigure.Scale.ONE,
    }
    response = superuser_client.post(reverse("admin:briefs_keyfigure_add"), data)

    assert response.status_code == 200
    assert field_errors(response) == {"source": ["This field is required."]}
    assert not KeyFigure.objects.exists()
    assert 'value="11.2"' in response.text


def brief_form(**overrides) -> dict:
    data = {
        "title": "Russia and BRICS",
        "slug": "russia-and-brics",
        "summary": "What the new network means.",
        "body": "Body text.",
        "status": Brief.Status.DRAFT,
        **inline_management("citations", 0),
    }
    data.update(overrides)
    return data


def test_brief_summary_over_300_characters_is_an_error_and_the_body_is_kept(superuser_client):
    body = "A long body the editor must not lose."
    response = superuser_client.post(
        reverse("admin:briefs_brief_add"), brief_form(summary="x" * 301, body=body)
    )

    assert response.status_code == 200
    assert field_errors(response) == {
        "summary": ["Ensure this value has at most 300 characters (it has 301)."]
    }
    assert body in response.text


def test_citations_without_numbers_are_numbered_in_order(superuser_client):
    first, second = SourceFactory(), SourceFactory()
    data = brief_form(
        **inline_management("citations", 2),
        **{
            "citations-0-source": first.pk,
            "citations-0-supports": "The announcement.",
            "citations-1-source": second.pk,
            "citations-1-supports": "The rankings.",
        },
    )
    response = superuser_client.post(reverse("admin:briefs_brief_add"), data)

    assert response.status_code == 302
    citations = BriefCitation.objects.filter(brief__slug="russia-and-brics")
    assert [(c.position, c.source_id) for c in citations] == [(1, first.pk), (2, second.pk)]


def test_two_citations_with_the_same_number_are_refused(superuser_client):
    source = SourceFactory()
    data = brief_form(
        **inline_management("citations", 2),
        **{
            "citations-0-position": "1",
            "citations-0-source": source.pk,
            "citations-0-supports": "One claim.",
            "citations-1-position": "1",
            "citations-1-source": source.pk,
            "citations-1-supports": "Another claim.",
        },
    )
    response = superuser_client.post(reverse("admin:briefs_brief_add"), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for position." in response.text
    assert not Brief.objects.exists()


def test_new_brief_lists_its_creator_as_author(superuser_client, superuser):
    response = superuser_client.get(reverse("admin:briefs_brief_add"))
    assert response.context["adminform"].form.initial["authors"] == [superuser.pk]


def test_editor_can_add_a_source_from_the_citation_row_without_leaving_the_brief(superuser_client):
    brief = BriefFactory()
    change_page = superuser_client.get(reverse("admin:briefs_brief_change", args=[brief.pk]))
    add_source_url = reverse("admin:briefs_source_add")
    assert f'href="{add_source_url}?_to_field=id&amp;_popup=1"' in change_page.text

    popup = superuser_client.post(
        f"{add_source_url}?_to_field=id&_popup=1",
        {
            "_popup": "1",
            "_to_field": "id",
            "url": "https://www.tortoisemedia.com/intelligence/global-ai/",
            "title": "The Global AI Index",
            "kind": Source.Kind.DATASET,
            "language": "en",
        },
    )

    assert popup.status_code == 200
    source = Source.objects.get(title="The Global AI Index")
    assert popup.context["popup_response_data"]  # handed back to the brief's form
    assert str(source.pk) in popup.context["popup_response_data"]


def test_a_citation_added_to_a_cited_brief_is_numbered_after_the_last(superuser_client):
    brief = BriefFactory()
    existing = BriefCitation.objects.create(
        brief=brief, source=SourceFactory(), position=1, supports="First claim."
    )
    change_url = reverse("admin:briefs_brief_change", args=[brief.pk])
    page = superuser_client.get(change_url)
    blank_row = inline_formset(page, "citations").forms[-1]
    assert blank_row["position"].value() is None  # no number to clash with

    new_source = SourceFactory()
    data = brief_form(
        title=brief.title,
        slug=brief.slug,
        status=brief.status,
        **{"publish_at_0": "2024-12-12", "publish_at_1": "09:00:00"},
        # The revision the page was opened at: the admin refuses stale saves.
        revision_token=page.context["adminform"].form["revision_token"].value(),
        **inline_management("citations", 2, initial=1),
        **{
            "citations-0-id": existing.pk,
            "citations-0-brief": brief.pk,
            "citations-0-position": "1",
            "citations-0-source": existing.source_id,
            "citations-0-supports": "First claim.",
            "citations-1-brief": brief.pk,
            "citations-1-source": new_source.pk,
            "citations-1-supports": "Second claim.",
        },
    )
    response = superuser_client.post(change_url, data)

    assert response.status_code == 302
    assert list(brief.citations.values_list("position", "source")) == [
        (1, existing.source_id),
        (2, new_source.pk),
    ]
