"""The typed part of the OpenAPI schema, generated from the code (`manage.py api_schema` writes docs/openapi.json).

What the code defines is read from it, never restated by hand:
- one schema per page type (`ResourcePage`, `DossierPage`…), from the fields the pages endpoint serializes for it
  (Wagtail's own fields, the model's `api_fields`, its meta fields), each typed from its serializer field: DRF's
  fields by class, Wagtail's by class, the platform's own (pages/api/fields.py) by their `openapi_schema()`, a
  property by its return annotation; `PageItem` is their union, told apart by `meta.type` (an enum of one value
  in each: OpenAPI's `discriminator` only names top-level properties);
- the images' and documents' items, the same way from their endpoints;
- StreamField bodies: a union of typed blocks, each named after its block (`type` as the discriminator), from the
  block definitions (a block whose API value is its own declares `api_schema(base)`);
- the enums of the filters and forms (resource types, statuses, provinces, access modes, contribution kinds) from
  the models' choices, and the page types accepted by `type`;
- then the skeleton's markers, expanded by pages/api/form_schemas.py: the forms' query parameters and request
  bodies (a choice among an enum's values above refers to it), enums of constants, error shapes, 400 examples.
Unknown properties are forbidden (`additionalProperties: false`): a field added to a model and not to its
serializer's typing fails the generation, and one served without being in the schema fails the contract test.
No generated schema has a `title`: client generators name their classes after it (`PagesDossierPage`, a block
labelled « Vidéo » became a non-ASCII `VidÉO`), so the component's name is the type's name in generated code (a
block's label goes to its `description`).
"""

import datetime
import typing

from django.core.exceptions import ImproperlyConfigured
from rest_framework import fields as drf
from wagtail import blocks
from wagtail.api.v2 import serializers as wagtail_serializers
from wagtail.documents.api.v2.serializers import DocumentDownloadUrlField
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.api.v2.serializers import ImageDownloadUrlField
from wagtail.images.blocks import ImageChooserBlock

from . import form_schemas
from .shapes import array, nullable, ref, string, struct

# Python types of a property's return annotation.
PYTHON_TYPES = {str: string(), bool: {"type": "boolean"}, int: {"type": "integer"}, float: {"type": "number"}}
PYTHON_TYPES[datetime.date] = string(format="date")
PYTHON_TYPES[datetime.datetime] = string(format="date-time")


def annotation_schema(annotation, where):
    """The schema of a return annotation: a plain type, or a plain type or None."""
    if annotation in PYTHON_TYPES:
        return dict(PYTHON_TYPES[annotation])
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if len(arguments) == 1 and len(typing.get_args(annotation)) == 2 and arguments[0] in PYTHON_TYPES:
        return nullable(dict(PYTHON_TYPES[arguments[0]]))
    raise ImproperlyConfigured(f"{where}: no OpenAPI type for the annotation {annotation!r}")


def is_nullable(schema):
    types = schema.get("type")
    return (isinstance(types, list) and "null" in types) or {"type": "null"} in schema.get("oneOf", [])


# Serializer fields.


def _choices(field):
    values = [str(value) for value in field.choices]
    if getattr(field, "allow_blank", False) and "" not in values:
        values.append("")
    return {"type": "string", "enum": values}


# DRF's and Wagtail's serializer fields by class (the first matching class in this order wins).
FIELD_TYPES = [
    (wagtail_serializers.DetailUrlField, lambda field: string(format="uri")),
    (ImageDownloadUrlField, lambda field: string()),
    (DocumentDownloadUrlField, lambda field: string()),
    (wagtail_serializers.PageHtmlUrlField, lambda field: nullable(string(format="uri"))),
    (wagtail_serializers.PageLocaleField, lambda field: string()),
    (wagtail_serializers.PageParentField, lambda field: nullable(ref("PageRef"))),
    (wagtail_serializers.PageAliasOfField, lambda field: nullable(ref("PageRef"))),
    (wagtail_serializers.TagsField, lambda field: array(string())),
    (wagtail_serializers.RichTextFieldSerializer, lambda field: string(description="HTML.")),
    (drf.ChoiceField, _choices),
    (drf.BooleanField, lambda field: {"type": "boolean"}),
    (drf.IntegerField, lambda field: {"type": "integer"}),
    (drf.FloatField, lambda field: {"type": "number"}),
    (drf.DateTimeField, lambda field: string(format="date-time")),
    (drf.DateField, lambda field: string(format="date")),
    (drf.TimeField, lambda field: string(format="time", pattern="^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$")),
    (drf.URLField, lambda field: string()),
    (drf.CharField, lambda field: string()),  # SlugField, EmailField… too
]


def field_schema(field, model, blocks_registry):
    """The schema of a serializer field of `model`'s items."""
    where = f"{model._meta.label}.{field.field_name}"
    if hasattr(field, "openapi_schema"):  # the platform's own fields say what they give
        schema = field.openapi_schema()
    elif isinstance(field, wagtail_serializers.StreamField):
        stream_block = model._meta.get_field(field.source).stream_block
        schema = {"type": "array", "items": blocks_registry.stream(stream_block)}
    elif isinstance(field, wagtail_serializers.ChildRelationField):
        schema = {"type": "array", "items": item_schema(field.serializer_class, model, blocks_registry, nested=True)}
    elif isinstance(field, drf.ReadOnlyField):  # a property: its return annotation
        attribute = getattr(model, field.source, None)
        function = getattr(attribute, "fget", attribute)
        hints = typing.get_type_hints(function) if callable(function) else {}
        if "return" not in hints:
            raise ImproperlyConfigured(f"{where}: annotate the property's return type for the OpenAPI schema")
        schema = annotation_schema(hints["return"], where)
    else:
        for cls, build in FIELD_TYPES:
            if isinstance(field, cls) and build is not None:
                schema = build(field)
                break
        else:
            raise ImproperlyConfigured(f"{where}: no OpenAPI type for {type(field).__name__}")
    if getattr(field, "allow_null", False) and not is_nullable(schema):
        schema = nullable(schema)
    return schema


def item_schema(serializer_class, model, blocks_registry, *, nested=False):
    """An item of `model` as the serializer class gives it: `id`, `meta` (its `type` an enum of this model's label),
    then the body fields; every property optional but `id` and `meta.type` (`fields` chooses the others)."""
    serializer = serializer_class(context={})
    meta_names = set(serializer_class.meta_fields)
    model = serializer_class.Meta.model
    properties, meta = {}, {}
    for name, field in serializer.fields.items():
        if isinstance(field, (wagtail_serializers.TypeField, wagtail_serializers.PageTypeField)):
            schema = string(enum=[model._meta.label])
        else:
            schema = field_schema(field, model, blocks_registry)
        (meta if name in meta_names else properties)[name] = schema
    required = [name for name in ("id",) if name in properties]
    if meta:
        properties["meta"] = {
            "type": "object",
            "required": [name for name in ("type",) if name in meta],
            "additionalProperties": False,
            "properties": meta,
        }
        required.append("meta")
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": dict(sorted(properties.items(), key=lambda item: item[0] not in ("id", "meta"))),
    }


# Blocks.


class Blocks:
    """The schemas of StreamField blocks, each stream's child blocks named `<Block>Block` in the components."""

    def __init__(self):
        self.components = {}

    def stream(self, stream_block):
        """A union of the stream's child blocks, each {type: its name, value: its value, id}."""
        variants, mapping = [], {}
        for name, block in stream_block.child_blocks.items():
            component = f"{type(stream_block).__name__}_{name}"
            mapping[name] = f"#/components/schemas/{component}"
            self.components[component] = {
                "type": "object",
                "description": f"Bloc « {block.label or name} ».",
                "required": ["type", "value", "id"],
                "additionalProperties": False,
                "properties": {
                    "type": string(enum=[name]),
                    "value": self.value(block),
                    "id": string(),
                },
            }
            variants.append(ref(component))
        # The mapping is needed: without it a discriminator's values are the components' names
        # (`BodyStreamBlock_heading`, which openapi-typescript then gives as the block's `type`), not the blocks' names
        # that the API sends (`heading`).
        return {"oneOf": variants, "discriminator": {"propertyName": "type", "mapping": mapping}}

    def value(self, block):
        """The schema of a block's API value: a block that gives its own (`get_api_representation`) says its shape
        (`api_schema(base)`, `base` being the generic shape of its kind)."""
        base = self.generic(block)
        if hasattr(block, "api_schema"):
            return block.api_schema(base)
        if not type(block).get_api_representation.__module__.startswith("wagtail."):
            raise ImproperlyConfigured(
                f"{type(block).__name__} gives its own API value: declare its shape with api_schema(base)"
            )
        return base

    def generic(self, block):
        if isinstance(block, blocks.StructBlock):
            return struct(**{name: self.value(child) for name, child in block.child_blocks.items()})
        if isinstance(block, blocks.ListBlock):
            return {"type": "array", "items": self.value(block.child_block)}
        if isinstance(block, blocks.StreamBlock):
            return {"type": "array", "items": self.stream(block)}
        if isinstance(block, blocks.ChoiceBlock):
            values = [str(value) for value, _label in block.field.choices if value != ""]
            return string(enum=values) if block.required else string(enum=[*values, ""])
        if isinstance(block, blocks.RichTextBlock):
            return string(description="HTML.")
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        if isinstance(block, blocks.IntegerBlock):
            return nullable({"type": "integer"})
        if isinstance(block, (blocks.FloatBlock, blocks.DecimalBlock)):
            return nullable({"type": "number"})
        if isinstance(block, blocks.DateBlock):
            return nullable(string(format="date"))
        if isinstance(block, (blocks.PageChooserBlock, DocumentChooserBlock, ImageChooserBlock)):
            return nullable({"type": "integer", "description": "Identifiant de l'objet choisi."})
        if isinstance(block, (blocks.CharBlock, blocks.TextBlock, blocks.URLBlock, blocks.EmailBlock)):
            return string()
        raise ImproperlyConfigured(f"{type(block).__name__}: no OpenAPI type; give the block an api_schema(base)")


# The whole typed part.


def page_models():
    """Every page type the API serves, in the order Wagtail registered them."""
    from wagtail.models import get_page_models

    return [model for model in get_page_models() if model._meta.app_label == "pages"]


def choices_schema(choices):
    return string(enum=[str(value) for value in choices.values])


def components():
    """{name: schema} of every typed component: page types and their union, images, documents, blocks, enums."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms.api import api_router
    from pages.api import representations
    from pages.api.endpoints import DocumentsEndpoint, ImagesEndpoint, PagesEndpoint

    registry = Blocks()
    everything = [("*", False, None)]
    schemas = {}
    for model in page_models():
        serializer = PagesEndpoint._get_serializer_class(api_router, model, everything, show_details=True)
        schemas[model.__name__] = item_schema(serializer, model, registry)
    schemas["PageItem"] = {
        "description": "Une page, selon son type (`meta.type`).",
        "oneOf": [ref(model.__name__) for model in page_models()],
    }
    for name, endpoint, model in (
        ("ImageItem", ImagesEndpoint, get_image_model()),
        ("DocumentItem", DocumentsEndpoint, get_document_model()),
    ):
        serializer = endpoint._get_serializer_class(api_router, model, everything, show_details=True)
        schemas[name] = item_schema(serializer, model, registry)
    schemas.update(registry.components)
    schemas.update(representations.openapi_components())  # images' renditions, from pages/renditions.py
    schemas.update({name: choices_schema(choices) for name, choices in enum_choices().items()})
    return dict(sorted(schemas.items()))


def enum_choices():
    """{component name: TextChoices} of the enums a filter, a facet or a form field refers to."""
    from pages import models as m

    return {
        "AccessMode": m.AccessMode,
        "ContributionKind": m.ContributionKind,
        "DossierStatus": m.DossierStatus,
        "Province": m.Province,
        "ResourceType": m.ResourceType,
    }


def page_type_values():
    """What `type` accepts: each page type's label."""
    return [model._meta.label for model in page_models()]


def generate(base):
    """`base` (the hand-written paths, parameters, responses and shared components) with the typed components and
    the page types' enum generated from the code, and its markers expanded from the forms and constants they name
    (pages/api/form_schemas.py: the filter and search forms' parameters, the write forms' bodies, enums, examples)."""
    schema = dict(base)
    generated = components()
    written = schema.setdefault("components", {}).setdefault("schemas", {})
    clashes = sorted(set(written) & set(generated))
    if clashes:
        raise ImproperlyConfigured(f"Generated schemas also written by hand in docs/openapi*.yaml: {clashes}")
    schema["components"]["schemas"] = dict(sorted({**written, **generated}.items()))
    page_type = schema["components"]["parameters"]["pageType"]["schema"]
    page_type["enum"] = [*page_type_values(), *page_type.pop("x-combinations", [])]
    enums = {name: [str(value) for value in choices.values] for name, choices in enum_choices().items()}
    return form_schemas.expand(schema, enums=enums)
