"""The schema generated from the code (pages/api/openapi.py): typed per page type, strict, and true to what the API
serves for every content type."""

import copy

import pytest
from django.core.exceptions import ImproperlyConfigured
from openapi_schema_validator import OAS31Validator
from wagtail import blocks

from pages.api import openapi
from pages.api.schema import load_schema
from tests.api.base import APITestCase
from tests.api.test_pages import PAGE_TYPES


def validator(schema, component):
    """A validator of `component` of `schema` (OpenAPI 3.1), its references resolved in the schema."""
    return OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": schema["components"]})


def errors(schema, component, instance):
    return [error.message for error in validator(schema, component).iter_errors(instance)]


class ServedContentMatchesTheSchemaTests(APITestCase):
    """Every page type, image and document as the API serves it, in a list with all fields and in detail."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.schema = load_schema()

    def test_every_page_type_in_detail_is_its_own_schema(self):
        for page_type in PAGE_TYPES:
            with self.subTest(page_type):
                listed = self.list_pages(type=page_type, fields="_")["items"]
                self.assertTrue(listed, f"no {page_type} in the test content")
                for item in listed:
                    data = self.get_json(f"pages/{item['id']}/")
                    self.assertEqual(errors(self.schema, "PageDetail", data), [])
                    self.assertEqual(errors(self.schema, page_type.split(".")[1], data), [])

    def test_every_page_type_in_a_list_with_all_fields(self):
        for page_type in PAGE_TYPES:
            with self.subTest(page_type):
                self.assertEqual(errors(self.schema, "PageList", self.list_pages(type=page_type, fields="*")), [])

    def test_a_mixed_list_with_few_fields(self):
        data = self.list_pages(fields="_,title", limit=100)
        self.assertGreater(len({item["meta"]["type"] for item in data["items"]}), 5)
        self.assertEqual(errors(self.schema, "PageList", data), [])

    def test_images_and_documents(self):
        self.assertEqual(errors(self.schema, "ImageList", self.get_json("images/", {"fields": "*"})), [])
        self.assertEqual(errors(self.schema, "ImageItem", self.get_json(f"images/{self.content.image.pk}/")), [])
        self.assertEqual(errors(self.schema, "DocumentList", self.get_json("documents/", {"fields": "*"})), [])

    def test_a_field_served_but_missing_from_the_schema_is_caught(self):
        schema = copy.deepcopy(self.schema)
        del schema["components"]["schemas"]["ResourcePage"]["properties"]["summary"]
        data = self.detail(self.content.resource)
        self.assertIn("summary", data)
        self.assertTrue(any("summary" in message for message in errors(schema, "ResourcePage", data)))

    def test_meta_type_tells_page_types_apart(self):
        dossier = self.detail(self.content.dossier)
        self.assertNotEqual(errors(self.schema, "ResourcePage", dossier), [])
        self.assertEqual(errors(self.schema, "DossierPage", dossier), [])

    def test_a_body_block_of_the_wrong_shape_is_refused(self):
        data = self.detail(self.content.resource)
        heading = next(block for block in data["body"] if block["type"] == "heading")
        heading["value"]["level"] = "h9"
        self.assertNotEqual(errors(self.schema, "ResourcePage", data), [])


def test_each_page_type_has_its_typed_schema_in_the_union():
    schemas = load_schema()["components"]["schemas"]
    union = {variant["$ref"].rsplit("/", 1)[1] for variant in schemas["PageItem"]["oneOf"]}
    assert {page_type.split(".")[1] for page_type in PAGE_TYPES} <= union
    for name in union:
        page = schemas[name]
        assert page["additionalProperties"] is False
        assert page["required"] == ["id", "meta"]
        assert page["properties"]["meta"]["properties"]["type"]["enum"] == [f"pages.{name}"]
    assert schemas["DossierPage"]["properties"]["is_downloadable"] == {"type": "boolean"}
    assert schemas["DossierPage"]["properties"]["status"]["enum"] == ["approuve", "en-cours"]


def test_stream_bodies_are_unions_of_typed_blocks():
    schemas = load_schema()["components"]["schemas"]
    body = schemas["ResourcePage"]["properties"]["body"]["items"]
    assert body["discriminator"]["propertyName"] == "type"
    assert body["discriminator"]["mapping"]["heading"] == "#/components/schemas/BodyStreamBlock_heading"
    heading = schemas["BodyStreamBlock_heading"]["properties"]
    assert heading["type"]["enum"] == ["heading"]
    assert set(heading["value"]["properties"]) == {"text", "level", "anchor"}
    assert schemas["BodyStreamBlock_figure"]["properties"]["value"]["properties"]["image"]["oneOf"] == [
        {"$ref": "#/components/schemas/ResponsiveImage"},
        {"type": "null"},
    ]


def test_an_untyped_property_is_refused_by_the_generation():
    class Field:
        field_name = source = "nothing_typed"

    class Model:
        class _meta:
            label = "pages.Fake"

        @property
        def nothing_typed(self):
            return ""

    from rest_framework.fields import ReadOnlyField

    field = ReadOnlyField()
    field.bind("nothing_typed", None)
    with pytest.raises(ImproperlyConfigured, match="annotate the property's return type"):
        openapi.field_schema(field, Model, openapi.Blocks())


def test_a_block_with_its_own_api_value_must_declare_its_shape():
    class Shaped(blocks.StructBlock):
        text = blocks.CharBlock()

        def get_api_representation(self, value, context=None):
            return {"text": value["text"], "extra": 1}

    with pytest.raises(ImproperlyConfigured, match="declare its shape with api_schema"):
        openapi.Blocks().value(Shaped())
