"""OpenAPI 3.1 shapes of Django forms: the API's query parameters (the filter and search forms) and the write
endpoints' request bodies (the contribution and dossier-request forms), read from the forms' fields.

A field is typed by its class (`field_schema`: the first matching class wins); a field that knows its shape better
says it with `openapi_schema()`, as the serializer fields of pages/api/fields.py do (the search query, the honeypot,
the year of a dossier). A choice whose values are exactly those of an enum component (`ResourceType`, `Province`…,
generated from the models' TextChoices by pages/api/openapi.py) refers to it; other choices are an inline `enum`.

docs/openapi*.yaml say where the generated parts go, with markers that `expand` replaces (none is left in
docs/openapi.json):

- `- x-form-parameters: <dotted form>` in an operation's `parameters`: one query parameter per field, in the form's
  order, described by the field's `help_text` (French). With `x-shared: true`, each is a component
  (`#/components/parameters/<field name in camelCase>`, shared by the operations that name the same form).
- `x-form-fields: <dotted form>` and `x-encoding` on an object schema: its `properties` and `required` from the
  fields, by encoding: `any` the fields sent the same way in every body (texts, choices, ids), `json` and `form` the
  check boxes (a JSON boolean; "on" or "true" in a form), `files` the file fields (multipart only). The skeleton's
  own `properties` add prose to generated ones (a name the form lacks is an error); its `required` adds names.
- `x-enum: <dotted name>` on a string schema: the values of a TextChoices, the keys of a dict, or a tuple's items.
- `x-schema: <dotted function>`: the schema the function gives, declared beside the code that builds the answer
  (the `Error` of pages/api/errors.py, the `FormRefused` of pages/contributions/api.py).
- an example with `x-form-errors: <dotted form>`, `x-values: {field: value}` and `x-message: <dotted name>`: that
  message, and the errors the form's fields really give for these values (`errors`), with the example's other keys.
"""

import importlib

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.html import strip_tags

from .shapes import array, ref, string

MARKER = "x-"
ENCODINGS = ("any", "json", "form", "files")
CHECKED = ["on", "true"]  # what an HTML check box sends; Django's CheckboxInput reads "true" as checked too


def resolve(dotted):
    """The object at a dotted path: `module.name` or `module.Class.attribute`."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for name in parts[split:]:
            target = getattr(target, name)
        return target
    raise ImproperlyConfigured(f"OpenAPI marker: nothing at {dotted!r}")


def enum_values(source):
    """The values of a TextChoices, the keys of a dict, the items of a tuple or list, as strings."""
    if isinstance(source, type) and issubclass(source, models.Choices):
        return [str(value) for value in source.values]
    return [str(value) for value in source]


def camel_case(name):
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)


# Fields.


def _choice_values(field):
    return [str(value) for value, _label in field.choices if str(value) != ""]


def _enum(values, enums):
    """A reference to the enum component with exactly these values, else an inline enum."""
    for name, component_values in enums.items():
        if list(component_values) == values:
            return ref(name)
    return string(enum=values)


def _length(field, schema):
    if getattr(field, "max_length", None) is not None:
        schema["maxLength"] = field.max_length
    if getattr(field, "min_length", None):
        schema["minLength"] = field.min_length
    return schema


def _model_key(field):
    """The schema of the value naming an object: its `to_field_name` field, else its primary key (an id)."""
    meta = field.queryset.model._meta
    model_field = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
    while model_field.is_relation:  # a page's primary key is its link to Wagtail's Page
        model_field = model_field.target_field
    if isinstance(model_field, (models.AutoField, models.IntegerField)):
        return {"type": "integer", "minimum": 1}
    schema = _length(model_field, string())
    if isinstance(model_field, models.SlugField) and not model_field.allow_unicode:
        schema["pattern"] = "^[-a-zA-Z0-9_]+$"
    return schema


def _integer(field):
    schema = {"type": "integer"}
    if field.min_value is not None:
        schema["minimum"] = field.min_value
    if field.max_value is not None:
        schema["maximum"] = field.max_value
    return schema


def _typed_choice(field, enums):
    if field.coerce is int:
        values = _choice_values(field)
        return {"type": "integer", **({"enum": [int(value) for value in values]} if values else {})}
    return _enum(_choice_values(field), enums)


def field_schema(field, *, enums=None, encoding="json"):
    """The schema of a form field's value as a client sends it (`encoding`: "json", or "form" for a form body or a
    query string, where a check box is "on")."""
    enums = enums or {}
    if hasattr(field, "openapi_schema"):
        return field.openapi_schema()
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        return {"type": "boolean"} if encoding == "json" else string(enum=list(CHECKED))
    if isinstance(field, forms.FileField):
        schema = string(format="binary")
        return array(schema) if getattr(field.widget, "allow_multiple_selected", False) else schema
    if isinstance(field, forms.ModelMultipleChoiceField):
        return array(_model_key(field))
    if isinstance(field, forms.ModelChoiceField):
        return _model_key(field)
    if isinstance(field, forms.TypedChoiceField):
        return _typed_choice(field, enums)
    if isinstance(field, forms.MultipleChoiceField):
        return array(_enum(_choice_values(field), enums))
    if isinstance(field, forms.ChoiceField):
        return _enum(_choice_values(field), enums)
    if isinstance(field, forms.IntegerField):
        return _integer(field)
    if isinstance(field, forms.EmailField):
        return _length(field, string(format="email"))
    if isinstance(field, forms.SlugField):
        pattern = "^[-\\w]+$" if field.allow_unicode else "^[-a-zA-Z0-9_]+$"
        return _length(field, string(pattern=pattern))
    # An URLField is a plain string: it takes an address without a scheme (`assume_scheme`), not a URI.
    if isinstance(field, forms.CharField):
        return _length(field, string())
    raise ImproperlyConfigured(f"{type(field).__name__}: no OpenAPI type; give the field an openapi_schema()")


def help_text(field):
    return strip_tags(str(field.help_text or "")).strip()


# Query parameters.


def form_parameters(form_class, *, enums=None):
    """{field name: a query parameter object}, in the form's order."""
    parameters = {}
    for name, field in form_class.base_fields.items():
        parameter = {"name": name, "in": "query"}
        if field.required:
            parameter["required"] = True
        if help_text(field):
            parameter["description"] = help_text(field)
        parameter["schema"] = field_schema(field, enums=enums, encoding="form")
        parameters[name] = parameter
    return parameters


# Request bodies.


def _encoding_of(field):
    """Which bodies send the field its own way: files (multipart), check boxes (JSON or form), else any."""
    if isinstance(field, forms.FileField):
        return "files"
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        return "checkbox"
    return "any"


def form_body(form_class, encoding, *, enums=None):
    """(properties, required) of the form's fields sent this way (see the module's docstring)."""
    if encoding not in ENCODINGS:
        raise ImproperlyConfigured(f"x-encoding: one of {ENCODINGS}, not {encoding!r}")
    wanted = {"any": "any", "files": "files", "json": "checkbox", "form": "checkbox"}[encoding]
    properties, required = {}, []
    for name, field in form_class.base_fields.items():
        if _encoding_of(field) != wanted:
            continue
        properties[name] = field_schema(field, enums=enums, encoding="json" if encoding == "json" else "form")
        if field.required:
            required.append(name)
    return properties, required


def field_errors(form_class, name, value):
    """The French messages the form's field gives for `value` (its own checks, not the form's `clean`)."""
    field = form_class.base_fields[name]
    try:
        field.clean(value)
    except ValidationError as error:
        return [str(message) for message in error.messages]
    raise ImproperlyConfigured(f"{form_class.__name__}.{name} accepts {value!r}: no error to show")


# Markers.


def _object(node, enums):
    form_class = resolve(node.pop("x-form-fields"))
    properties, required = form_body(form_class, node.pop("x-encoding", "any"), enums=enums)
    for name, extra in (node.get("properties") or {}).items():
        if name not in properties:
            raise ImproperlyConfigured(f"{form_class.__name__} has no field {name!r} (docs/openapi*.yaml)")
        properties[name] = {**properties[name], **extra}
    required += [name for name in node.get("required", []) if name not in required]
    shape = {"type": "object"}
    if required:
        shape["required"] = required
    shape["properties"] = properties
    return {**{key: value for key, value in node.items() if key not in ("properties", "required")}, **shape}


def _example(node):
    form_class = resolve(node.pop("x-form-errors"))
    values = node.pop("x-values")
    message = str(resolve(node.pop("x-message")))
    errors = {name: field_errors(form_class, name, value) for name, value in values.items()}
    return {"message": message, "errors": errors, **node}


def _parameters(items, shared, enums):
    expanded = []
    for item in items:
        if not (isinstance(item, dict) and "x-form-parameters" in item):
            expanded.append(item)
            continue
        parameters = form_parameters(resolve(item["x-form-parameters"]), enums=enums)
        if not item.get("x-shared"):
            expanded.extend(parameters.values())
            continue
        for name, parameter in parameters.items():
            component = camel_case(name)
            if shared.setdefault(component, parameter) != parameter:
                raise ImproperlyConfigured(f"components/parameters/{component} is already another parameter")
            expanded.append({"$ref": f"#/components/parameters/{component}"})
    return expanded


def expand(schema, *, enums=None):
    """`schema` with its markers replaced by what the forms and constants they name give (in place, returned)."""
    enums = enums or {}
    shared = {}  # the parameters of `x-shared` forms, added to the components at the end

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "x-form-fields" in node:
            node = _object(dict(node), enums)
        if "x-schema" in node:
            node = {**resolve(node["x-schema"])(), **{k: v for k, v in node.items() if k != "x-schema"}}
        if "x-form-errors" in node:
            node = _example(dict(node))
        if "x-enum" in node:
            node = {**{k: v for k, v in node.items() if k != "x-enum"}, "enum": enum_values(resolve(node["x-enum"]))}
        result = {}
        for key, value in node.items():
            if key == "parameters" and isinstance(value, list):
                value = _parameters(value, shared, enums)
            result[key] = walk(value)
        return result

    expanded = walk(schema)
    written = expanded.setdefault("components", {}).setdefault("parameters", {})
    clashes = sorted(set(written) & set(shared))
    if clashes:
        raise ImproperlyConfigured(f"Parameters generated from a form also written in docs/openapi*.yaml: {clashes}")
    written.update(shared)
    schema.clear()
    schema.update(expanded)
    left = sorted(markers(schema))
    if left:
        raise ImproperlyConfigured(f"OpenAPI markers not expanded: {left}")
    return schema


def markers(node, path=""):
    """The paths of the keys starting with `x-` left in `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith(MARKER):
                yield f"{path}/{key}"
            yield from markers(value, f"{path}/{key}")
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from markers(value, f"{path}/{position}")
