"""One shape for every error the API returns: RFC 9457 problem details.

    Content-Type: application/problem+json

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "Invalid parameter: published_after.",
     "code": "invalid_parameter",
     "errors": [{"parameter": "published_after", "message": "Enter a valid date..."}]}

Each ``code`` stands for one status, so the problem types carry nothing the status
does not: ``type`` is ``about:blank`` and ``title`` the status's name, as RFC 9457
(4.2.1) says. ``code`` and ``errors`` are extension members, kept from the API's
first error shape; ``errors`` names each offending query parameter and is empty for
errors that are not about a parameter (404, 405, 406, 429, 500).
"""

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

PROBLEM_MEDIA_TYPE = "application/problem+json"

logger = logging.getLogger("django.request")


class ErrorCode(models.TextChoices):
    """Every ``code`` an error body can carry; the OpenAPI schema's enum is this list."""

    INVALID_PARAMETER = "invalid_parameter"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    PRECONDITION_FAILED = "precondition_failed"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"
    # Any status not named below; none is expected, but the body keeps its shape.
    ERROR = "error"


CODE_FOR_STATUS = {
    400: ErrorCode.INVALID_PARAMETER,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    406: ErrorCode.NOT_ACCEPTABLE,
    412: ErrorCode.PRECONDITION_FAILED,
    429: ErrorCode.THROTTLED,
    500: ErrorCode.SERVER_ERROR,
}


def error_body(status_code: int, detail: str, errors: list[dict] | None = None) -> dict:
    try:
        title = HTTPStatus(status_code).phrase
    except ValueError:
        title = "Error"
    return {
        "type": "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
        "code": CODE_FOR_STATUS.get(status_code, ErrorCode.ERROR).value,
        "errors": errors or [],
    }


class ProblemJSONRenderer(JSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE


class ProblemResponse(Response):
    """An error, rendered as problem+json whatever format the request negotiated: a CSV
    client gets a problem document rather than an error flattened into a table."""

    @property
    def rendered_content(self):
        self.accepted_renderer = ProblemJSONRenderer()
        self.accepted_media_type = PROBLEM_MEDIA_TYPE
        return super().rendered_content


def problem_response(status_code: int, detail: str) -> HttpResponse:
    """The same document outside DRF, for responses no API view made (unknown paths)."""
    return HttpResponse(
        json.dumps(error_body(status_code, detail)),
        status=status_code,
        content_type=PROBLEM_MEDIA_TYPE,
        headers={"Cache-Control": "no-store"},
    )


def parameter_errors(detail) -> list[dict]:
    """DRF's {"param": ["message", ...]} (or a bare list) as a flat list naming each parameter."""
    if isinstance(detail, dict):
        return [
            {"parameter": str(name), "message": str(message)}
            for name, messages in detail.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ]
    messages = detail if isinstance(detail, list) else [detail]
    return [{"parameter": "", "message": str(message)} for message in messages]


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)

    if isinstance(exc, exceptions.ValidationError):
        errors = parameter_errors(exc.detail)
        names = ", ".join(
            dict.fromkeys(error["parameter"] for error in errors if error["parameter"])
        )
        detail = f"Invalid parameter: {names}." if names else "Invalid request."
        response = ProblemResponse(
            error_body(400, detail, errors), status=status.HTTP_400_BAD_REQUEST
        )
    elif isinstance(exc, exceptions.APIException):
        errors = getattr(exc, "parameter_errors", None)
        response = ProblemResponse(
            error_body(exc.status_code, str(exc.detail), errors), exc.status_code
        )
        if getattr(exc, "wait", None):
            response["Retry-After"] = str(max(1, round(exc.wait)))
    else:
        # A bug, never a client's fault: log it with its traceback as Django would, and
        # still answer in the API's shape rather than with the site's HTML error page.
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        response = ProblemResponse(error_body(500, "Internal server error."), status=500)
    set_rollback()
    response["Cache-Control"] = "no-store"
    return response
