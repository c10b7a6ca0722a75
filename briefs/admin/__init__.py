"""The editors' admin, one module per area of the knowledge base."""

from . import aimodels, blocs, briefs, countries, events, indicators, organizations, sources  # noqa: F401
