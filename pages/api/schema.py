"""The OpenAPI 3.1 contract of the public API: generated, committed as docs/openapi.json, served at /api/schema/.

Its sources: `docs/openapi.yaml` (the read API's paths, responses, the parameters no form reads and the shared
shapes, with their French prose) and `docs/openapi-write.yaml` (the write endpoints; its `paths` and `components`
are merged in, a name defined twice is an error, not an override), then everything the code defines generated from
it: pages/api/openapi.py (each page type's fields, StreamField blocks, images, documents, enums) and, where the
skeletons' markers say so, pages/api/form_schemas.py (the filter and search forms' query parameters, the write
forms' request bodies, enums of constants, the error shapes and the 400 examples). `manage.py api_schema` writes
the result; the tests check that the committed file equals a fresh generation and that openapi-spec-validator
accepts it.
"""

import copy
import functools
import json

import yaml
from django.conf import settings
from django.http import JsonResponse

READ_SCHEMA = settings.BASE_DIR / "docs" / "openapi.yaml"
WRITE_SCHEMA = settings.BASE_DIR / "docs" / "openapi-write.yaml"
GENERATED_SCHEMA = settings.BASE_DIR / "docs" / "openapi.json"


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def merge(base, fragment):
    """`base` with the fragment's paths and components (schemas, responses, parameters…) added."""
    merged = copy.deepcopy(base)
    for name, item in (fragment.get("paths") or {}).items():
        if name in merged.setdefault("paths", {}):
            raise ValueError(f"OpenAPI path defined twice: {name}")
        merged["paths"][name] = item
    for section, items in (fragment.get("components") or {}).items():
        target = merged.setdefault("components", {}).setdefault(section, {})
        for name, item in items.items():
            if name in target:
                raise ValueError(f"OpenAPI component defined twice: {section}/{name}")
            target[name] = item
    for tag in fragment.get("tags") or []:
        if tag not in merged.setdefault("tags", []):
            merged["tags"].append(tag)
    return merged


def build_schema():
    """The whole public API's schema, generated now from its sources and the code."""
    from pages.api import openapi

    schema = _load(READ_SCHEMA)
    if WRITE_SCHEMA.exists():
        schema = merge(schema, _load(WRITE_SCHEMA))
    return openapi.generate(schema)


def dumps(schema):
    """The committed file's text: stable key order as generated, French kept readable."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@functools.cache
def _cached_schema(mtime):
    return json.loads(GENERATED_SCHEMA.read_text(encoding="utf-8"))


def load_schema():
    """The committed schema (docs/openapi.json), re-read when the file changes."""
    return copy.deepcopy(_cached_schema(GENERATED_SCHEMA.stat().st_mtime_ns))


def schema_view(request):
    response = JsonResponse(load_schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    return response
