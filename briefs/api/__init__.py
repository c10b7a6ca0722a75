"""The read-only API under /api/v1/: DRF viewsets over the same selectors as the site.

Every read of briefs goes through ``Brief.objects.published()``; everything else is
the knowledge base, which is public as a whole.
"""
