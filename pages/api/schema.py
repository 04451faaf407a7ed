"""The OpenAPI 3 contract of the public API, kept in the repository and served at /api/schema/.

`docs/openapi.yaml` describes the read API; `docs/openapi-write.yaml`, when present, adds the write
endpoints (its `paths` and `components` are merged in; a name defined twice is an error, not an
override). The served document is exactly the merge of these files: tests compare the two.
"""

import copy
import functools

import yaml
from django.conf import settings
from django.http import JsonResponse

READ_SCHEMA = settings.BASE_DIR / "docs" / "openapi.yaml"
WRITE_SCHEMA = settings.BASE_DIR / "docs" / "openapi-write.yaml"


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


@functools.cache
def _cached_schema(read_mtime, write_mtime):
    schema = _load(READ_SCHEMA)
    if write_mtime is not None:
        schema = merge(schema, _load(WRITE_SCHEMA))
    return schema


def load_schema():
    """The whole public API's schema (read + write), re-read when either file changes."""
    write_mtime = WRITE_SCHEMA.stat().st_mtime_ns if WRITE_SCHEMA.exists() else None
    return copy.deepcopy(_cached_schema(READ_SCHEMA.stat().st_mtime_ns, write_mtime))


def schema_view(request):
    response = JsonResponse(load_schema(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Cache-Control"] = "public, max-age=300"
    return response
