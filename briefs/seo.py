"""What search engines and link previews read: page metadata and JSON-LD.

Builders return plain dicts with site-relative URLs; the ``seo`` template tags
make them absolute with the request, so the same data serves any host name.
Only what the page itself shows goes in: a brief's JSON-LD names published
briefs only because it is built from the brief page's own context.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator

from .links import safe_url
from .models import (
    AIModel,
    Bloc,
    Brief,
    Country,
    DatePrecision,
    Event,
    Indicator,
    Organization,
    Person,
    Topic,
)
from .users import display_name

DESCRIPTION_LENGTH = 160
SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class PageMeta:
    """Title, description and preview of one page, for <head>."""

    title: str
    description: str = ""
    og_type: str = "website"
    image: str = ""  # site-relative or absolute URL of a preview image
    image_alt: str = ""

    @property
    def full_title(self) -> str:
        if not self.title or self.title == settings.SITE_NAME:
            return settings.SITE_NAME
        return f"{self.title} · {settings.SITE_NAME}"

    @property
    def meta_description(self) -> str:
        text = " ".join((self.description or settings.SITE_DESCRIPTION).split())
        return Truncator(text).chars(DESCRIPTION_LENGTH)


def describe(text: str, fallback: str) -> str:
    return " ".join((text or "").split()) or fallback


def brief_meta(brief: Brief) -> PageMeta:
    image = brief.hero_image.url if brief.hero_image else ""
    return PageMeta(
        title=brief.title,
        description=brief.summary,
        og_type="article",
        image=image,
        image_alt=brief.hero_alt if image else "",
    )


def entity_meta(obj, fallback: str) -> PageMeta:
    text = getattr(obj, "description", "") or getattr(obj, "summary", "")
    return PageMeta(
        title=str(getattr(obj, "name", None) or obj), description=describe(text, fallback)
    )


# JSON-LD ---------------------------------------------------------------------


def _wikidata(obj) -> list[str]:
    wikidata_id = getattr(obj, "wikidata_id", "")
    return [f"https://www.wikidata.org/wiki/{wikidata_id}"] if wikidata_id else []


def _website_and_wikidata(obj) -> list[str]:
    website = safe_url(obj.website)
    return [*([website] if website else []), *_wikidata(obj)]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _partial_date(value, precision: str) -> str | None:
    """ISO 8601 to the precision known: "2023", "2024-12" or "2024-12-11"."""
    if not value:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value:%Y}"
    if precision == DatePrecision.MONTH:
        return f"{value:%Y-%m}"
    return value.isoformat()


def _compact(data: dict) -> dict:
    """Drop empty values: JSON-LD says nothing rather than something empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def entity_ref(obj) -> dict:
    """A short reference to an entity, as it appears inside another's JSON-LD."""
    kinds = {
        Country: "Country",
        Organization: "Organization",
        Bloc: "Organization",
        AIModel: "SoftwareApplication",
        Person: "Person",
        Event: "Event",
        Indicator: "Dataset",
        Topic: "Thing",
    }
    name = getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)
    return _compact(
        {
            "@type": kinds.get(type(obj), "Thing"),
            "name": name,
            "url": obj.get_absolute_url(),
            "sameAs": _wikidata(obj),
        }
    )


def site_publisher() -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": reverse("briefs:home")}


def website_json_ld() -> dict:
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "description": settings.SITE_DESCRIPTION,
        "url": reverse("briefs:home"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": reverse("briefs:search") + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def brief_json_ld(brief: Brief) -> dict:
    """NewsArticle: sources as ``citation``, subjects as ``about``, the rest as ``mentions``.

    Reads the brief's prefetched relations only (see selectors.with_page_relations).
    """
    authors = [{"@type": "Person", "name": display_name(author)} for author in brief.authors.all()]
    citations = []
    for citation in brief.citations.all():
        source = citation.source
        citations.append(
            _compact(
                {
                    "@type": "CreativeWork",
                    "name": source.title,
                    "url": safe_url(source.url),
                    "datePublished": _date(source.published_on),
                    "publisher": (
                        {"@type": "Organization", "name": source.publisher.name}
                        if source.publisher
                        else None
                    ),
                    "archivedAt": safe_url(source.archived_url),
                }
            )
        )
    about = [entity_ref(obj) for obj in [*brief.countries.all(), *brief.blocs.all()]]
    mentions = [
        entity_ref(obj)
        for obj in [
            *brief.organizations.all(),
            *brief.ai_models.all(),
            *brief.people.all(),
            *brief.events.all(),
        ]
    ]
    url = brief.get_absolute_url()
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "headline": brief.title,
            "description": brief.summary,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": _date(brief.date_published),
            "dateModified": _date(brief.date_modified or brief.date_published),
            "author": authors or [site_publisher()],
            "publisher": site_publisher(),
            "image": brief.hero_image.url if brief.hero_image else None,
            "keywords": [topic.name for topic in brief.topics.all()],
            "citation": citations,
            "about": about,
            "mentions": mentions,
        }
    )


def country_json_ld(country: Country) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Country",
            "name": country.name,
            "alternateName": country.official_name,
            "url": country.get_absolute_url(),
            "identifier": [
                {
                    "@type": "PropertyValue",
                    "propertyID": "ISO 3166-1 alpha-2",
                    "value": country.iso2,
                },
                {
                    "@type": "PropertyValue",
                    "propertyID": "ISO 3166-1 alpha-3",
                    "value": country.iso3,
                },
            ],
            "containedInPlace": (
                {"@type": "Place", "name": country.sub_region} if country.sub_region else None
            ),
            "sameAs": _wikidata(country),
        }
    )


def organization_json_ld(organization: Organization) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "name": organization.name,
            "description": organization.description,
            "url": organization.get_absolute_url(),
            "sameAs": _website_and_wikidata(organization),
            "address": (
                {"@type": "PostalAddress", "addressCountry": organization.country.iso2}
                if organization.country
                else None
            ),
            "parentOrganization": entity_ref(organization.parent) if organization.parent else None,
        }
    )


def bloc_json_ld(bloc: Bloc) -> dict:
    members = [membership.member for membership in bloc.memberships.all() if not membership.left_on]
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Organization",
            "name": bloc.name,
            "alternateName": bloc.short_name if bloc.short_name != bloc.name else "",
            "description": bloc.description,
            "url": bloc.get_absolute_url(),
            "foundingDate": _partial_date(bloc.founded_on, bloc.founded_precision),
            "member": [entity_ref(member) for member in members],
            "sameAs": _website_and_wikidata(bloc),
        }
    )


def aimodel_json_ld(ai_model: AIModel) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "SoftwareApplication",
            "name": ai_model.name,
            "description": ai_model.description,
            "url": ai_model.get_absolute_url(),
            "applicationCategory": f"AI model ({ai_model.get_modality_display().lower()})",
            "datePublished": _partial_date(ai_model.released_on, ai_model.release_precision),
            "creator": [entity_ref(developer) for developer in ai_model.developers.all()],
            "sameAs": _website_and_wikidata(ai_model),
        }
    )


def person_json_ld(person: Person) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Person",
            "name": person.name,
            "description": person.description,
            "url": person.get_absolute_url(),
            "nationality": entity_ref(person.country) if person.country else None,
            "sameAs": _wikidata(person),
        }
    )


def indicator_json_ld(indicator: Indicator) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Dataset",
            "name": indicator.name,
            "description": indicator.description or indicator.name,
            "url": indicator.get_absolute_url(),
            "creator": entity_ref(indicator.publisher),
            "isBasedOn": safe_url(indicator.website),
        }
    )


def event_json_ld(event: Event) -> dict:
    return _compact(
        {
            "@context": SCHEMA,
            "@type": "Event",
            "name": event.title,
            "description": event.summary,
            "url": event.get_absolute_url(),
            "startDate": _partial_date(event.occurred_on, event.precision),
            "about": [entity_ref(obj) for obj in [*event.countries.all(), *event.blocs.all()]],
        }
    )
