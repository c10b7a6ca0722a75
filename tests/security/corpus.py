"""The XSS corpus, and a knowledge base whose every editor-writable text field carries it.

Each payload, if it ever ran, would call ``__xss(n)`` (or ``alert(n)``) with its
own number, or would leave an element marked ``data-xss`` in the page, or a live
link with a script scheme: the browser test looks for all three.

``build_corpus_world(payloads)`` makes one object of every editable model per
payload, with that payload in every free-text field of the object (names,
titles, summaries, bodies, notes, captions, URLs, the author's name), written
through the model layer: the path a script or an importer takes, so the
admin form's own checks (URL schemes) do not stand between the payload and
the page. Text is cut to each field's maximum length; control characters are
stripped by the model layer, as on every save.
"""

import base64
import datetime

from django.db import models
from django.utils import timezone

from briefs.models import (
    AIModel,
    Bloc,
    Brief,
    BriefCitation,
    Country,
    Event,
    Indicator,
    IndicatorEdition,
    KeyFigure,
    Membership,
    Organization,
    Person,
    Ranking,
    Role,
    Source,
    Topic,
)
from tests.factories import UserFactory

_SVG_DATA = base64.b64encode(b"<script>parent.__xss({n})</script>").decode()

TEMPLATES = [
    # Plain script and attribute handlers.
    "<script>__xss({n})</script>",
    '"><script>__xss({n})</script>',
    "'><script>__xss({n})</script>",
    "<img src=x onerror=__xss({n}) data-xss>",
    "<img src=x onerror=__xss({n}) data-xss",  # never closed
    "<IMG SRC=JaVaScRiPt:__xss({n}) data-xss>",
    "<body onload=__xss({n}) data-xss>",
    "<input autofocus onfocus=__xss({n}) data-xss>",
    "<details open ontoggle=__xss({n}) data-xss>",
    "<marquee onstart=__xss({n}) data-xss>x</marquee>",
    "<video><source onerror=__xss({n}) data-xss></video>",
    "<audio src=x onerror=__xss({n}) data-xss>",
    "<x contenteditable autofocus onfocus=__xss({n}) data-xss>x</x>",
    '<a href="#" onclick="__xss({n})" data-xss>x</a>',
    # SVG and MathML.
    "<svg onload=__xss({n}) data-xss>",
    "<svg><script>__xss({n})</script></svg>",
    "<svg><animate onbegin=__xss({n}) attributeName=x dur=1s data-xss>",
    '<svg><a xlink:href="javascript:__xss({n})" data-xss><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=__xss({n}) data-xss>",
    '<noscript><p title="</noscript><img src=x onerror=__xss({n}) data-xss>">',
    # Script-scheme URLs, in text and in URL fields.
    "javascript:__xss({n})",
    "JaVaScRiPt:__xss({n})",
    "java\tscript:__xss({n})",
    " javascript:__xss({n})",
    "\x01javascript:__xss({n})",
    "vbscript:__xss({n})",
    "data:text/html,<script>__xss({n})</script>",
    "data:text/html;base64," + _SVG_DATA,
    "data:image/svg+xml,<svg onload=__xss({n})>",
    '<a href="javascript:__xss({n})" data-xss>x</a>',
    '<a href=" &#14; javascript:__xss({n})" data-xss>x</a>',
    '<iframe src="javascript:__xss({n})" data-xss></iframe>',
    '<iframe srcdoc="<script>parent.__xss({n})</script>" data-xss></iframe>',
    '<object data="javascript:__xss({n})" data-xss></object>',
    '<embed src="javascript:__xss({n})" data-xss>',
    '<form action="javascript:__xss({n})" data-xss><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:__xss({n})" data-xss>',
    '<base href="javascript:__xss({n})//" data-xss>',
    # Markdown links and images (the brief body is Markdown).
    "[click](javascript:__xss({n}))",
    "[click](JAVASCRIPT:__xss({n}))",
    "![img](javascript:__xss({n}))",
    "[click](data:text/html,<script>__xss({n})</script>)",
    "<javascript:__xss({n})>",
    # Broken and nested markup.
    "<<script>__xss({n});//<</script>",
    "<scr<script>ipt>__xss({n})</scr</script>ipt>",
    "<!--<script>__xss({n})</script>-->",
    "<style>@import 'javascript:__xss({n})';</style>",
    '<div style="background:url(javascript:__xss({n}))" data-xss>',
    # Breaking out of the contexts a value lands in.
    '" onmouseover="__xss({n})" data-xss="',
    "' onmouseover='__xss({n})' data-xss='",
    '" autofocus onfocus="__xss({n})',
    "</textarea><script>__xss({n})</script>",
    "</title><script>__xss({n})</script>",
    "</script><script>__xss({n})</script>",  # JSON-LD
    '"}}</script><script>__xss({n})</script>',  # JSON-LD, from inside a string
    "\u2028\u2029</script><script>__xss({n})</script>",
    '\\"}};__xss({n});//',
    "</script><svg onload=__xss({n}) data-xss>",
    # Feeds (XML) and template engines.
    "]]><script>__xss({n})</script><![CDATA[",
    '<html:script xmlns:html="http://www.w3.org/1999/xhtml">__xss({n})</html:script>',
    '<?xml-stylesheet href="javascript:__xss({n})"?>',
    "{{{{ 7*7 }}}}{{% debug %}}<script>__xss({n})</script>",
    "${{__xss({n})}}",
    # Already escaped (must not be unescaped twice) and control characters.
    "&lt;script&gt;__xss({n})&lt;/script&gt;",
    "&#60;script&#62;__xss({n})&#60;/script&#62;",
    "<script>\x0b__xss({n})</script>",
    "<scr\x00ipt>__xss({n})</scr\x00ipt>",
    "<img src=x\x0conerror=__xss({n}) data-xss>",
    "<script>alert({n})</script>",
]

PAYLOADS = [template.format(n=number) for number, template in enumerate(TEMPLATES)]

# Free-text fields editors cannot write (codes checked by the form, slugs, choices) are
# left alone; every other CharField and TextField of every model gets the payload.
NOT_FREE_TEXT = {"slug", "wikidata_id", "iso2", "iso3", "numeric_code", "currency", "language"}


def free_text_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
        and field.name not in NOT_FREE_TEXT
    ]


def filled(model, payload: str, **values):
    """``values``, plus ``payload`` in every free-text field (cut to its length)."""
    for field in free_text_fields(model):
        values.setdefault(field.name, payload[: field.max_length] if field.max_length else payload)
    return values


def fill_country(country: Country, payload: str) -> Country:
    for name, value in filled(Country, payload).items():
        setattr(country, name, value)
    country.save()
    return country


def build_corpus_world(payloads: list[str]) -> list[dict]:
    """One linked set of objects per payload; returns them, one dict per payload."""
    worlds = []
    countries = list(Country.objects.order_by("pk")[: len(payloads)])
    now = timezone.now()
    for number, payload in enumerate(payloads):
        slug = f"xss-{number}"
        country = fill_country(countries[number], payload)
        organization = Organization.objects.create(
            **filled(Organization, payload, slug=slug, kind=Organization.Kind.COMPANY)
        )
        topic = Topic.objects.create(**filled(Topic, payload, slug=slug))
        person = Person.objects.create(**filled(Person, payload, slug=slug, country=country))
        Role.objects.create(**filled(Role, payload, person=person, organization=organization))
        bloc = Bloc.objects.create(**filled(Bloc, payload, slug=slug, kind=Bloc.Kind.ECONOMIC))
        Membership.objects.create(
            **filled(
                Membership, payload, bloc=bloc, country=country, joined_on=datetime.date(2024, 1, 1)
            )
        )
        ai_model = AIModel.objects.create(
            **filled(
                AIModel, payload, slug=slug, country=country, modality=AIModel.Modality.LANGUAGE
            )
        )
        ai_model.developers.set([organization])
        source = Source.objects.create(
            **filled(
                Source,
                payload,
                kind=Source.Kind.NEWS,
                publisher=organization,
                published_on=datetime.date(2024, 12, 11),
            )
        )
        indicator = Indicator.objects.create(
            **filled(Indicator, payload, slug=slug, publisher=organization)
        )
        edition = IndicatorEdition.objects.create(
            **filled(
                IndicatorEdition, payload, indicator=indicator, year=2024, countries_covered=83
            )
        )
        Ranking.objects.create(
            **filled(Ranking, payload, edition=edition, country=country, rank=31, source=source)
        )
        Ranking.objects.create(
            **filled(Ranking, "", edition=edition, country=country, rank=29, source=source)
        )
        key_figure = KeyFigure.objects.create(
            **filled(
                KeyFigure,
                payload,
                country=country,
                value=11,
                scale=KeyFigure.Scale.TRILLION,
                unit=KeyFigure.Unit.CURRENCY,
                currency="RUB",
                year=2030,
                kind=KeyFigure.Kind.FORECAST,
                source=source,
            )
        )
        event = Event.objects.create(
            **filled(
                Event,
                payload,
                slug=slug,
                kind=Event.Kind.STATEMENT,
                occurred_on=datetime.date(2024, 12, 11),
            )
        )
        event.countries.set([country])
        author = UserFactory(
            username=f"xss-author-{number}", first_name=payload[:150], last_name=payload[:150]
        )
        brief = Brief.objects.create(
            **filled(
                Brief,
                payload,
                slug=slug,
                status=Brief.Status.PUBLISHED,
                publish_at=now - datetime.timedelta(hours=number + 1),
            )
        )
        brief.authors.set([author])
        brief.topics.set([topic])
        brief.countries.set([country])
        brief.blocs.set([bloc])
        brief.organizations.set([organization])
        brief.ai_models.set([ai_model])
        brief.people.set([person])
        brief.events.set([event])
        brief.key_figures.set([key_figure])
        BriefCitation.objects.create(
            **filled(BriefCitation, payload, brief=brief, source=source, position=1)
        )
        worlds.append(
            {
                "number": number,
                "brief": brief,
                "country": country,
                "organization": organization,
                "topic": topic,
                "person": person,
                "bloc": bloc,
                "ai_model": ai_model,
                "source": source,
                "indicator": indicator,
                "key_figure": key_figure,
                "event": event,
            }
        )
    return worlds
