"""The knowledge base: one module per entity."""

from .aimodel import AIModel
from .audit import AuditEvent
from .bloc import Bloc, Membership
from .brief import Brief, BriefCitation
from .common import DatePrecision
from .country import Country
from .event import Event
from .indicator import Indicator, IndicatorEdition, Ranking
from .keyfigure import KeyFigure
from .organization import Organization
from .person import Person, Role
from .preview import PreviewLink
from .redirect import SlugRedirect
from .source import Source
from .topic import Topic

__all__ = [
    "AIModel",
    "AuditEvent",
    "Bloc",
    "Brief",
    "BriefCitation",
    "Country",
    "DatePrecision",
    "Event",
    "Indicator",
    "IndicatorEdition",
    "KeyFigure",
    "Membership",
    "Organization",
    "Person",
    "PreviewLink",
    "Ranking",
    "Role",
    "SlugRedirect",
    "Source",
    "Topic",
]
