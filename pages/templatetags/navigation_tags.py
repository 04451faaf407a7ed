"""Site-wide navigation: the main menu and the breadcrumbs.

Each tag costs at most one query per render, whatever the size of the tree; the menu's entries are read once per
generation of the page cache (cms/generation_cache.py), i.e. again after every publication.
"""

from django import template
from wagtail.models import Page, Site

from cms.generation_cache import per_generation
from pages.seo import ancestors_from

register = template.Library()

# Short labels for the main menu, by slug: the pages keep their full titles (« Bibliothèque de dossiers »,
# « Liens et documentations utiles »…) everywhere else, but the seven must fit on one line (static/css/main.css).
MENU_LABELS = {
    "dossiers": "Dossiers",
    "liens": "Liens",
    "rencontres": "Rencontres",
}


def _site_root(request):
    if request is None:
        return None
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("components/main_menu.html", takes_context=True)
def main_menu(context):
    """The site root's live children flagged « show in menus », the current section marked."""
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = []
    if root is not None:
        for entry in per_generation(f"main_menu:{root.pk}", lambda: menu_entries(root, request)):
            state = ""
            if current is not None and getattr(current, "path", None):
                if current.pk == entry["pk"]:
                    state = "page"
                elif current.path.startswith(entry["path"]):
                    state = "true"
            items.append({"title": entry["title"], "url": entry["url"], "current": state})
    return {"items": items}


def menu_entries(root, request):
    """The menu's pages under `root` (a site's root): their ids, paths, labels and URLs."""
    return [
        {
            "pk": item.pk,
            "path": item.path,
            "title": MENU_LABELS.get(item.slug, item.title),
            "url": item.get_url(request),
        }
        for item in root.get_children().live().public().in_menu()
    ]


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current_title=""):
    """From the home page to `page` (or to a non-page view titled `current_title`)."""
    request = context.get("request")
    root = _site_root(request)
    page = page or context.get("page")
    trail = []
    if root is not None:
        if page is not None and isinstance(page, Page):
            ancestors = ancestors_from(page, root.depth)
            trail = [{"title": p.title, "url": p.get_url(request)} for p in ancestors]
            current_title = current_title or page.title
        else:
            trail = [{"title": root.title, "url": root.get_url(request)}]
        if trail:
            trail[0]["title"] = "Accueil"
    return {"trail": trail, "current_title": current_title}
