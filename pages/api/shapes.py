"""Small builders of OpenAPI 3.1 schema objects (JSON Schema 2020-12), for the fields and blocks that declare their
API shape (and for pages/api/openapi.py, which generates the rest). Nothing here imports Django or Wagtail: models
import it."""

REF = "#/components/schemas/{}"


def ref(name):
    return {"$ref": REF.format(name)}


def nullable(schema):
    """`schema` or null (OpenAPI 3.1: `null` is a type; a reference or a union becomes one of two)."""
    if isinstance(schema.get("type"), str) and "$ref" not in schema:
        enum = schema.get("enum")
        return {**schema, "type": [schema["type"], "null"], **({"enum": [*enum, None]} if enum else {})}
    return {"oneOf": [schema, {"type": "null"}]}


def string(**extra):
    return {"type": "string", **extra}


def array(items):
    return {"type": "array", "items": items}


def struct(**properties):
    """An object with exactly these properties, all present."""
    return {"type": "object", "required": list(properties), "additionalProperties": False, "properties": properties}


def with_properties(schema, **properties):
    """An object's schema with more properties, all present."""
    return {
        **schema,
        "required": [*schema.get("required", []), *properties],
        "properties": {**schema["properties"], **properties},
    }
