"""The write operations keep their OpenAPI contract: schemathesis sends them generated bodies of every documented
content type (multipart, urlencoded, JSON); no answer is a 5xx, every status, content type and body is documented.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_schema_validator import OAS31Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pages.api.schema import load_schema
from pages.contributions.descriptions import FIELD_TYPES
from tests.factories import CulturalCentreFactory, DossierPageFactory
from tests.pages.contribution_helpers import build_contribution_tree

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
WRITE_PATHS = (
    "/api/v2/contributions/",
    "/api/v2/contributions/form/",
    "/api/v2/dossiers/{id}/requests/",
    "/api/v2/dossiers/{id}/requests/form/",
    "/api/v2/preview/",
)


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, keeping the test's database connection open between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    application = get_wsgi_application()

    def with_client_address(environ, start_response):
        # A WSGI server always sets REMOTE_ADDR (the rate limit counts per address); the test client does not.
        environ.setdefault("REMOTE_ADDR", "192.0.2.10")
        return application(environ, start_response)

    yield with_client_address
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_write_operations_keep_their_contract(wsgi_app, private_media):
    tree = build_contribution_tree()
    centre = CulturalCentreFactory(contact_email="direction@cc-prive.be")
    DossierPageFactory(parent=tree.dossier_library, centre=centre)
    schema = schemathesis.openapi.from_dict(load_schema())
    schema.app = wsgi_app
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path in WRITE_PATHS]
    assert len(operations) == len(WRITE_PATHS)

    failures, statuses = [], []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call_and_validate(checks=CHECKS)
            statuses.append(response.status_code)
            assert "direction@cc-prive.be" not in response.text

        try:
            run()
        except Exception as error:  # noqa: BLE001 - collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
    assert 200 in statuses and 400 in statuses


@pytest.mark.django_db
def test_the_form_descriptions_match_their_schemas_and_use_every_field_type(client):
    """`FormField.type`'s enum is `FIELD_TYPES` (generated from it): each field of both forms has one of them, and
    together they use them all (a type no field has any more is dropped from the code, then from the schema)."""
    tree = build_contribution_tree()
    dossier = DossierPageFactory(parent=tree.dossier_library, centre=CulturalCentreFactory())
    schema = load_schema()
    assert schema["components"]["schemas"]["FormField"]["properties"]["type"]["enum"] == list(FIELD_TYPES)
    used = set()
    for url, component in (
        ("/api/v2/contributions/form/", "ContributionFormDescription"),
        (f"/api/v2/dossiers/{dossier.pk}/requests/form/", "DossierRequestFormDescription"),
    ):
        body = client.get(url).json()
        validator = OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": schema["components"]})
        assert [error.message for error in validator.iter_errors(body)] == [], url
        used |= {field["type"] for field in body["fields"]}
    assert used == set(FIELD_TYPES)
