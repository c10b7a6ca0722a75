"""The read-only API under /api/v1/: DRF viewsets over their own selectors module.

``briefs/api/selectors.py`` shapes the querysets for the serializers (the joins and
annotations they read); the site's pages read ``briefs/selectors.py``. Every read of
briefs goes through ``Brief.objects.published()``; everything else is the knowledge
base, which is public as a whole. The introduction for API users is INTRODUCTION in
``schema.py``, shown at /api/v1/docs/.
"""
