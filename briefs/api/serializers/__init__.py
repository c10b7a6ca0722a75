"""Explicit serializers: small references for linked objects, compact list items,
full details. Nothing is fetched here; the selectors have loaded it all."""
