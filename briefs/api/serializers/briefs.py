"""Briefs: a compact list item, and the full brief with its body and citations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...markdown import render_text
from ...users import display_name
from ..fields import ApiUrlField, HtmlUrlField
from .refs import (
    AIModelRefSerializer,
    BlocRefSerializer,
    CitedSourceSerializer,
    CountryRefSerializer,
    EventRefSerializer,
    KeyFigureRefSerializer,
    OrganizationRefSerializer,
    PersonRefSerializer,
    TopicRefSerializer,
)

DATE_PUBLISHED_HELP = "When the brief first went public (ISO 8601, with time zone)."
DATE_MODIFIED_HELP = "The last substantive revision after publication, or null if none."
UPDATED_AT_HELP = (
    "When the brief last changed for API readers: its last save, or the moment it went "
    "live if that is later. `updated_since` filters on this value; sync on it."
)


class BriefListSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True, help_text="Plain text, at most 300 characters.")
    date_published = serializers.DateTimeField(read_only=True, help_text=DATE_PUBLISHED_HELP)
    date_modified = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=DATE_MODIFIED_HELP
    )
    updated_at = serializers.DateTimeField(
        source="reader_updated_at", read_only=True, help_text=UPDATED_AT_HELP
    )
    featured = serializers.BooleanField(read_only=True)
    topics = TopicRefSerializer(many=True, read_only=True)
    countries = CountryRefSerializer(many=True, read_only=True)
    blocs = BlocRefSerializer(many=True, read_only=True)
    organizations = OrganizationRefSerializer(many=True, read_only=True)
    ai_models = AIModelRefSerializer(many=True, read_only=True)
    url = ApiUrlField("api:brief-detail")
    html_url = HtmlUrlField()


class HeroImageSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The image file.")
    alt = serializers.CharField(source="hero_alt", read_only=True)
    credit = serializers.CharField(source="hero_credit", read_only=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, brief) -> str:
        request = self.context.get("request")
        url = brief.hero_image.url
        return request.build_absolute_uri(url) if request else url


class CitationSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True, help_text="The [n] in the body.")
    supports = serializers.CharField(read_only=True, help_text="The claim the source backs.")
    locator = serializers.CharField(read_only=True, help_text="Page, section or paragraph.")
    source = CitedSourceSerializer(read_only=True)


# body_format=...: the one body field a detail shows.
BODY_FIELDS = {"html": "body_html", "markdown": "body_markdown", "text": "body_text"}


class BriefDetailSerializer(BriefListSerializer):
    body_html = serializers.CharField(
        read_only=True,
        help_text="The body as HTML, sanitized with an allow-list (`body_format=html`, the "
        "default).",
    )
    body_markdown = serializers.CharField(
        source="body",
        read_only=True,
        help_text="The body as the editors wrote it, in Markdown (`body_format=markdown`); "
        "`[^3]` cites citation 3.",
    )
    body_text = serializers.SerializerMethodField(
        help_text="The body as plain text (`body_format=text`): no markup, citations as `[3]`."
    )
    authors = serializers.SerializerMethodField(help_text="The authors' names.")
    hero_image = serializers.SerializerMethodField()
    people = PersonRefSerializer(many=True, read_only=True)
    events = EventRefSerializer(many=True, read_only=True)
    key_figures = KeyFigureRefSerializer(many=True, read_only=True)
    citations = CitationSerializer(many=True, read_only=True)

    def get_body_text(self, brief) -> str:
        return render_text(brief.body)

    def get_authors(self, brief) -> list[str]:
        return [display_name(author) for author in brief.authors.all()]

    @extend_schema_field(HeroImageSerializer(allow_null=True))
    def get_hero_image(self, brief):
        if not brief.hero_image:
            return None
        return HeroImageSerializer(brief, context=self.context).data
