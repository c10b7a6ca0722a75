"""How a cell becomes a value and back, with lookups read once per import.

Related objects are found in dictionaries filled by one query (two with aliases)
the first time a column needs them, so a file of 10,000 rows asks the database
the same number of questions as a file of ten.
"""

from decimal import Decimal, InvalidOperation

from django.db.models import Model
from import_export import widgets

from ..models import Country

LIST_SEPARATOR = ";"


def _blank(value) -> bool:
    return value is None or str(value).strip() == ""


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a whole number.") from None
        if number != number.to_integral_value():
            raise ValueError(f"{value!r} is not a whole number.")
        return int(number)


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number.") from None
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a number.")
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.normalize():f}"


class DateWidget(widgets.DateWidget):
    """Dates as YYYY-MM-DD (or a spreadsheet's own date cells)."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD.") from None


class CountryWidget(widgets.Widget):
    """A country by ISO code, English name or alias (Country.objects.matcher)."""

    def __init__(self):
        super().__init__()
        self._matcher = None

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if self._matcher is None:
            self._matcher = Country.objects.matcher()
        try:
            return self._matcher.resolve(value)
        except LookupError as error:
            raise ValueError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return value.iso3 if value is not None else ""


class LookupWidget(widgets.Widget):
    """An object by one of its keys (slug, name, URL...) or an alias, any case.

    ``keys`` are the fields it is found by; the first is what exports write.
    """

    def __init__(self, model: type[Model], keys: tuple[str, ...]):
        super().__init__()
        self.model = model
        self.keys = keys
        self._index = None

    def index(self) -> dict:
        if self._index is None:
            objects = self.model._default_manager.all()
            with_aliases = hasattr(self.model, "aliases")
            if with_aliases:
                objects = objects.prefetch_related("aliases")
            index = {}
            for obj in objects:
                names = [getattr(obj, key) for key in self.keys]
                if with_aliases:
                    names += [alias.name for alias in obj.aliases.all()]
                for name in names:
                    if name:
                        index.setdefault(_key(name), obj)
            self._index = index
        return self._index

    def remember(self, obj) -> None:
        """Make an object this import creates findable by later rows."""
        for key in self.keys:
            if getattr(obj, key):
                self.index().setdefault(_key(getattr(obj, key)), obj)

    def find(self, value):
        obj = self.index().get(_key(value))
        if obj is None:
            name = self.model._meta.verbose_name
            raise ValueError(f"No {name} is known as {str(value).strip()!r}.")
        return obj

    def clean(self, value, row=None, **kwargs):
        return None if _blank(value) else self.find(value)

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.keys[0]) if value is not None else ""


class ManyLookupWidget(widgets.ManyToManyWidget):
    """Several objects in one cell, separated by semicolons."""

    def __init__(self, lookup: widgets.Widget):
        super().__init__(model=getattr(lookup, "model", Country), separator=LIST_SEPARATOR)
        self.lookup = lookup

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return []
        return [
            self.lookup.clean(part) for part in str(value).split(LIST_SEPARATOR) if part.strip()
        ]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(self.lookup.render(item) for item in value.all())


def _key(value) -> str:
    return " ".join(str(value).casefold().split())
