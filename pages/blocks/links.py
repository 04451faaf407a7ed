from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from pages.api.shapes import nullable, string, struct


class CallToActionValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        if page:
            return page.url
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation with one button, towards a page of the site or another address."""

    title = blocks.CharBlock(label=_("Titre"), max_length=120, help_text=_("Par ex. « Partagez votre dossier »."))
    text = blocks.TextBlock(
        label=_("Texte"), required=False, max_length=400, help_text=_("Une ou deux phrases qui donnent envie.")
    )
    button_label = blocks.CharBlock(
        label=_("Texte du bouton"), max_length=60, help_text=_("Un verbe d'action, par ex. « Contribuer ».")
    )
    page = blocks.PageChooserBlock(
        label=_("Page du site"), required=False, help_text=_("La page où mène le bouton (ou une adresse externe).")
    )
    external_url = blocks.URLBlock(
        label=_("Ou adresse externe"),
        required=False,
        help_text=_("Seulement si le bouton mène vers un autre site."),
        search_index=False,  # an address, not words of the page
    )

    def clean(self, value):
        value = super().clean(value)
        has_page, has_url = bool(value.get("page")), bool(value.get("external_url"))
        if has_page == has_url:
            message = _("Choisissez soit une page du site, soit une adresse externe (une seule des deux).")
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(message), "external_url": ValidationError(message)}
            )
        return value

    class Meta:
        icon = "link"
        label = _("Appel à l'action")
        template = "blocks/call_to_action_block.html"
        value_class = CallToActionValue
        description = _("Un encadré avec un bouton qui invite à agir : contribuer, s'inscrire, lire la suite.")
        preview_value = {
            "title": "Partagez votre dossier de reconnaissance",
            "text": "D'autres centres apprendront de votre expérience.",
            "button_label": "Contribuer",
            "external_url": "https://www.astrac.be/",
        }

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        unpublished = page is not None and not page.live  # no address, no id of a draft page
        if page is None:
            url = value.get("external_url") or ""
        else:  # absolute, on the Wagtail Site, as every URL of the API
            url = "" if unpublished else page.get_full_url((context or {}).get("request")) or ""
        return {
            "title": value.get("title") or "",
            "text": value.get("text") or "",
            "button_label": value.get("button_label") or "",
            "url": url,
            "page": page.pk if page is not None and not unpublished else None,
        }

    def api_schema(self, base):
        return struct(
            title=string(),
            text=string(),
            button_label=string(),
            url=string(description="Adresse absolue de la page ou du lien ; vide pour une page non publiée."),
            page=nullable({"type": "integer", "description": "Identifiant de la page liée, si elle est publiée."}),
        )
