"""The platform's site tree, built the way the editors build it."""

from types import SimpleNamespace

from wagtail.models import Page, Site

from .pages import (
    DossierLibraryPageFactory,
    HomePageFactory,
    LinkLibraryPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
    WorkshopIndexPageFactory,
)

THEMES = [
    ("expliquer-le-decret", "Expliquer le décret"),
    ("analyse-partagee", "L'analyse partagée"),
    ("constituer-son-dossier", "Constituer son dossier"),
    ("autres", "Autres"),
]


def build_home():
    """A HomePage as the default Site's root, in place of Wagtail's "Welcome" page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.site_name = "Plateforme d'Échange et de Partage"
    site.save()
    if welcome.pk != home.pk:
        # Deleting the old root after the site points elsewhere: a Site cascades with its root page.
        welcome.delete()
    return home


def build_site_tree():
    """Home, the toolbox with its four themes, the dossier and link libraries and the rencontres index."""
    home = build_home()
    theme_index = ThemeIndexPageFactory(parent=home)
    themes = [ThemePageFactory(parent=theme_index, slug=slug, title=title) for slug, title in THEMES]
    return SimpleNamespace(
        home=home,
        theme_index=theme_index,
        themes=themes,
        theme=dict(zip([slug for slug, _title in THEMES], themes, strict=True)),
        dossier_library=DossierLibraryPageFactory(parent=home),
        link_library=LinkLibraryPageFactory(parent=home),
        workshop_index=WorkshopIndexPageFactory(parent=home),
    )
