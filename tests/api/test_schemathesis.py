"""Schemathesis against the read API's own schema, in process through WSGI.

Cases are generated from the schema, valid ones and invalid ones, for every
operation, over the launch story plus briefs no reader may see. No response may be a
server error, use an undocumented status or media type, lack a documented header, or
break its documented schema (except with ``fields``, whose sparse objects leave out
fields the schema requires, as documented: those are checked for everything else).
The number of cases is bounded (CASES_PER_OPERATION per
mode) so the run takes a minute or two; the figures are printed at the end.
"""

import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CASES_PER_OPERATION = 50
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SPARSE_CHECKS = [check for check in CHECKS if check is not response_schema_conformance]
# Schemathesis's WSGI transport asks for gzip but does not decompress what it gets.
HEADERS = {"Accept-Encoding": "identity"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def wsgi_app(settings, hidden_briefs, published_brief):
    """The site as a WSGI app over the demo data, sharing the test's transaction."""
    settings.ALLOWED_HOSTS = ["localhost"]
    call_command("load_demo", stdout=None)
    # Django closes the connection after each request; the test transaction needs it open
    # (Django's own test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_response_breaking_the_schema(wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    started, cases, failures = time.monotonic(), 0, []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis_settings(
                max_examples=CASES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal cases
                cases += 1
                sparse = "fields" in (case.query or {})
                case.call_and_validate(checks=SPARSE_CHECKS if sparse else CHECKS, headers=HEADERS)

            try:
                run()
            except Unsatisfiable:
                # Nothing can break a schema without parameters (the API root).
                assert mode is GenerationMode.NEGATIVE and not operation.query
            except Exception as error:  # collect them all, then fail with every one
                failures.append(f"{operation.label} ({mode.value}): {error}")
    seconds = time.monotonic() - started
    print(
        f"\nschemathesis: {len(operations)} operations, {cases} cases, "
        f"{len(failures)} failures, {seconds:.0f} s"
    )
    assert len(operations) == 32
    assert not failures, "\n\n".join(failures)
