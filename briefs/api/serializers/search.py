"""Site search hits: what matched, in which kind of object, and where to find it."""

from rest_framework import serializers

from ..fields import HtmlUrlField

KIND_CHOICES = [
    ("brief", "Published brief"),
    ("country", "Country"),
    ("organization", "Organization"),
    ("aimodel", "AI model"),
    ("bloc", "Bloc"),
    ("event", "Event"),
]


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KIND_CHOICES, read_only=True)
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True, help_text="One line of context.")
    score = serializers.FloatField(read_only=True, help_text="Higher is better, across kinds.")
    url = serializers.URLField(source="api_url", read_only=True, help_text="The object in the API.")
    html_url = HtmlUrlField(source="obj")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(read_only=True, help_text="The query as searched, cleaned.")
    results = SearchHitSerializer(many=True, read_only=True)
