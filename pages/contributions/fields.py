"""The fields of the public forms: texts without invisible characters, one-line texts, safe addresses, bounded
ids, several files; and the identity fields both forms ask for (name, address, organisation).
"""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from pages.contributions.uploads import validate_uploads

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
ONE_LINE_MESSAGE = _("Ce champ doit tenir sur une ligne, sans caractère invisible.")


def without_format_characters(text):
    """The text without invisible format characters (Unicode category Cf): bidi embeddings, overrides and
    isolates (U+202A–U+202E, U+2066–U+2069) that would turn a title around in the moderation queue, zero-width
    spaces and joiners (U+200B–U+200D), the byte order mark (U+FEFF), the soft hyphen…"""
    return "".join(character for character in text if unicodedata.category(character) != "Cf")


class VisibleTextField(forms.CharField):
    """A contributed text with its invisible format characters removed before anything else is checked."""

    def to_python(self, value):
        return super().to_python(without_format_characters(value) if isinstance(value, str) else value)


class OneLineField(VisibleTextField):
    """A text on one line: no line break or control character can reach a mail header or a log line."""

    def validate(self, value):
        super().validate(value)
        if value and CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(ONE_LINE_MESSAGE, code="control_characters")


# The largest id a database integer holds: a bigger number sent as a choice would overflow the query.
MAX_ID = 2**63 - 1


def fits_an_id(value):
    try:
        return abs(int(str(value).strip())) <= MAX_ID
    except ValueError:
        return True  # not a number: the field refuses it as usual


class BoundedModelChoiceField(forms.ModelChoiceField):
    """A choice of object whose submitted id is refused as invalid, not sent to the database, when too big."""

    def to_python(self, value):
        if value not in self.empty_values and not fits_an_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value if isinstance(value, (list, tuple)) else []:
            if not fits_an_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class YearChoiceField(forms.TypedChoiceField):
    """A year among choices the form sets when shown (they follow the calendar), from `first` on."""

    def __init__(self, *, first, **kwargs):
        self.first = first
        super().__init__(coerce=int, empty_value=None, choices=(), **kwargs)

    def openapi_schema(self):
        """Its shape in the OpenAPI schema (pages/api/form_schemas.py): its choices change every year, not their
        start."""
        return {"type": "integer", "minimum": self.first}


class SafeEmailField(forms.EmailField):
    default_error_messages = {"invalid": _("Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.be.")}

    def to_python(self, value):
        # Checked before stripping: « a@b.be\r\nBcc: c@d.be » is refused, not trimmed into something else.
        if value and CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(
                _("Saisissez une adresse e-mail valide, sur une seule ligne."), code="control_characters"
            )
        return super().to_python(value)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one is checked by `pages.contributions.uploads`."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return validate_uploads(files)


def name_field():
    return OneLineField(label=_("Votre nom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))


def email_field(help_text):
    return SafeEmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=help_text,
    )


def organisation_field(label, *, required=True):
    return OneLineField(
        label=label, max_length=200, required=required, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
