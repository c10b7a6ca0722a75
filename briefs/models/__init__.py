"""The knowledge base: one module per entity."""

from .aimodel import AIModel
from .alias import Alias
from .audit import AuditEvent
from .bloc import Bloc, Membership
from .brief import Brief, BriefCitation
from .change import Change
from .common import DatePrecision
from .country import Country
from .desk import BriefAutosave, EditorialComment
from .event import Event
from .generation import ContentGeneration
from .importbatch import ImportBatch
from .indicator import Indicator, IndicatorEdition, Ranking
from .keyfigure import KeyFigure
from .organization import Organization
from .person import Person, Role
from .preview import PreviewLink
from .redirect import SlugRedirect
from .source import Source
from .topic import Topic
from .webhook import WebhookDelivery, WebhookEndpoint, WebhookEvent

__all__ = [
    "AIModel",
    "Alias",
    "AuditEvent",
    "Bloc",
    "Brief",
    "BriefAutosave",
    "BriefCitation",
    "Change",
    "ContentGeneration",
    "Country",
    "DatePrecision",
    "EditorialComment",
    "Event",
    "ImportBatch",
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
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
