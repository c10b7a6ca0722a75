"""The OpenAPI schema: valid with no warning, fully described, examples that fit, and
documentation pages served from local files."""

import json
import re

import jsonschema
import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_schema_validates_with_no_warning(tmp_path):
    # --fail-on-warn turns any warning or error of the generator into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")
    assert yaml.safe_load((tmp_path / "s.yaml").read_text())["openapi"].startswith("3.")


def test_schema_is_served_as_json_and_yaml(client):
    url = reverse("api:schema")
    as_json = client.get(url, {"format": "json"})
    assert as_json.status_code == 200
    assert json.loads(as_json.content)["info"]["title"] == "AI Geopolitics Briefs: Read API"
    as_yaml = client.get(url, {"format": "yaml"})
    assert as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content)["paths"]["/api/v1/briefs/"]


def test_only_reads_are_documented_and_every_endpoint_is(schema):
    documented = {name for name, _ in operations(schema)}
    assert all(name.startswith("GET ") for name in documented)
    # root, search, list + detail for 13 resources, and the CSV of the 3 cited tables
    assert len(documented) == 31


def test_every_operation_parameter_and_response_is_described_with_examples(schema):
    for name, operation in operations(schema):
        assert operation.get("description"), name
        assert operation.get("summary"), name
        for parameter in operation.get("parameters", []):
            where = f"{name} {parameter['name']}"
            assert parameter.get("description"), where
            assert "example" in parameter["schema"] or parameter.get("examples"), where
        for status, response in operation["responses"].items():
            assert response.get("description"), f"{name} {status}"
            for media_type, content in response.get("content", {}).items():
                assert content.get("examples"), f"{name} {status} {media_type}"
        assert {"200", "304", "429"} <= set(operation["responses"]), name


def nullable_to_json_schema(node):
    """OpenAPI 3.0's `nullable` into plain JSON Schema, so jsonschema can check examples."""
    if isinstance(node, list):
        return [nullable_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: nullable_to_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def test_every_response_example_fits_its_schema(schema):
    components = nullable_to_json_schema(schema["components"])
    checked = 0
    for _, operation in operations(schema):
        for response in operation["responses"].values():
            content = response.get("content", {}).get("application/json")
            if not content:
                continue
            document = {"components": components, **nullable_to_json_schema(content["schema"])}
            for example in content["examples"].values():
                jsonschema.validate(example["value"], document)
                checked += 1
    assert checked >= 28


def test_docs_pages_load_only_local_files_and_no_inline_code(client):
    for name in ("api:docs", "api:redoc"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(source.startswith("/") for source in sources), sources
        assert "drf_spectacular_sidecar" in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
        assert "<style" not in html and " style=" not in html


def test_swagger_start_up_script_is_served_from_its_own_url(client):
    html = client.get(reverse("api:docs")).content.decode()
    script_url = re.findall(r'<script src="([^"]+\?script=[^"]*)"', html)[0]
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()


def _exceptions_the_api_can_meet():
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from rest_framework import exceptions

    from briefs.api.errors import CODE_FOR_STATUS

    drf = [
        exceptions.ValidationError({"page": ["Invalid page."]}),
        exceptions.ParseError(),
        exceptions.AuthenticationFailed(),
        exceptions.NotAuthenticated(),
        exceptions.PermissionDenied(),
        exceptions.NotFound(),
        exceptions.MethodNotAllowed("POST"),
        exceptions.NotAcceptable(),
        exceptions.UnsupportedMediaType("text/plain"),
        exceptions.Throttled(wait=5),
    ]
    by_status = [
        type("E", (exceptions.APIException,), {"status_code": s})() for s in CODE_FOR_STATUS
    ]
    unmapped = type("Teapot", (exceptions.APIException,), {"status_code": 418})()
    return [*drf, *by_status, unmapped, Http404(), PermissionDenied(), RuntimeError("a bug")]


def test_every_error_code_the_api_can_answer_with_is_in_the_schema_enum(schema):
    from briefs.api.errors import exception_handler

    enum = schema["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
    emitted = {
        exception_handler(exc, {"request": None}).data["code"]
        for exc in _exceptions_the_api_can_meet()
    }
    assert "forbidden" in emitted
    assert emitted <= set(enum), emitted - set(enum)
