"""Routing a URL from the site's root in two queries, whatever its depth.

Wagtail's `Page.route` goes down the tree one level at a time: a query for the child with the next slug, then
one for its specific page, at every level (six queries for a resource). `route` reads every page of the path
at once, by `url_path`, then calls Wagtail's routing exactly as it would have been called: each page of the path
whose type routes its own way (a RoutablePage, a form page) is given the rest of the path, and the last page
routes itself (`live` checked, or its own sub-routes). Only the specific page of that last page is read, with the
relations its type declares in `detail_select_related` (its listing image, a dossier's centre) and the values of its
`detail_annotations()` (whether it has attached documents), and it keeps its ancestors (the breadcrumbs read them).
"""

from django.http import Http404
from wagtail.models import Page

# Deeper paths go level by level, as Wagtail does (stopping at the first unknown slug): the one query would list every
# prefix of the path, and a hostile path can hold thousands of components.
MAX_COMPONENTS = 12


def routes_like_a_page(page):
    """True when `page`'s type leaves routing to Wagtail's `Page.route` (the only routing `route` skips)."""
    model = page.specific_class
    return model is not None and model.route is Page.route


def route(root, request, path_components):
    """What `root.route(request, path_components)` answers with Wagtail's `Page.route` (see the module)."""
    if len(path_components) > MAX_COMPONENTS:
        return Page.route(root, request, path_components)
    prefix = root.url_path
    url_paths = [prefix + "/".join(path_components[: index + 1]) + "/" for index in range(len(path_components))]
    # By slug too: `url_path` has no index (a scan of every page: 8 ms at 12,600 pages, growing with the site), the
    # slug has Wagtail's; each page of the path has its component as slug.
    pages = Page.objects.filter(
        slug__in=set(path_components), url_path__in=url_paths, path__startswith=root.path, depth__gt=root.depth
    )
    found = {page.url_path: page for page in pages}
    parent, ancestors = root, [root]
    for index, url_path in enumerate(url_paths):
        page = found.get(url_path)
        if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            raise Http404
        page._cached_parent_obj = parent
        remaining = path_components[index + 1 :]
        if not remaining or not routes_like_a_page(page):
            specific = specific_page(page)
            specific._cached_parent_obj = parent
            # Its ancestors from the site's root, for the breadcrumbs and their JSON-LD (pages/seo.py).
            specific.__dict__["_ancestors_from"] = {root.depth: ancestors}
            return specific.route(request, remaining)
        parent = page
        ancestors = [*ancestors, page]
    raise Http404


def specific_page(page):
    """`page.specific`, with the relations its detail shows first (its type's `detail_select_related`) joined."""
    model = page.specific_class
    related = getattr(model, "detail_select_related", ())
    if model is None or not related:
        return page.specific
    pages = model._default_manager.select_related(*related)
    annotations = model.detail_annotations() if hasattr(model, "detail_annotations") else {}
    specific = (pages.annotate(**annotations) if annotations else pages).filter(pk=page.pk).first()
    if specific is None:  # deleted meanwhile
        raise Http404
    return specific
