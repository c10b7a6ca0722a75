"""OpenAPI: the schema class and the hook that adds what every operation shares."""

from drf_spectacular.openapi import AutoSchema


class ApiAutoSchema(AutoSchema):
    pass


def postprocess_schema(result, generator, request, public):
    return result
