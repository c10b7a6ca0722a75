"""One JSON shape for every error the API returns.

    {"status": 400, "code": "invalid_parameter",
     "detail": "Invalid parameter: published_after.",
     "errors": [{"parameter": "published_after", "message": "Enter a valid date..."}]}

``errors`` names each offending query parameter; it is empty for errors that are
not about a parameter (404, 405, 406, 429, 500).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

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
    return {
        "status": status_code,
        "code": CODE_FOR_STATUS.get(status_code, ErrorCode.ERROR).value,
        "detail": detail,
        "errors": errors or [],
    }


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
        response = Response(error_body(400, detail, errors), status=status.HTTP_400_BAD_REQUEST)
    elif isinstance(exc, exceptions.APIException):
        errors = getattr(exc, "parameter_errors", None)
        response = Response(error_body(exc.status_code, str(exc.detail), errors), exc.status_code)
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
        response = Response(error_body(500, "Internal server error."), status=500)
    set_rollback()
    response["Cache-Control"] = "no-store"
    return response
