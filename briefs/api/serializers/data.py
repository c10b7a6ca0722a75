"""Indicators with their editions, and the two flat, cited tables: rankings and key
figures. Their list endpoints also answer in CSV, one column per flattened field."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import KeyFigure
from ..fields import ApiUrlField, HtmlUrlField, OptionalUrlField, absolute
from .licensing import CitationField, LicenceSerializer
from .refs import (
    CitedSourceSerializer,
    CountryRefSerializer,
    IndicatorRefSerializer,
    OrganizationRefSerializer,
    SourceRefSerializer,
)


class IndicatorSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    publisher = OrganizationRefSerializer(read_only=True)
    website = OptionalUrlField()
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:indicator-detail")
    html_url = HtmlUrlField()


class EditionSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True, help_text="The edition's year.")
    published_on = serializers.DateField(read_only=True, allow_null=True)
    data_year = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The year the data describes, if different."
    )
    countries_covered = serializers.IntegerField(
        read_only=True, help_text="How many countries this edition ranks."
    )
    edition_url = OptionalUrlField(source="url", help_text="The publisher's page for it, if any.")
    note = serializers.CharField(read_only=True)
    source = SourceRefSerializer(read_only=True, allow_null=True)
    rankings_url = serializers.SerializerMethodField(help_text="This edition's rankings.")
    html_url = HtmlUrlField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_rankings_url(self, edition) -> str:
        url = absolute(self.context.get("request"), reverse("api:ranking-list"))
        query = {"indicator": edition.indicator.slug, "year": edition.year}
        return f"{url}?{urlencode(query)}"


class IndicatorDetailSerializer(IndicatorSerializer):
    description = serializers.CharField(read_only=True)
    methodology = serializers.CharField(read_only=True)
    editions = EditionSerializer(many=True, read_only=True)


class RankingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    indicator = IndicatorRefSerializer(source="edition.indicator", read_only=True)
    year = serializers.IntegerField(source="edition.year", read_only=True)
    country = CountryRefSerializer(read_only=True)
    rank = serializers.IntegerField(read_only=True)
    out_of = serializers.IntegerField(
        source="edition.countries_covered",
        read_only=True,
        help_text="How many countries the edition ranks: 31st of 83.",
    )
    score = serializers.DecimalField(
        max_digits=8, decimal_places=3, read_only=True, allow_null=True
    )
    pillar = serializers.CharField(read_only=True, help_text="Empty for the overall rank.")
    note = serializers.CharField(read_only=True)
    source = CitedSourceSerializer(read_only=True)
    licence = LicenceSerializer()
    citation = CitationField(page="edition.indicator")
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:ranking-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="edition.indicator")


class KeyFigureSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    country = CountryRefSerializer(read_only=True, allow_null=True)
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True, help_text="What is measured.")
    value = serializers.DecimalField(
        max_digits=20, decimal_places=4, read_only=True, help_text="In units of `scale`."
    )
    scale = serializers.ChoiceField(choices=KeyFigure.Scale.choices, read_only=True)
    unit = serializers.ChoiceField(choices=KeyFigure.Unit.choices, read_only=True)
    currency = serializers.CharField(read_only=True, help_text="ISO 4217; empty unless money.")
    absolute_value = serializers.DecimalField(
        max_digits=40,
        decimal_places=4,
        read_only=True,
        help_text="The value in whole units: 0.2 trillion is 200000000000.",
    )
    value_display = serializers.CharField(read_only=True, help_text='As read: "11.2 trillion RUB".')
    usd_value = serializers.DecimalField(
        max_digits=20, decimal_places=4, read_only=True, allow_null=True
    )
    usd_scale = serializers.ChoiceField(choices=KeyFigure.Scale.choices, read_only=True)
    year = serializers.IntegerField(read_only=True, help_text="The year the figure refers to.")
    kind = serializers.ChoiceField(choices=KeyFigure.Kind.choices, read_only=True)
    locator = serializers.CharField(read_only=True, help_text="Where in the source.")
    note = serializers.CharField(read_only=True)
    source = CitedSourceSerializer(read_only=True)
    licence = LicenceSerializer()
    citation = CitationField(page="subject")
    updated_at = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:key-figure-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="subject")
