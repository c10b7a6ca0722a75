"""API views: thin viewsets over briefs/api/selectors.py."""
