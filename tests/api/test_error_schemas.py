"""The error shapes of docs/openapi.json (`Error`, `FormRefused`), generated beside the code that answers them, hold
every real error answer: nothing more (`additionalProperties: false`), nothing missing."""

import json

import pytest
from openapi_schema_validator import OAS31Validator

from pages.api.errors import bad_request
from pages.api.schema import load_schema
from tests.api.base import APITestCase
from tests.factories import CulturalCentreFactory, DossierPageFactory
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data


def errors(schema, component, instance):
    validator = OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": schema["components"]})
    return [error.message for error in validator.iter_errors(instance)]


def test_the_error_shape_has_exactly_what_bad_request_can_give():
    properties = load_schema()["components"]["schemas"]["Error"]["properties"]
    everything = bad_request("Message.", errors={"year": ["Saisissez un nombre entier."]}, detail="original").data
    assert set(everything) == set(properties)
    assert load_schema()["components"]["schemas"]["Error"]["additionalProperties"] is False


class ReadErrorsMatchTheSchemaTests(APITestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schema = load_schema()

    def assert_error(self, path, params, status):
        data = self.get_json(path, params, status=status)
        self.assertEqual(errors(self.schema, "Error", data), [])
        return data

    def test_a_refused_filter_gives_the_documented_example(self):
        data = self.assert_error("pages/", {"year": "abc"}, 400)
        example = self.schema["components"]["responses"]["BadRequest"]["content"]["application/json"]["example"]
        self.assertEqual(data, example)

    def test_every_kind_of_read_error(self):
        cases = [
            ("pages/", {"theme": "inconnue", "period": "demain"}, 400),  # the filter form's messages
            ("pages/", {"search": "x" * 201, "search_operator": "xor"}, 400),  # the search form's
            ("pages/", {"fields": "nope"}, 400),  # Wagtail's message translated, the original as `detail`
            ("images/", {"search_operator": "xor"}, 400),
            ("search/", {"type": "roman", "year": "abc", "page": "2"}, 400),
            ("pages/999999/", {}, 404),
        ]
        for path, params, status in cases:
            with self.subTest(path=path, params=params):
                data = self.assert_error(path, params, status)
                self.assertEqual(status == 400 and "detail" not in data, "errors" in data)

    def test_the_search_facets_refuse_an_unknown_value_with_their_message(self):
        data = self.assert_error("search/", {"status": "perdu", "province": "x" * 30}, 400)
        self.assertEqual(data["errors"]["status"], ["Valeur inconnue : « perdu »."])
        self.assertEqual(data["errors"]["province"], [f"Valeur inconnue : « {'x' * 30} »."])


@pytest.mark.django_db
def test_every_kind_of_refused_submission_matches_the_schema(client, private_media):
    tree = build_contribution_tree()
    dossier = DossierPageFactory(parent=tree.dossier_library, centre=CulturalCentreFactory())
    schema = load_schema()
    refused = [
        client.post("/api/v2/contributions/", contribution_data(contributor_email="pas-une-adresse")),
        client.post("/api/v2/contributions/", contribution_data(site_web="http://spam.example")),
        client.post("/api/v2/contributions/", "{", content_type="application/json"),
        client.post("/api/v2/contributions/", json.dumps({"title": {"a": 1}}), content_type="application/json"),
        client.post(f"/api/v2/dossiers/{dossier.pk}/requests/", {"email": "x", "form_token": "faux"}),
    ]
    for response in refused:
        assert response.status_code == 400, response.content
        assert errors(schema, "FormRefused", response.json()) == []
    assert set(refused[0].json()) == set(schema["components"]["schemas"]["FormRefused"]["properties"])
    assert (
        refused[0].json()["errors"]["contributor_email"]
        == (
            schema["components"]["responses"]["FormRefused"]["content"]["application/json"]["example"]["errors"][
                "contributor_email"
            ]
        )
    )
