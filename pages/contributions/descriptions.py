"""What the write API tells a headless front end about a public form (`GET …/form/`): its fields, the anti-abuse
rules, the upload limits. pages/contributions/api.py serves it; docs/openapi.json's `FormDescription` and
`FormField` describe it (`FIELD_TYPES` is `FormField.type`'s enum)."""

from django.conf import settings
from django.utils.html import strip_tags
from wagtail.api.utils import get_full_url

from pages.contributions.antiabuse import FORM_TOKEN_MAX_AGE, HONEYPOT_FIELD
from pages.contributions.uploads import ACCEPTED_FORMATS, EXTENSION_FORMAT

# The types `field_type` gives the fields of the public forms (docs/openapi.json's `FormField.type`, generated from
# here; tests/pages/contributions check that every field of both forms has one of them).
FIELD_TYPES = ("text", "textarea", "email", "url", "boolean", "choice", "file")


def field_type(field):
    widget = field.widget
    if getattr(widget, "input_type", None) == "file":
        return "file"
    if getattr(widget, "input_type", None) == "checkbox" and not hasattr(field, "choices"):
        return "boolean"
    if hasattr(field, "choices"):
        return "choice"
    if widget.__class__.__name__ == "Textarea":
        return "textarea"
    return getattr(widget, "input_type", None) or "text"


def describe_field(name, field):
    description = {
        "name": name,
        "label": strip_tags(str(field.label)),
        "type": field_type(field),
        "required": field.required,
        "multiple": bool(getattr(field.widget, "allow_multiple_selected", False)),
        "help_text": strip_tags(str(field.help_text or "")),
    }
    if getattr(field, "max_length", None):
        description["max_length"] = field.max_length
    if hasattr(field, "choices"):
        description["choices"] = [
            {"value": str(value), "label": str(label)} for value, label in field.choices if str(value) != ""
        ]
    return description


def describe_form(request, form, privacy_link):
    """What a front end needs to render the form: its fields, the token, the anti-abuse rules."""
    return {
        "form_token": form.initial["form_token"],
        "form_token_max_age": FORM_TOKEN_MAX_AGE,
        "min_fill_seconds": settings.CONTRIBUTION_MIN_FILL_SECONDS,
        "honeypot_field": HONEYPOT_FIELD,
        "privacy_url": get_full_url(request, privacy_link) if privacy_link else "",  # on the Site, as the API's URLs
        "fields": [
            describe_field(name, field)
            for name, field in form.fields.items()
            if name not in (HONEYPOT_FIELD, "form_token")
        ],
    }


def upload_limits():
    return {
        "max_files": settings.CONTRIBUTION_MAX_FILES,
        "max_file_size": settings.CONTRIBUTION_MAX_FILE_SIZE,
        "max_total_size": settings.CONTRIBUTION_MAX_TOTAL_SIZE,
        "accepted_formats": ACCEPTED_FORMATS,
        "accepted_extensions": sorted(EXTENSION_FORMAT),
    }
