"""The editors' admin, one module per area of the knowledge base."""

from . import (  # noqa: F401
    aimodels,
    audit,
    blocs,
    briefs,
    citations,
    countries,
    events,
    imports,
    indicators,
    organizations,
    sources,
    webhooks,
)
