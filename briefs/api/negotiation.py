"""Content negotiation whose unknown ``?format=`` is a 400 naming the parameter, not a 404."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class ApiContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            offered = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError(
                {"format": [f"Unknown format {format!r}; use one of: {offered}."]}
            )
        return matching
