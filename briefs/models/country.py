"""Countries: all 249 ISO 3166-1 entries, created by a data migration."""

import difflib

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper

from ..paths import KeyedPath
from .common import TimeStampedModel, wikidata_field

# Its public page's address: reverse() once, then joined per object (briefs.paths).
PAGE_PATH = KeyedPath("briefs:country-detail", "slug")


def country_code_q(code: str, *, prefix: str = "") -> Q | None:
    """The condition for the country an ISO 3166-1 code names, or None if `code` is no code.

    Alpha-2 (RU), alpha-3 (RUS) or numeric (643), in any case and with surrounding
    spaces. `prefix` reaches a country through a relation ("countries__").
    """
    code = (code or "").strip().upper()
    if not code.isascii():
        return None
    if code.isdigit() and len(code) == 3:
        return Q(**{f"{prefix}numeric_code": code})
    if code.isalpha() and len(code) in (2, 3):
        return Q(**{f"{prefix}iso2" if len(code) == 2 else f"{prefix}iso3": code})
    return None


class UnknownCountry(LookupError):
    """No country goes by this name or code; `suggestion` is the closest name, if any."""

    def __init__(self, text: str, suggestion: str = ""):
        self.text = text
        self.suggestion = suggestion
        hint = f' Did you mean "{suggestion}"?' if suggestion else ""
        super().__init__(f'No country is called or coded "{text}".{hint}')


class CountryMatcher:
    """Finds countries by ISO code (alpha-2, alpha-3, numeric), English name, official
    name or any alias, case-insensitively, from two queries made once: an import of
    thousands of rows resolves every country without asking the database again."""

    def __init__(self, countries):
        self.by_key: dict[str, Country] = {}
        names: dict[str, Country] = {}
        countries = list(countries.prefetch_related("aliases"))
        for country in countries:
            for code in (country.iso2, country.iso3, country.numeric_code):
                self.by_key[code.casefold()] = country
            for name in (country.name, country.official_name):
                if name:
                    names[name] = country
            for alias in country.aliases.all():
                names.setdefault(alias.name, country)
        for name, country in names.items():
            self.by_key.setdefault(_name_key(name), country)
        self._names = list(names)

    def resolve(self, text) -> "Country":
        """The country `text` names or codes; raises UnknownCountry with a suggestion."""
        text = str(text if text is not None else "").strip()
        country = self.by_key.get(_name_key(text)) if text else None
        if country is None:
            raise UnknownCountry(text, self.suggest(text))
        return country

    def suggest(self, text: str) -> str:
        by_folded = {name.casefold(): name for name in self._names}
        close = difflib.get_close_matches(text.casefold(), list(by_folded), n=1, cutoff=0.6)
        return by_folded[close[0]] if close else ""


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


class CountryQuerySet(models.QuerySet):
    def by_code(self, code: str):
        """The country with this ISO code (alpha-2, alpha-3 or numeric, any case), or none."""
        condition = country_code_q(code)
        return self.filter(condition) if condition is not None else self.none()

    def get_by_natural_key(self, iso3: str):
        return self.get(iso3=iso3)

    def matcher(self) -> CountryMatcher:
        """A matcher over these countries: see CountryMatcher."""
        return CountryMatcher(self)

    def resolve(self, text: str) -> "Country":
        """The country a code, a name or an alias names (any case); raises UnknownCountry."""
        return self.matcher().resolve(text)


class Country(TimeStampedModel):
    iso2 = models.CharField(
        "ISO alpha-2",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Enter two capital letters, such as RU.")],
    )
    iso3 = models.CharField(
        "ISO alpha-3",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", "Enter three capital letters, such as RUS.")],
    )
    numeric_code = models.CharField(
        "ISO numeric",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{3}$", "Enter three digits, such as 643.")],
    )
    name = models.CharField(max_length=100, help_text="The short English name readers know.")
    official_name = models.CharField(
        max_length=200, blank=True, help_text="The name in ISO 3166-1, where it differs."
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=50, blank=True, help_text="UN M49 region.")
    sub_region = models.CharField(max_length=50, blank=True, help_text="UN M49 sub-region.")
    wikidata_id = wikidata_field()
    aliases = GenericRelation("briefs.Alias")

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2=Upper("iso2")) & models.Q(iso3=Upper("iso3")),
                name="country_iso_codes_upper_case",
                violation_error_message="ISO codes are written in capital letters.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return PAGE_PATH(self.slug)

    def natural_key(self) -> tuple[str]:
        return (self.iso3,)
