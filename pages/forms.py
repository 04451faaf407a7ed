"""Filter forms of the public listings. Their cleaned data, never raw GET values, reach querysets."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import AccessMode, DossierStatus, LinkCategory, Province, ResourceType, ThemePage

ALL = [("", _("Tous"))]


class ResourceFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type de ressource"), required=False, choices=ALL + ResourceType.choices)

    def clean_type(self):
        return self.cleaned_data["type"] or None


class DossierFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False, choices=ALL + DossierStatus.choices)
    year = forms.TypedChoiceField(label=_("Année de dépôt"), required=False, coerce=int, empty_value=None)
    province = forms.ChoiceField(
        label=_("Province / Région"), required=False, choices=[("", _("Toutes"))] + Province.choices
    )
    access = forms.ChoiceField(label=_("Mode d'accès"), required=False, choices=ALL + AccessMode.choices)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Toutes"))] + [(str(year), str(year)) for year in years]


class LinkFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Catégorie"),
        required=False,
        queryset=LinkCategory.objects.all(),
        to_field_name="slug",
        empty_label=_("Toutes"),
    )
    theme = forms.ModelChoiceField(
        label=_("Thématique"),
        required=False,
        queryset=ThemePage.objects.live().order_by("path"),
        to_field_name="slug",
        empty_label=_("Toutes"),
    )


class WorkshopFilterForm(forms.Form):
    """The past rencontres by theme and year: only the themes and years that past rencontres have are offered."""

    theme = forms.ChoiceField(label=_("Thématique"), required=False)
    year = forms.TypedChoiceField(label=_("Année"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, themes=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {theme.slug: theme for theme in themes}
        self.fields["theme"].choices = [("", _("Toutes"))] + [(theme.slug, theme.title) for theme in themes]
        self.fields["year"].choices = [("", _("Toutes"))] + [(str(year), str(year)) for year in years]

    def clean_theme(self):
        return self.themes.get(self.cleaned_data["theme"])
