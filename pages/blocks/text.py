from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from pages.api.shapes import string, with_properties
from pages.blocks.plain_text import text_for_indexing

# What an editor needs and nothing that breaks the site's look: no h1 (the page title is the h1),
# no colours, no raw HTML, no embeds inside paragraphs.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingValue(blocks.StructValue):
    def anchor(self):
        return slugify(self.get("text") or "")


class IndexedRichTextBlock(blocks.RichTextBlock):
    """A `RichTextBlock` whose words the search reads with `text_for_indexing` (the same text as Wagtail's, faster)."""

    def get_searchable_content(self, value):
        return [text_for_indexing(str(value.source))] if self.search_index else []


class FixedChoiceBlock(blocks.ChoiceBlock):
    """A `ChoiceBlock` of fixed choices whose stored value is read in one dictionary lookup.

    Wagtail's `ChoiceBlock` reads a stored value by comparing it with every choice of its form field, and that field
    builds its choices list again on each read (a callable that adds the blank choice): the headings' level was a
    quarter of the time spent reading pages' bodies (the search's rebuild, the API, rendering)."""

    @cached_property
    def _keys(self):
        keys = {}
        for key, label in self.field.choices:
            for subkey, _sublabel in label if isinstance(label, (list, tuple)) else [(key, label)]:
                keys.setdefault(force_str(subkey), subkey)
        return keys

    def normalize_choice(self, value):
        if value is None:
            return None
        return self._keys.get(force_str(value), value)


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        label=_("Titre"), max_length=200, help_text=_("Court et parlant : il sert de repère dans la page.")
    )
    level = FixedChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (H2)")), ("h3", _("Sous-titre (H3)")), ("h4", _("Intertitre (H4)"))],
        default="h2",
        help_text=_("Utilisez H2 pour les grandes sections, H3 et H4 à l'intérieur d'une section."),
        search_index=False,  # a layout choice, not words of the page (« Titre de section (H2) » was searched)
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "blocks/heading_block.html"
        value_class = HeadingValue
        description = _("Un titre qui découpe la page en sections, pour s'y retrouver d'un coup d'œil.")
        preview_value = {"text": "Ce que les participants en retiennent", "level": "h2"}

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context)
        data["anchor"] = value.anchor()
        return data

    def api_schema(self, base):
        return with_properties(base, anchor=string(description="Ancre de l'intertitre dans la page (#…)."))


class TestimonyBlock(blocks.StructBlock):
    """A testimony from the field: who said what, from which centre."""

    quote = blocks.TextBlock(label=_("Témoignage"), help_text=_("Les mots de la personne, sans guillemets."))
    person = blocks.CharBlock(
        label=_("Nom de la personne"), max_length=120, help_text=_("Prénom et nom, avec l'accord de la personne.")
    )
    role = blocks.CharBlock(
        label=_("Fonction"), max_length=120, required=False, help_text=_("Par ex. « Directrice », « Animateur ».")
    )
    centre = blocks.CharBlock(
        label=_("Centre culturel ou organisation"),
        max_length=160,
        required=False,
        help_text=_("Par ex. « Centre culturel de Rochefort »."),
    )

    class Meta:
        icon = "openquote"
        label = _("Témoignage")
        template = "blocks/testimony_block.html"
        description = _("Les mots d'une personne de terrain, mis en valeur, avec son nom et son centre.")
        preview_value = {
            "quote": "L'analyse partagée nous a obligés à sortir de nos murs et à écouter les habitants autrement.",
            "person": "Marie Lambert",
            "role": "Animatrice",
            "centre": "Centre culturel de Rochefort",
        }


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Titre"), max_length=120, default="À retenir", help_text=_("Par ex. « À retenir », « En bref ».")
    )
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point"), max_length=300, help_text=_("Une idée par point, en une phrase.")),
        label=_("Points clés"),
        min_num=1,
    )

    class Meta:
        icon = "list-ul"
        label = _("Encadré de points clés")
        template = "blocks/key_points_block.html"
        description = _("Un encadré qui résume l'essentiel en quelques points, pour le lecteur pressé.")
        preview_value = {
            "title": "À retenir",
            "points": [
                "Associer les habitants dès le diagnostic du territoire.",
                "Garder une trace écrite de chaque rencontre.",
                "Partager le dossier avec les autres centres.",
            ],
        }
