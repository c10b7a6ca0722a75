"""Filters readers apply to the brief list and the event timeline.

Choices only offer what would find something: a country is offered when a
published brief names it. Values are slugs, so filtered URLs read well and
survive renumbering. An unknown value is a form error the page shows next to
the field; the rest of the filters still apply.
"""

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from .models import AIModel, Bloc, Brief, Country, Event, Organization, Topic
from .models.country import country_code_q

# The brief's many-to-many field for each model a filter offers.
_BRIEF_RELATION = {
    Country: "countries",
    Bloc: "blocs",
    Organization: "organizations",
    AIModel: "ai_models",
    Topic: "topics",
}


def _linked_to_published(model) -> QuerySet:
    """Rows some published brief links to: a probe per row that stops at the first
    such brief, rather than a join over every link and a DISTINCT."""
    through = Brief._meta.get_field(_BRIEF_RELATION[model]).remote_field.through
    own = model._meta.model_name
    linked = Brief.objects.published_links(through).filter(**{own: OuterRef("pk")})
    return model.objects.filter(Exists(linked)).order_by("name")


def _published_years() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in Brief.objects.published().publication_years()]


def _event_years() -> list[tuple[int, str]]:
    years = Event.objects.dates("occurred_on", "year", order="DESC")
    return [(day.year, str(day.year)) for day in years]


def _linked_to_events(field_name: str) -> QuerySet:
    """Rows some event links to through Event.`field_name`: a probe per row that stops
    at the first such event, rather than a join over every link and a DISTINCT."""
    relation = Event._meta.get_field(field_name)
    linked = relation.remote_field.through.objects.filter(
        **{relation.m2m_reverse_field_name(): OuterRef("pk")}
    )
    return relation.related_model.objects.filter(Exists(linked)).order_by("name")


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice by slug, named for readers: "Country", not "countries"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("empty_label", "Any")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class YearFilter(django_filters.ChoiceFilter):
    """A year among those that have something; the value reaches `method` as text."""

    def __init__(self, *args, years, **kwargs):
        kwargs.setdefault("empty_label", "Any")
        super().__init__(*args, choices=years, **kwargs)


class BriefFilter(django_filters.FilterSet):
    country = SlugChoiceFilter(
        field_name="countries",
        label="Country",
        queryset=lambda request: _linked_to_published(Country),
    )
    bloc = SlugChoiceFilter(
        field_name="blocs", label="Bloc", queryset=lambda request: _linked_to_published(Bloc)
    )
    organization = SlugChoiceFilter(
        field_name="organizations",
        label="Organization",
        queryset=lambda request: _linked_to_published(Organization),
    )
    model = SlugChoiceFilter(
        field_name="ai_models",
        label="AI model",
        queryset=lambda request: _linked_to_published(AIModel),
    )
    topic = SlugChoiceFilter(
        field_name="topics", label="Topic", queryset=lambda request: _linked_to_published(Topic)
    )
    year = YearFilter(years=_published_years, method="filter_year", label="Year")

    class Meta:
        model = Brief
        fields = []

    def filter_year(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.published_in_year(int(value))


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices, label="Kind", empty_label="Any")
    country = SlugChoiceFilter(
        field_name="countries",
        label="Country",
        queryset=lambda request: _linked_to_events("countries"),
    )
    bloc = SlugChoiceFilter(
        field_name="blocs",
        label="Bloc",
        queryset=lambda request: _linked_to_events("blocs"),
    )
    year = YearFilter(years=_event_years, method="filter_year", label="Year")

    class Meta:
        model = Event
        fields = []

    def filter_year(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        return queryset.filter(occurred_on__year=int(value))


class CompareForm(forms.Form):
    """Up to five countries to compare in one indicator, by slug.

    Offers the countries the indicator ranks; with nothing chosen, the five best
    placed in the latest edition that has ranks.
    """

    MAX_COUNTRIES = 5

    country = forms.MultipleChoiceField(
        label="Countries to compare",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Choose up to {MAX_COUNTRIES}.",
    )

    def __init__(self, data=None, *, rankings):
        """`rankings`: overall ranks, latest edition first, best rank first within one."""
        super().__init__(data)
        self.countries = {}
        for ranking in rankings:
            self.countries.setdefault(ranking.country.slug, ranking.country)
        self.default = []
        if rankings:
            latest = rankings[0].edition_id
            self.default = [r.country.slug for r in rankings if r.edition_id == latest]
            self.default = self.default[: self.MAX_COUNTRIES]
        ordered = sorted(self.countries.values(), key=lambda country: country.name)
        self.fields["country"].choices = [(country.slug, country.name) for country in ordered]
        self.fields["country"].initial = self.default

    def clean_country(self):
        chosen = self.cleaned_data["country"]
        if len(chosen) > self.MAX_COUNTRIES:
            raise forms.ValidationError(
                f"Choose at most {self.MAX_COUNTRIES} countries; you chose {len(chosen)}. "
                f"The chart shows the first {self.MAX_COUNTRIES}."
            )
        return chosen

    def chosen_countries(self) -> list:
        if not self.is_bound:
            slugs = self.default
        elif self.is_valid():
            slugs = self.cleaned_data["country"] or self.default
        else:
            submitted = self.data.getlist("country") if hasattr(self.data, "getlist") else []
            slugs = [slug for slug in submitted if slug in self.countries]
        slugs = list(dict.fromkeys(slugs))[: self.MAX_COUNTRIES]
        return [self.countries[slug] for slug in slugs]


def link_errors(form: forms.Form) -> None:
    """Point each invalid control at its error message, for screen readers."""
    for name in form.errors:
        if name in form.fields:
            bound = form[name]
            form.fields[name].widget.attrs["aria-describedby"] = f"{bound.auto_id}-error"


def active_filters(filterset: django_filters.FilterSet, query) -> list[dict]:
    """Each filter in use: its label, the value shown, and the URL without it."""
    if not filterset.is_bound:
        return []
    link_errors(filterset.form)
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        form_field = filterset.form.fields[name]
        shown = value
        if isinstance(form_field, forms.ChoiceField) and not hasattr(form_field, "queryset"):
            shown = {str(key): label for key, label in form_field.choices}.get(str(value), value)
        remaining = query.copy()
        for parameter in (name, "page"):
            remaining.pop(parameter, None)
        active.append(
            {
                "label": str(form_field.label),
                "value": str(shown),
                "remove_url": f"?{remaining.urlencode()}" if remaining else "?",
            }
        )
    return active


class CountryCodesForm(forms.Form):
    """The countries of /compare/: ISO codes joined by "~" (RUS~CHN~IND), any case, so
    the address stays short and shareable. Unknown codes and too many are errors."""

    MAX_COUNTRIES = 10
    SEPARATOR = "~"

    countries = forms.CharField(
        label="Countries",
        max_length=200,
        help_text=(
            f"ISO codes (alpha-3, alpha-2 or numeric) joined by “{SEPARATOR}”, "
            f"for example RUS{SEPARATOR}CHN{SEPARATOR}IND; up to {MAX_COUNTRIES}."
        ),
    )
    add = forms.CharField(label="Add a country", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        raw = data.get("countries", "")
        codes = [c.strip() for c in raw.replace(",", self.SEPARATOR).split(self.SEPARATOR)]
        if data.get("add"):
            codes.append(data["add"].strip())
        codes = list(dict.fromkeys(code.upper() for code in codes if code))
        if "countries" in self.errors:
            return data
        if not codes:
            raise forms.ValidationError("Name at least one country by its ISO code.")
        if len(codes) > self.MAX_COUNTRIES:
            raise forms.ValidationError(
                f"Compare at most {self.MAX_COUNTRIES} countries at a time; "
                f"the address names {len(codes)}."
            )
        conditions = {code: country_code_q(code) for code in codes}
        not_codes = [code for code, condition in conditions.items() if condition is None]
        if not_codes:
            raise forms.ValidationError(
                "Not an ISO country code: " + ", ".join(f"“{code}”" for code in not_codes) + "."
            )
        countries = list(Country.objects.filter(reduce(operator.or_, conditions.values())))
        found = {}
        for code in codes:
            for country in countries:
                if code in (country.iso2, country.iso3, country.numeric_code):
                    found.setdefault(country.pk, country)
                    break
            else:
                raise forms.ValidationError(f"No country has the ISO code “{code}”.")
        data["country_list"] = list(found.values())
        return data

    def chosen(self) -> list:
        return self.cleaned_data["country_list"] if self.is_valid() else []
