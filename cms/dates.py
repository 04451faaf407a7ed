"""Dates and times typed by people: read in the forms Belgians write, never silently replaced, refused in French.

A date is accepted as `20/11/2026`, `20-11-2026`, `20.11.2026` or `2026-11-20` (ISO), shown as `jj/mm/aaaa`; a
date and time adds `hh:mm` (or `hh:mm:ss`); a time alone is `9:30`, `09:30`, `9h30` or `9h`. Anything else (a
two-digit year, 31/02/2026, words) is refused with a French message saying the expected format.

- The public forms use `DateField`, `DateTimeField`, `TimeField` (with their placeholders).
- In Wagtail's admin, `register_admin_fields()` (called by `PagesConfig.ready`) gives every model DateField,
  DateTimeField and TimeField these form fields and `AdminDateInput`, `AdminDateTimeInput`, `AdminTimeInput`:
  Wagtail's pickers with a placeholder, whose `validateOnBlur` is off. The picker (jQuery datetimepicker) otherwise
  parses the text on blur with WAGTAIL_DATE_FORMAT alone and, when that fails, writes today's date (or the current
  time) in the field: `2026-11-20` became today. Off, the field keeps what was typed and the server reads or
  refuses it. `PublishingPanel` does the same for the page's publishing schedule (Wagtail gives its own widget).
- The same input formats are Django's for the site's language (FORMAT_MODULE_PATH, cms/formats/fr/formats.py),
  so that any other form of Django or Wagtail reads them too.
"""

from django import forms
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin import widgets as wagtail_widgets
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import PublishingPanel as WagtailPublishingPanel

from cms.formats.fr.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

DATE_FORMAT = "%d/%m/%Y"  # how a date is shown back (WAGTAIL_DATE_FORMAT too)

DATE_PLACEHOLDER = "jj/mm/aaaa"
DATETIME_PLACEHOLDER = "jj/mm/aaaa hh:mm"
TIME_PLACEHOLDER = "hh:mm"

DATE_HELP = _("Format : jj/mm/aaaa, par exemple 20/11/2026 (2026-11-20, 20-11-2026 et 20.11.2026 sont aussi compris).")
DATETIME_HELP = _("Format : jj/mm/aaaa hh:mm, par exemple 20/11/2026 14:30.")
DATE_ERROR = _("Date non reconnue : écrivez-la au format jj/mm/aaaa, par exemple 20/11/2026.")
DATETIME_ERROR = _(
    "Date et heure non reconnues : écrivez-les au format jj/mm/aaaa hh:mm, par exemple 20/11/2026 14:30."
)
TIME_ERROR = _("Heure non reconnue : écrivez-la au format hh:mm, par exemple 9:30 ou 14:00.")


def _with_placeholder(attrs, placeholder):
    return {"placeholder": placeholder, **(attrs or {})}


# --- Widgets --------------------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    """A text input (not the browser's own date control, whose look and format vary) showing `jj/mm/aaaa`."""

    def __init__(self, attrs=None, format=None):
        super().__init__(_with_placeholder(attrs, DATE_PLACEHOLDER), format=format or DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    def __init__(self, attrs=None, format=None):
        super().__init__(_with_placeholder(attrs, DATETIME_PLACEHOLDER), format=format or f"{DATE_FORMAT} %H:%M")


class TimeInput(forms.TimeInput):
    def __init__(self, attrs=None, format=None):
        super().__init__(_with_placeholder(attrs, TIME_PLACEHOLDER), format=format or "%H:%M")


class KeepTypedTextMixin:
    """Wagtail's picker, told to leave the text alone when the field loses focus (see the module's docstring)."""

    placeholder = ""

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=_with_placeholder(attrs, self.placeholder), **kwargs)

    def get_config(self):
        return {**super().get_config(), "validateOnBlur": False}


class AdminDateInput(KeepTypedTextMixin, wagtail_widgets.AdminDateInput):
    placeholder = DATE_PLACEHOLDER


class AdminDateTimeInput(KeepTypedTextMixin, wagtail_widgets.AdminDateTimeInput):
    placeholder = DATETIME_PLACEHOLDER


class AdminTimeInput(KeepTypedTextMixin, wagtail_widgets.AdminTimeInput):
    placeholder = TIME_PLACEHOLDER


# --- Form fields ----------------------------------------------------------------------------------------------


class DateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {"invalid": DATE_ERROR}


class DateTimeField(forms.DateTimeField):
    """Also reads ISO 8601 (`2026-11-20T14:30`), as Django's own field does before the input formats."""

    widget = DateTimeInput
    input_formats = DATETIME_INPUT_FORMATS
    default_error_messages = {"invalid": DATETIME_ERROR}


class TimeField(forms.TimeField):
    widget = TimeInput
    input_formats = TIME_INPUT_FORMATS
    default_error_messages = {"invalid": TIME_ERROR}


# --- Wagtail's admin ------------------------------------------------------------------------------------------


def _with_help(db_field, help_text):
    return format_lazy("{} {}", db_field.help_text, help_text) if db_field.help_text else help_text


def admin_date_field(db_field):
    """The form field options of a model DateField in Wagtail's admin (register_form_field_override)."""
    return {"form_class": DateField, "widget": AdminDateInput, "help_text": _with_help(db_field, DATE_HELP)}


def admin_datetime_field(db_field):
    return {
        "form_class": DateTimeField,
        "widget": AdminDateTimeInput,
        "help_text": _with_help(db_field, DATETIME_HELP),
    }


def admin_time_field(db_field):
    return {"form_class": TimeField, "widget": AdminTimeInput}


def register_admin_fields():
    """Every DateField, DateTimeField and TimeField of a model edited in Wagtail's admin gets the fields above
    (registered after Wagtail's own, which they replace)."""
    register_form_field_override(models.DateField, override=admin_date_field)
    register_form_field_override(models.DateTimeField, override=admin_datetime_field)
    register_form_field_override(models.TimeField, override=admin_time_field)


class PublishingPanel(WagtailPublishingPanel):
    """Wagtail's « Programmer la publication » with the pickers that keep what the editor typed: Wagtail's panel
    gives its fields its own widget, which the registered override cannot replace."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for child in self.children:
            widget = child.widget
            if isinstance(widget, wagtail_widgets.AdminDateTimeInput) and not isinstance(widget, AdminDateTimeInput):
                child.widget = AdminDateTimeInput(
                    attrs=widget.attrs, js_overlay_parent_selector=widget.js_overlay_parent_selector
                )
