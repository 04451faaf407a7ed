"""Every « Ajouter … » of the admin and every block name reads as French: singular, with its article, never
Wagtail's « un(e) » (pages/models/panels.py, the snippets' listings in pages/wagtail_hooks.py, pages/blocks/)."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.admin.panels import InlinePanel as WagtailInlinePanel
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

# Singular French nouns ending in -s or -x (a label's noun that ends so is read as plural otherwise).
INVARIABLE_SINGULARS = {"cours", "prix", "choix", "accès", "avis", "temps", "lieux", "fois", "texte"}
ARTICLE = r"(?:(?:une|un|le|la)\s+|l['’]\s*)"


def plural_noun(label):
    """The first word of `label` (after its article), if it reads as a plural."""
    words = re.sub(rf"^{ARTICLE}", "", str(label).strip(), flags=re.IGNORECASE).split()
    first = words[0].lower() if words else ""
    return first if first.endswith(("s", "x")) and first not in INVARIABLE_SINGULARS else ""


def add_label_problems(text):
    """What is wrong with the « Ajouter … » texts of `text` (HTML or plain)."""
    problems = ["« un(e) »"] if "un(e)" in text or "(e)" in text else []
    for found in re.findall(r"Ajouter\b[^\n<>\"]*", strip_tags(text)):
        rest = found.removeprefix("Ajouter").strip()
        if not rest or rest.startswith("ou "):  # « Ajouter ou afficher les commentaires »: a verb, not a noun
            continue
        if not re.match(rf"^{ARTICLE}\S", rest, flags=re.IGNORECASE):
            problems.append(f"« {found} » : sans article")
        elif plural_noun(rest):
            problems.append(f"« {found} » : « {plural_noun(rest)} » au pluriel")
    return problems


class TestTheChecker:
    @pytest.mark.parametrize(
        "text",
        ["Ajouter un(e) Intervenants et témoins", "Ajouter un(e) Documents", "Ajouter une photos", "Ajouter Document"],
    )
    def test_wagtails_labels_are_refused(self, text):
        assert add_label_problems(f"<button>{text}</button>")

    @pytest.mark.parametrize(
        "text", ["Ajouter un intervenant ou un témoin", "Ajouter une photo", "Ajouter un cours", "Ajouter l'avis"]
    )
    def test_french_labels_pass(self, text):
        assert add_label_problems(f"<button>{text}</button>") == []


def inline_panels(panel):
    if isinstance(panel, WagtailInlinePanel):
        yield panel
    for child in getattr(panel, "children", ()):
        yield from inline_panels(child)


def rendered_edit_form(model, user):
    """The HTML of a new page's edit form, as the admin shows it (every tab, every inline)."""
    handler = model.get_edit_handler()
    page = model()
    form = handler.get_form_class()(instance=page, for_user=user)
    request = RequestFactory().get("/admin/")
    request.user = user
    return handler.get_bound_panel(instance=page, form=form, request=request).render_html()


PAGE_MODELS = [model for model in get_page_models() if model._meta.app_label == "pages"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_add_button_of_a_page_types_edit_form_reads_as_french(model, admin_user):
    html = rendered_edit_form(model, admin_user)
    assert add_label_problems(html) == []
    for panel in inline_panels(model.get_edit_handler()):
        assert str(panel.add_label) in html


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_inline_panel_has_a_french_add_label_and_a_singular_item_label(model):
    for panel in inline_panels(model.get_edit_handler()):
        add_label = str(panel.add_label)
        assert add_label_problems(add_label) == [], panel.relation_name
        assert add_label.startswith("Ajouter "), panel.relation_name
        assert not plural_noun(str(panel.label)), panel.label


@pytest.mark.django_db
@pytest.mark.parametrize("model", get_snippet_models(), ids=lambda model: model.__name__)
def test_every_snippet_listings_add_button_reads_as_french(model, editor_client):
    response = editor_client.get(reverse(model.snippet_viewset.get_url_name("list")))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ajouter" in html
    assert add_label_problems(html) == []


def stream_blocks(block):
    for child in getattr(block, "child_blocks", {}).values():
        yield child
        yield from stream_blocks(child)
    if isinstance(block, blocks.ListBlock):
        yield block.child_block
        yield from stream_blocks(block.child_block)


STREAM_FIELDS = [
    pytest.param(model, field, id=f"{model.__name__}.{field.name}")
    for model in PAGE_MODELS
    for field in model._meta.get_fields()
    if isinstance(field, StreamField) and field.model is model
]


@pytest.mark.parametrize("model, field", STREAM_FIELDS)
def test_every_block_a_body_offers_has_a_singular_french_name(model, field):
    for block in field.stream_block.child_blocks.values():
        label = str(block.label)
        assert "(e)" not in label and not plural_noun(label), f"{model.__name__}.{field.name}: « {label} »"
    for block in stream_blocks(field.stream_block):
        assert "(e)" not in str(block.label), block.label
