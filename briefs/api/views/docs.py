"""The schema and its two documentation pages, served from local files (no CDN).

drf-spectacular's own ReDoc page loads web fonts from Google and both pages carry
inline styles; these templates do neither, and Swagger UI gets its start-up script
from a URL of its own, so a strict Content-Security-Policy can cover them.
"""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/swagger.html"


class RedocView(SpectacularRedocView):
    url_name = "api:schema"
    template_name = "api/redoc.html"
