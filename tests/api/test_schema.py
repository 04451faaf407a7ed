"""The OpenAPI contract: served at /api/schema/ as the repository's files say, and kept by the running app.

Schemathesis generates requests for every documented operation (a bounded, derandomized number of
examples each) against demo-like content, and checks that no answer is a 5xx and that every answer's
status, content type and body match the schema.
"""

import io
import json
import re

import pytest
import schemathesis
from django.core.management import CommandError, call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pages.api.schema import GENERATED_SCHEMA, READ_SCHEMA, WRITE_SCHEMA, _load, build_schema, dumps, load_schema, merge
from tests.api.content import build_api_content
from tests.factories import build_site_tree

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
READ_METHODS = {"GET"}


def test_served_schema_is_the_committed_generated_file(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response.json() == json.loads(GENERATED_SCHEMA.read_text(encoding="utf-8"))
    assert response.json()["openapi"] == "3.1.0"


def test_committed_schema_equals_a_fresh_generation():
    """A field added to or removed from a model's api_fields, a block or a choice changed without running
    `manage.py api_schema` fails here (and `api_schema --check` in CI)."""
    assert load_schema() == json.loads(dumps(build_schema())), "run: python manage.py api_schema"


def test_api_schema_check_fails_when_the_committed_file_is_stale(tmp_path, monkeypatch):
    from pages.management.commands import api_schema

    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(api_schema, "GENERATED_SCHEMA", stale)
    with pytest.raises(CommandError, match="n'est pas à jour"):
        call_command("api_schema", "--check", stdout=io.StringIO())
    call_command("api_schema", stdout=io.StringIO())
    call_command("api_schema", "--check", stdout=io.StringIO())  # written: now up to date
    assert json.loads(stale.read_text(encoding="utf-8")) == load_schema()


def test_served_schema_is_valid_openapi_3_1():
    """What a front end's client generator reads first: openapi-spec-validator accepts the whole document."""
    validate(load_schema())  # raises OpenAPIValidationError with the path of the first fault


def _keys_without_value(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if value is None:
                yield "/".join(map(str, (*path, key)))
            yield from _keys_without_value(value, (*path, key))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from _keys_without_value(value, (*path, position))


@pytest.mark.parametrize("path", [READ_SCHEMA, WRITE_SCHEMA], ids=lambda path: path.name)
def test_no_description_is_split_into_stray_keys(path):
    """An unquoted comma inside a YAML flow mapping (`{type: string, description: A, B.}`) makes « B. » a key without
    a value: the schema still loads, with a description cut short and a stray key."""
    assert list(_keys_without_value(_load(path))) == []


def test_operation_ids_and_tags_are_ascii_identifiers():
    """Client generators turn tags into module names and operation ids into function names."""
    schema = load_schema()
    identifier = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
    tags = {tag["name"] for tag in schema["tags"]}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert identifier.match(operation["operationId"]), (path, method)
            assert operation["tags"] and set(operation["tags"]) <= tags, (path, method)
    assert all(identifier.match(tag) for tag in tags), tags


def test_merge_adds_the_write_fragment_and_refuses_a_path_defined_twice():
    base = {"paths": {"/a/": {}}, "components": {"schemas": {"A": {}}}}
    merged = merge(base, {"paths": {"/b/": {}}, "components": {"schemas": {"B": {}}, "responses": {"R": {}}}})
    assert set(merged["paths"]) == {"/a/", "/b/"}
    assert set(merged["components"]["schemas"]) == {"A", "B"}
    assert "R" in merged["components"]["responses"]
    with pytest.raises(ValueError, match="defined twice"):
        merge(base, {"paths": {"/a/": {}}})


def test_schema_documents_french_error_responses():
    schema = load_schema()
    responses = schema["components"]["responses"]
    for name in ("BadRequest", "NotFound", "TooManyRequests"):
        example = responses[name]["content"]["application/json"]["example"]
        assert example["message"]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, which keeps the test's database connection open between requests
    (Django's test client does the same: request_started and request_finished would close it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_running_api_keeps_its_contract(wsgi_app):
    tree = build_site_tree()
    build_api_content(tree)
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
    schema = schemathesis.openapi.from_dict(load_schema())
    schema.app = wsgi_app
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    read_operations = [op for op in operations if op.method.upper() in READ_METHODS]
    assert len(read_operations) >= 10

    statuses = []
    for operation in read_operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(checks=CHECKS)
            statuses.append(response.status_code)

        try:
            run()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
    # The examples reached the content, not only the error paths.
    assert statuses.count(200) >= 3 * len(read_operations) // 2, statuses
