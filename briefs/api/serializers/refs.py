"""Small references to linked objects: enough to show a name and follow a link."""

from rest_framework import serializers

from ...models import KeyFigure
from ..fields import ApiUrlField, HtmlUrlField, OptionalUrlField


class NamedRefSerializer(serializers.Serializer):
    """Reference to an entity with a name and a slug; each subclass names its endpoint."""

    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    html_url = HtmlUrlField()


class TopicRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:topic-detail")


class BlocRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:bloc-detail")


class OrganizationRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:organization-detail")


class AIModelRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:ai-model-detail")


class PersonRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:person-detail")


class IndicatorRefSerializer(NamedRefSerializer):
    url = ApiUrlField("api:indicator-detail")


class CountryRefSerializer(serializers.Serializer):
    iso2 = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-2 code.")
    iso3 = serializers.CharField(read_only=True, help_text="ISO 3166-1 alpha-3 code.")
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    url = ApiUrlField("api:country-detail", lookup_field="iso2", url_kwarg="code")
    html_url = HtmlUrlField()


class EventRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    occurred_on = serializers.DateField(read_only=True)
    url = ApiUrlField("api:event-detail")
    html_url = HtmlUrlField()


class BriefRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    date_published = serializers.DateTimeField(read_only=True)
    url = ApiUrlField("api:brief-detail")
    html_url = HtmlUrlField()


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    document_url = serializers.URLField(
        source="url", read_only=True, help_text="The source document itself."
    )
    published_on = serializers.DateField(read_only=True, allow_null=True)
    url = ApiUrlField("api:source-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField()


class KeyFigureRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=KeyFigure.Kind.choices, read_only=True)
    value_display = serializers.CharField(read_only=True, help_text='As read: "11.2 trillion RUB".')
    url = ApiUrlField("api:key-figure-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="subject")


class RankingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    indicator = IndicatorRefSerializer(source="edition.indicator", read_only=True)
    year = serializers.IntegerField(source="edition.year", read_only=True)
    rank = serializers.IntegerField(read_only=True)
    out_of = serializers.IntegerField(source="edition.countries_covered", read_only=True)
    pillar = serializers.CharField(read_only=True)
    url = ApiUrlField("api:ranking-detail", lookup_field="pk", url_kwarg="pk")
    html_url = HtmlUrlField(source="edition.indicator")


class CitedSourceSerializer(SourceRefSerializer):
    """A source as cited next to a figure or a claim: with its publisher and archive."""

    publisher = serializers.CharField(source="publisher.name", read_only=True, allow_null=True)
    archived_url = OptionalUrlField(help_text="A copy in a web archive, if any.")
