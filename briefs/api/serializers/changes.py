"""One entry of the change feed."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...changes import KEY_FIELDS, KINDS
from ...models import Change
from ..fields import absolute

# The URL keyword each kind's detail route takes (the others take ``slug``).
URL_KWARGS = {
    "country": "code",
    **{KINDS[model]: "pk" for model, field in KEY_FIELDS.items() if field == "pk"},
}


def detail_path(change: Change) -> str:
    """The API path of the object a change is about (``api:<type>-detail``)."""
    kwarg = URL_KWARGS.get(change.kind, "slug")
    return reverse(f"api:{change.kind}-detail", kwargs={kwarg: change.key})


@extend_schema_field(OpenApiTypes.URI)
class ChangedObjectUrlField(serializers.Field):
    """Where the changed object is read now; a deleted one's answers 404."""

    def __init__(self):
        super().__init__(source="*", read_only=True)

    def to_representation(self, change):
        return absolute(self.context.get("request"), detail_path(change))


class ChangeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(
        source="kind",
        choices=sorted(KINDS.values()),
        read_only=True,
        help_text="What changed, named as its endpoint's detail: brief, country, ai-model...",
    )
    key = serializers.CharField(
        read_only=True,
        help_text=(
            "Its natural key: a slug, a country's ISO alpha-2 code, or the id of a source, "
            "ranking, key figure or membership."
        ),
    )
    action = serializers.ChoiceField(
        choices=Change.Action.choices,
        read_only=True,
        help_text=(
            "`created` and `updated`: read it again from `url`. `deleted`: drop your copy; "
            "for a brief, it was withdrawn, unpublished or deleted."
        ),
    )
    at = serializers.DateTimeField(read_only=True, help_text="When it happened.")
    url = ChangedObjectUrlField()
