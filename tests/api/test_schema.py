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
    # root, search, changes, list + detail for 13 resources, and the CSV of the 3 cited tables
    assert len(documented) == 32


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


def test_every_response_example_fits_its_schema(schema):
    """OpenAPI 3.1's schemas are JSON Schema (2020-12): jsonschema checks them as they are."""
    checked = 0
    for _, operation in operations(schema):
        for response in operation["responses"].values():
            for media_type in ("application/json", "application/problem+json"):
                content = response.get("content", {}).get(media_type)
                if not content:
                    continue
                document = {"components": schema["components"], **content["schema"]}
                for example in content["examples"].values():
                    jsonschema.validate(example["value"], document)
                    checked += 1
    assert checked >= 28


def shape(value):
    """What a client's parser sees: the keys, and the JSON type of every value."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


def test_every_documented_example_has_the_shape_of_a_live_response(settings):
    """The examples are real answers over the demo story; a change to the API (or the
    demo) that they no longer show fails here: refresh them (briefs/api/examples.py)."""
    from briefs.api import examples

    settings.DEBUG = True  # as `make run` loads it: with the demo editor, the briefs' author
    call_command("load_demo", stdout=None)
    settings.DEBUG = False
    live = examples.build()
    documented = examples.load()
    assert set(live["json"]) == set(documented["json"])
    for name, example in documented["json"].items():
        assert shape(example) == shape(live["json"][name]), name
    for name, example in documented["csv"].items():
        assert example.splitlines()[0] == live["csv"][name].splitlines()[0], name


def test_the_schema_is_openapi_3_1_with_no_nullable_left(schema):
    assert schema["openapi"] == "3.1.0"
    assert '"nullable"' not in json.dumps(schema)
    hero = schema["components"]["schemas"]["BriefDetail"]["properties"]["hero_image"]
    assert {"type": "null"} in hero["oneOf"]


def test_operations_need_no_credentials(schema):
    assert schema["security"] == []
    assert "securitySchemes" not in schema.get("components", {})
    for name, operation in operations(schema):
        assert "security" not in operation, name


def test_the_schema_states_the_licence_and_the_server(client, settings):
    settings.SITE_LICENCE_NAME = "CC BY 4.0"
    settings.SITE_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    served = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert served["info"]["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert served["servers"][0]["url"] == "http://testserver"


def test_csv_operations_answer_only_csv_and_the_lists_only_json(schema):
    for resource in ("rankings", "key-figures", "memberships"):
        csv_content = schema["paths"][f"/api/v1/{resource}/csv/"]["get"]["responses"]["200"]
        assert set(csv_content["content"]) == {"text/csv"}
        assert csv_content["content"]["text/csv"]["schema"]["type"] == "string"
        listed = schema["paths"][f"/api/v1/{resource}/"]["get"]["responses"]["200"]
        assert set(listed["content"]) == {"application/json"}


def test_errors_are_documented_as_problem_details(schema):
    listed = schema["paths"]["/api/v1/briefs/"]["get"]["responses"]
    assert set(listed["400"]["content"]) == {"application/problem+json"}
    assert {"type", "title", "status", "detail"} <= set(
        schema["components"]["schemas"]["Error"]["required"]
    )
    assert "RateLimit-Remaining" in listed["200"]["headers"]
    assert "Link" in listed["200"]["headers"]


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
