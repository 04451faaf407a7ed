"""The schema's parts generated from the forms (pages/api/form_schemas.py): each field typed by its class, every field
of the filter, search and write forms in docs/openapi.json, and a field added to a form in the next generation."""

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from pages import models as m
from pages.api import form_schemas
from pages.api.filters import PageFilterForm, SearchParametersForm
from pages.api.form_schemas import field_schema, form_parameters
from pages.api.openapi import enum_choices
from pages.api.schema import build_schema, load_schema
from pages.contributions.forms import ContributionForm, DossierRequestForm
from search import facets
from search.api import SearchAPIForm
from search.params import SORTS
from tests.api.schema_helpers import operation_parameters, resolved

ENUMS = {name: list(choices.values) for name, choices in enum_choices().items()}


def schema_of(field, encoding="json"):
    return field_schema(field, enums=ENUMS, encoding=encoding)


# --- One field -----------------------------------------------------------------------------------------------------


def test_texts_numbers_and_addresses_by_their_class():
    text = forms.CharField(max_length=12, min_length=2)
    assert schema_of(text) == {"type": "string", "maxLength": 12, "minLength": 2}
    assert schema_of(forms.SlugField(max_length=80)) == {
        "type": "string",
        "pattern": "^[-a-zA-Z0-9_]+$",
        "maxLength": 80,
    }
    assert schema_of(forms.IntegerField(min_value=1900, max_value=2100)) == {
        "type": "integer",
        "minimum": 1900,
        "maximum": 2100,
    }
    assert schema_of(forms.EmailField(max_length=254)) == {"type": "string", "format": "email", "maxLength": 254}
    # An address without a scheme is accepted (`assume_scheme`): not a URI.
    assert schema_of(forms.URLField(max_length=500, assume_scheme="https")) == {"type": "string", "maxLength": 500}


def test_a_choice_refers_to_the_enum_component_with_its_values_else_lists_them():
    assert schema_of(forms.ChoiceField(choices=m.Province.choices)) == {"$ref": "#/components/schemas/Province"}
    with_empty = forms.ChoiceField(choices=[("", "Choisir"), *m.DossierStatus.choices])
    assert schema_of(with_empty) == {"$ref": "#/components/schemas/DossierStatus"}
    some = forms.ChoiceField(choices=m.Province.choices[:2])
    assert schema_of(some) == {"type": "string", "enum": list(m.Province.values[:2])}
    assert schema_of(forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])) == {
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b"]},
    }
    assert schema_of(forms.TypedChoiceField(coerce=int, choices=[(1, "1"), (2, "2")])) == {
        "type": "integer",
        "enum": [1, 2],
    }


def test_an_object_is_named_by_its_id_or_its_to_field_name():
    queryset = m.ThemePage.objects.none()
    assert schema_of(forms.ModelChoiceField(queryset=queryset)) == {"type": "integer", "minimum": 1}
    assert schema_of(forms.ModelMultipleChoiceField(queryset=queryset)) == {
        "type": "array",
        "items": {"type": "integer", "minimum": 1},
    }
    # Wagtail's slugs may be Unicode: no ASCII pattern.
    assert schema_of(forms.ModelChoiceField(queryset=queryset, to_field_name="slug")) == {
        "type": "string",
        "maxLength": 255,
    }


def test_a_check_box_is_a_boolean_in_json_and_on_in_a_form():
    assert schema_of(forms.BooleanField()) == {"type": "boolean"}
    assert schema_of(forms.BooleanField(), encoding="form") == {"type": "string", "enum": ["on", "true"]}


def test_files_and_the_fields_that_declare_their_own_shape():
    assert schema_of(ContributionForm.base_fields["files"]) == {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
    }
    assert schema_of(forms.FileField()) == {"type": "string", "format": "binary"}
    assert schema_of(ContributionForm.base_fields["site_web"]) == {"type": "string", "maxLength": 0}
    assert schema_of(ContributionForm.base_fields["dossier_year"]) == {"type": "integer", "minimum": 2014}


def test_a_field_without_a_type_is_an_error_not_a_guess():
    with pytest.raises(ImproperlyConfigured, match="DurationField"):
        schema_of(forms.DurationField())


# --- The committed schema has every field of every form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("form_class", "paths"),
    [
        (PageFilterForm, ["/api/v2/pages/"]),
        (SearchParametersForm, ["/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"]),
        (SearchAPIForm, ["/api/v2/search/"]),
    ],
)
def test_every_field_of_a_query_form_is_a_parameter_of_its_operations(form_class, paths):
    schema = load_schema()
    expected = form_parameters(form_class, enums=ENUMS)
    assert set(expected) == set(form_class.base_fields)
    for path in paths:
        documented = operation_parameters(schema, path)
        for name, parameter in expected.items():
            assert documented[name] == parameter, (path, name)
            assert parameter["description"], (path, name)  # the field's help text


def test_the_search_parameters_and_answers_take_their_values_from_the_code():
    schema = load_schema()
    documented = operation_parameters(schema, "/api/v2/search/")
    for facet in facets.FACETS:
        enum = resolved(schema, documented[facet.name]["schema"]).get("enum")
        assert enum == (list(facet.choices.values) if facet.choices else None), facet.name
    assert documented["sort"]["schema"]["enum"] == list(SORTS)
    assert list(documented)[-2:] == ["limit", "offset"]
    components = schema["components"]["schemas"]
    assert components["Facet"]["properties"]["name"]["enum"] == list(facets.NAMES)
    assert components["SearchHit"]["properties"]["type"]["enum"] == list(facets.BY_NAME["type"].choices.values)
    assert components["SearchResults"]["properties"]["sort"]["enum"] == list(SORTS)


def body_properties(schema, component):
    """{name: schema} and the required names of a request body, its `allOf` parts merged."""
    node = schema["components"]["schemas"][component]
    properties, required = {}, []
    for part in [node, *node.get("allOf", [])]:
        if "$ref" in part:
            inner_properties, inner_required = body_properties(schema, part["$ref"].rsplit("/", 1)[1])
        else:
            inner_properties, inner_required = part.get("properties", {}), part.get("required", [])
        properties.update(inner_properties)
        required += inner_required
    return properties, required


@pytest.mark.parametrize(
    ("form_class", "component", "encoding"),
    [
        (ContributionForm, "ContributionSubmission", "form"),
        (ContributionForm, "ContributionSubmissionForm", "form"),
        (ContributionForm, "ContributionSubmissionJSON", "json"),
        (DossierRequestForm, "DossierRequestSubmission", "json"),
        (DossierRequestForm, "DossierRequestSubmissionForm", "form"),
        (DossierRequestForm, "DossierRequestSubmissionMultipart", "form"),
    ],
)
def test_every_field_of_a_write_form_is_in_its_bodies(form_class, component, encoding):
    properties, required = body_properties(load_schema(), component)
    fields = dict(form_class.base_fields)
    if component != "ContributionSubmission":  # files go in multipart only
        fields = {name: field for name, field in fields.items() if not isinstance(field, forms.FileField)}
    assert set(properties) == set(fields)
    for name, field in fields.items():
        generated = field_schema(field, enums=ENUMS, encoding=encoding)
        assert {key: value for key, value in properties[name].items() if key != "description"} == generated, name
        assert (name in required) == (field.required or name == "form_token"), name


# --- A change of a form changes the schema -------------------------------------------------------------------------


def test_a_field_added_to_the_filter_form_is_a_new_parameter_of_the_pages(monkeypatch):
    field = forms.IntegerField(required=False, min_value=1, help_text="Nombre de pages.")
    monkeypatch.setattr(PageFilterForm, "base_fields", {**PageFilterForm.base_fields, "min_pages": field})
    schema = build_schema()
    assert schema["components"]["parameters"]["minPages"] == {
        "name": "min_pages",
        "in": "query",
        "description": "Nombre de pages.",
        "schema": {"type": "integer", "minimum": 1},
    }
    assert "min_pages" in operation_parameters(schema, "/api/v2/pages/")
    assert "min_pages" not in operation_parameters(schema, "/api/v2/images/")


def test_a_field_added_to_the_contribution_form_is_in_every_body(monkeypatch):
    fields = {**ContributionForm.base_fields, "phone": forms.CharField(max_length=30)}
    monkeypatch.setattr(ContributionForm, "base_fields", fields)
    schema = build_schema()
    assert schema["components"]["schemas"]["ContributionFields"]["properties"]["phone"] == {
        "type": "string",
        "maxLength": 30,
    }
    assert "phone" in schema["components"]["schemas"]["ContributionFields"]["required"]
    for component in ("ContributionSubmission", "ContributionSubmissionForm", "ContributionSubmissionJSON"):
        assert "phone" in body_properties(schema, component)[0], component


def test_prose_for_a_field_the_form_does_not_have_is_an_error():
    skeleton = {
        "components": {"schemas": {"Body": {"x-form-fields": "pages.api.filters.PageFilterForm", "properties": {}}}}
    }
    skeleton["components"]["schemas"]["Body"]["properties"]["colour"] = {"description": "Couleur."}
    with pytest.raises(ImproperlyConfigured, match="no field 'colour'"):
        form_schemas.expand(skeleton)


def test_no_marker_is_left_in_the_schema():
    assert list(form_schemas.markers(load_schema())) == []
    assert list(form_schemas.markers(build_schema())) == []
    with pytest.raises(ImproperlyConfigured, match="x-unknown"):
        form_schemas.expand({"paths": {"/a/": {"x-unknown": 1}}})


def test_the_error_examples_are_what_the_forms_say():
    responses = load_schema()["components"]["responses"]
    bad_request = responses["BadRequest"]["content"]["application/json"]["example"]
    year = PageFilterForm.base_fields["year"]
    with pytest.raises(forms.ValidationError) as refused:
        year.clean("abc")
    assert bad_request == {"message": "Paramètres de filtre invalides.", "errors": {"year": refused.value.messages}}
    form_refused = responses["FormRefused"]["content"]["application/json"]["example"]
    assert form_refused["errors"] == {
        "contributor_email": ["Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.be."]
    }
