"""A JSON 404 for unknown paths under /api/v1/, in the API's one error shape."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes, throttle_classes
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
@permission_classes([AllowAny])
@throttle_classes([])
def not_found(request, *args, **kwargs):
    raise NotFound("No such endpoint: see the API root for what there is.")
