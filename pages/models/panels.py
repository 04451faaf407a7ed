"""Admin panels whose texts read as French: Wagtail's InlinePanel writes « Ajouter un(e) %(label)s » (its French
catalogue cannot know the noun's gender, nor whether the label is plural)."""

from django.core.exceptions import ImproperlyConfigured
from wagtail.admin.panels import InlinePanel as WagtailInlinePanel


def add_label_of(model):
    """A model's « Ajouter … » text: its `add_label`, the article and the singular noun written out (« Ajouter une
    photo »), since neither the gender nor the article can be derived from `verbose_name`."""
    add_label = getattr(model, "add_label", "")
    if not add_label:
        raise ImproperlyConfigured(
            f"{model.__name__} needs an `add_label` (e.g. « Ajouter un document ») for its admin's add button."
        )
    return add_label


class InlinePanel(WagtailInlinePanel):
    """Wagtail's InlinePanel, with a French add button: the related model's `add_label` (or the panel's own
    `add_label`). `heading` is the panel's title (« Intervenants et témoins »); `label`, each item's heading, is the
    related model's singular `verbose_name` unless given."""

    def __init__(self, relation_name, *args, add_label="", **kwargs):
        super().__init__(relation_name, *args, **kwargs)
        self.add_label = add_label

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "add_label": self.add_label}

    def on_model_bound(self):
        super().on_model_bound()
        if not self.add_label:
            self.add_label = add_label_of(self.db_field.related_model)

    class BoundPanel(WagtailInlinePanel.BoundPanel):
        template_name = "wagtailadmin/panels/french_inline_panel.html"
