"""The public forms: propose a contribution, ask a centre for its dossier.

Both whitelist their fields (nobody outside sets a status or a date), check the honeypot and the signed form
token (`pages.contributions.antiabuse`), and mark every field in error for assistive technologies (aria-invalid,
aria-describedby pointing at the help text and the error message). Their texts lose invisible format characters
(bidi overrides, zero-width spaces…: `VisibleTextField`); the HTML forms and the write API share them.
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pages.contributions.antiabuse import AntiAbuseFormMixin
from pages.contributions.fields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    MultipleFileField,
    MultipleFileInput,
    OneLineField,
    VisibleTextField,
    YearChoiceField,
    email_field,
    name_field,
    organisation_field,
)
from pages.contributions.services import CONTRIBUTION_FIELDS
from pages.contributions.uploads import ACCEPT_ATTRIBUTE, ACCEPTED_FORMATS
from pages.models import AccessMode, ContributionKind, CulturalCentre, DossierStatus, Province, ThemePage

LICENCE = "CC BY-NC-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr"
REQUIRED_MESSAGE = _("Ce champ est obligatoire.")
FIRST_DOSSIER_YEAR = 2014  # the earliest year of filing a dossier can give


class AccessibleFormMixin:
    """Help texts and error messages linked to their fields; fields in error marked aria-invalid."""

    def use_plain_required_message(self):
        default = str(forms.Field.default_error_messages["required"])
        for field in self.fields.values():
            if str(field.error_messages.get("required", "")) == default:
                field.error_messages["required"] = REQUIRED_MESSAGE

    def help_id(self, name):
        return f"{self[name].auto_id}-aide"

    def error_id(self, name):
        return f"{self[name].auto_id}-erreur"

    def describe_fields(self):
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(self.help_id(name))
            if self.is_bound and name in self.errors:
                ids.append(self.error_id(name))
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        self.describe_fields()

    summary_labels = {}

    def error_summary(self):
        """[(anchor, label, message)] for the summary at the top of the form, in the order of the fields."""
        items = [("", "", message) for message in self.non_field_errors()]
        for name in self.fields:
            bound = self[name]
            # A group of radio buttons or checkboxes is reached through its first option.
            anchor = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
            for message in self.errors.get(name, []):
                items.append((anchor, self.summary_labels.get(name, bound.label), message))
        return items


def consent_label(privacy_url):
    if privacy_url:
        return format_html(
            "J'accepte que mes données personnelles soient traitées par l'ASTRAC pour gérer cet envoi, "
            'comme décrit dans la page <a href="{}">Vie privée</a>.',
            privacy_url,
        )
    return _("J'accepte que mes données personnelles soient traitées par l'ASTRAC pour gérer cet envoi.")


def year_choices():
    this_year = timezone.localdate().year
    years = range(this_year + 1, FIRST_DOSSIER_YEAR - 1, -1)
    return [("", _("Choisir l'année"))] + [(str(year), str(year)) for year in years]


class ContributionForm(AccessibleFormMixin, AntiAbuseFormMixin, forms.Form):
    token_salt = "pages.contribution-form"  # noqa: S105 — a signing salt, not a secret
    summary_labels = {"consent_licence": _("Accord de partage"), "consent_personal_data": _("Données personnelles")}

    kind = forms.ChoiceField(
        label=_("Je propose"), choices=ContributionKind.choices, widget=forms.RadioSelect, initial="ressource"
    )
    title = OneLineField(
        label=_("Titre"),
        max_length=255,
        help_text=_("Par exemple : « Canevas d'animation pour une analyse partagée en quartier »."),
    )
    description = VisibleTextField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En quelques lignes : de quoi s'agit-il, dans quel contexte l'avez-vous utilisé, pour qui ?"),
    )
    themes = BoundedModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=ThemePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Obligatoire pour une ressource : cochez la ou les thématiques où elle a sa place."),
    )

    centre = BoundedModelChoiceField(
        label=_("Centre culturel"),
        queryset=CulturalCentre.objects.all(),
        required=False,
        empty_label=_("— Choisir dans la liste —"),
        help_text=_("Votre centre n'est pas dans la liste ? Indiquez son nom, sa commune et sa province ci-dessous."),
    )
    new_centre_name = OneLineField(label=_("Nom du Centre culturel"), max_length=200, required=False)
    new_centre_commune = OneLineField(label=_("Commune"), max_length=120, required=False)
    new_centre_province = forms.ChoiceField(
        label=_("Province / Région"), choices=[("", _("Choisir"))] + Province.choices, required=False
    )

    dossier_status = forms.ChoiceField(
        label=_("Statut du dossier"), choices=DossierStatus.choices, required=False, widget=forms.RadioSelect
    )
    dossier_year = YearChoiceField(label=_("Année de dépôt"), first=FIRST_DOSSIER_YEAR, required=False)
    access_mode = forms.ChoiceField(
        label=_("Mode de partage"),
        choices=AccessMode.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Téléchargement direct : les documents sont librement téléchargeables. De personne à personne : "
            "les visiteurs vous demandent le dossier par la Plateforme et vous leur répondez directement."
        ),
    )
    contextualisation = VisibleTextField(
        label=_("Contextualisation"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Le territoire, l'équipe, les choix posés : ce qu'il faut savoir avant de lire le dossier."),
    )

    files = MultipleFileField(
        label=_("Fichiers"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "Jusqu'à %(count)s fichiers, %(size)s Mo par fichier et %(total)s Mo au total. "
            "Formats acceptés : %(formats)s."
        ),
    )
    url = forms.URLField(
        label=_("Adresse du lien"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Obligatoire pour un lien utile, facultative sinon. Par exemple : https://www.exemple.be/outil"),
    )

    contributor_name = name_field()
    contributor_email = email_field(
        _("Pour vous envoyer un accusé de réception et vous tenir informé·e. Elle ne sera jamais publiée.")
    )
    organisation = organisation_field(_("Organisation"), required=False)
    role = OneLineField(
        label=_("Fonction"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    consent_licence = forms.BooleanField(
        label=_(
            "J'accepte que ces documents soient partagés sur la Plateforme sous licence "
            "CC BY-NC-SA 4.0 (attribution, pas d'utilisation commerciale, partage dans les mêmes conditions) "
            "et je confirme avoir le droit de les partager."
        ),
        error_messages={"required": _("Votre accord de partage est nécessaire pour publier votre contribution.")},
    )
    consent_personal_data = forms.BooleanField(
        label="",
        error_messages={"required": _("Votre accord est nécessaire pour que nous puissions traiter votre envoi.")},
    )

    def __init__(self, *args, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemePage.objects.live().public().order_by("path")
        self.fields["dossier_year"].choices = year_choices()
        self.fields["consent_personal_data"].label = consent_label(privacy_url)
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "count": settings.CONTRIBUTION_MAX_FILES,
            "size": settings.CONTRIBUTION_MAX_FILE_SIZE // (1024 * 1024),
            "total": settings.CONTRIBUTION_MAX_TOTAL_SIZE // (1024 * 1024),
            "formats": ACCEPTED_FORMATS,
        }
        self.use_plain_required_message()
        self.describe_fields()

    def clean(self):
        cleaned_data = super().clean()  # raises on a robot's submission: nothing below runs
        kind = cleaned_data.get("kind")
        files = cleaned_data.get("files") or []
        url = cleaned_data.get("url")
        # Refused files are reported on their own: no « a file or a URL » message on top of them.
        files_sent = bool(files) or "files" in self.errors

        centre, new_name = cleaned_data.get("centre"), cleaned_data.get("new_centre_name")
        if centre and new_name:
            self.add_error(
                "new_centre_name",
                _("Choisissez un centre dans la liste ou indiquez un nouveau centre, pas les deux."),
            )
        elif new_name:
            existing = CulturalCentre.objects.filter(name__iexact=new_name).first()
            if existing:
                cleaned_data["centre"], cleaned_data["new_centre_name"] = existing, ""
            else:
                if not cleaned_data.get("new_centre_commune"):
                    self.add_error("new_centre_commune", _("Indiquez la commune du nouveau Centre culturel."))
                if not cleaned_data.get("new_centre_province"):
                    self.add_error("new_centre_province", _("Indiquez la province du nouveau Centre culturel."))

        if kind == ContributionKind.LINK and not url and "url" not in self.errors:
            self.add_error("url", _("Indiquez l'adresse du lien que vous proposez."))
        if kind == ContributionKind.RESOURCE:
            if not files_sent and not url and "url" not in self.errors:
                self.add_error("files", _("Joignez au moins un fichier ou indiquez l'adresse de la ressource."))
            if not cleaned_data.get("themes") and "themes" not in self.errors:
                self.add_error("themes", _("Choisissez au moins une thématique pour la ressource."))
        if kind == ContributionKind.DOSSIER:
            if not cleaned_data.get("centre") and not new_name:
                self.add_error("centre", _("Choisissez le Centre culturel du dossier, ou indiquez un nouveau centre."))
            if not cleaned_data.get("dossier_status"):
                self.add_error("dossier_status", _("Indiquez le statut du dossier."))
            if not cleaned_data.get("dossier_year"):
                self.add_error("dossier_year", _("Indiquez l'année de dépôt du dossier."))
            if not cleaned_data.get("access_mode"):
                self.add_error("access_mode", _("Choisissez le mode de partage du dossier."))
            elif cleaned_data["access_mode"] == AccessMode.DOWNLOAD and not files_sent:
                self.add_error(
                    "files",
                    _("Un dossier en téléchargement direct doit comporter au moins un fichier."),
                )
        return cleaned_data

    def contribution_data(self):
        """What the service stores: the whitelisted fields, with the dossier fields only for a dossier."""
        data = {name: self.cleaned_data.get(name) for name in (*CONTRIBUTION_FIELDS, "themes")}
        if data["kind"] != ContributionKind.DOSSIER:
            data.update(dossier_status="", dossier_year=None, access_mode="", contextualisation="")
        return data


class DossierRequestForm(AccessibleFormMixin, AntiAbuseFormMixin, forms.Form):
    token_salt = "pages.dossier-request-form"  # noqa: S105 — a signing salt, not a secret
    summary_labels = {"consent_personal_data": _("Données personnelles")}

    name = name_field()
    email = email_field(_("Le Centre culturel vous répondra à cette adresse."))
    centre = organisation_field(_("Votre Centre culturel ou organisation"))
    message = VisibleTextField(
        label=_("Pourquoi demandez-vous ce dossier ?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Votre contexte en quelques lignes : où en est votre propre dossier, ce qui vous intéresse."),
    )
    consent_personal_data = forms.BooleanField(
        label="",
        error_messages={
            "required": _("Votre accord est nécessaire pour que nous puissions transmettre votre demande.")
        },
    )

    def __init__(self, *args, privacy_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_personal_data"].label = format_html(
            "J'accepte que mes coordonnées et mon message soient transmis au Centre culturel qui partage ce dossier{}.",
            format_html(', comme décrit dans la page <a href="{}">Vie privée</a>', privacy_url) if privacy_url else "",
        )
        self.use_plain_required_message()
        self.describe_fields()

    def request_data(self):
        return {
            name: self.cleaned_data[name] for name in ("name", "email", "centre", "message", "consent_personal_data")
        }
