from django.contrib.contenttypes.admin import GenericTabularInline

from ..models import Alias


class AliasInline(GenericTabularInline):
    """Other names of a country, bloc, organization, AI model or person, with their language."""

    model = Alias
    extra = 0
    fields = ("name", "language")
