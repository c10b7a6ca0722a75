"""Middleware for every path under /api/, whichever view (or none) answers it.

- ``ApiNotFoundMiddleware``: a path under /api/ that names nothing answers a
  problem+json 404 (RFC 9457, as every API error), never the site's HTML page, also
  for versions that do not exist (/api/v2/...) and with DEBUG on.
- ``ApiGZipMiddleware``: Django's GZipMiddleware, for API responses only. Compressing
  a response that reflects input beside a secret opens it to BREACH; API responses
  carry no secret (no CSRF token, no session data: the API is anonymous), while the
  site's pages and the admin, which do, stay uncompressed.
"""

from django.middleware.gzip import GZipMiddleware
from django.utils.deprecation import MiddlewareMixin

from .errors import PROBLEM_MEDIA_TYPE, problem_response

# Every version of the API lives under this prefix (site_config/urls.py mounts /api/v1/).
API_PATH_PREFIX = "/api/"


def is_api_path(request) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


class ApiNotFoundMiddleware(MiddlewareMixin):
    def process_response(self, request, response):
        if (
            response.status_code == 404
            and is_api_path(request)
            and not response.get("Content-Type", "").startswith(PROBLEM_MEDIA_TYPE)
        ):
            return problem_response(404, "No such endpoint: see the API root for what there is.")
        return response


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not is_api_path(request):
            return response
        return super().process_response(request, response)
