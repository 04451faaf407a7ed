"""What the listing pages show: querysets, filters and pagination, with a fixed number of queries.

Plain functions called from the page models' `get_context`; templates only display their results. Each one
declares the query parameters it read to the page cache (its filter form's fields and the page number, as
they were accepted): any other query string is served but never stored (cms/page_cache_keys.py).
"""

import datetime

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.utils import timezone

from cms import page_cache_keys
from cms.generation_cache import per_generation
from pages import renditions

RESOURCES_PER_PAGE = 12
DOSSIERS_PER_PAGE = 12
LINKS_PER_PAGE = 30
WORKSHOPS_PER_PAGE = 9
KEYWORD_PAGES_PER_PAGE = 12


def _model(name):
    """A page model of this app: the page models call these functions from their `get_context`, so this module
    reads them from the app registry rather than importing pages.models (which imports it)."""
    return apps.get_model("pages", name)


def paginate(request, items, per_page):
    """The requested page; a missing, malformed or out-of-range number gives the first or last page.

    Declares the page number shown: `?page=x` or `?page=999` show another page than they ask, and are not stored.
    """
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    page_cache_keys.declare_query(request, page_cache_keys.page_parameters(request, page))
    return page


def filter_form(form_class, request, **kwargs):
    """The listing's filter form bound to the query, its fields declared as the form read them."""
    form = form_class(request.GET, **kwargs)
    page_cache_keys.declare_query(request, page_cache_keys.form_parameters(form))
    return form


def with_card_images(pages):
    """The pages (a list, or a page of a paginator) with their card's image (`card_image()`: the listing image, or
    the type's fallback) and its "card" renditions: one query for all the cards (none while no card has an image)."""
    pages = list(pages)
    wanted = {page.pk: page.card_image_id() for page in pages}
    images = renditions.images_with_renditions(wanted.values(), "card")
    for page in pages:
        page.set_card_image(images.get(wanted[page.pk]))
    return pages


def resources_in_theme(theme):
    is_secondary = Exists(
        _model("ResourcePage").secondary_themes.through.objects.filter(resourcepage=OuterRef("pk"), themepage=theme.pk)
    )
    return _model("ResourcePage").objects.live().public().filter(Q(path__startswith=theme.path) | Q(is_secondary))


def themes_by_path():
    """{path: ThemePage} of every theme: read once per generation of the page cache (cms/generation_cache.py)."""
    return per_generation("themes_by_path", lambda: {theme.path: theme for theme in _model("ThemePage").objects.all()})


def attach_primary_themes(resources):
    """Set `primary_theme` on each resource (the theme it is filed under), whatever the number of resources:
    no query while the generation's themes are known, one otherwise."""
    resources = list(resources)
    themes = themes_by_path() if resources else {}
    for resource in resources:
        resource.primary_theme = themes.get(resource.path[: -_model("ResourcePage").steplen])
    return resources


def themes_with_counts(theme_index):
    """The toolbox's themes, each with the number of resources listed under it."""
    own = (
        _model("ResourcePage")
        .objects.live()
        .public()
        .filter(path__startswith=OuterRef("path"))
        .order_by()
        .values("live")
        .annotate(n=Count("pk"))
        .values("n")
    )
    secondary_only = (
        _model("ResourcePage")
        .objects.live()
        .public()
        .filter(secondary_themes=OuterRef("pk"))
        .exclude(path__startswith=OuterRef("path"))
        .order_by()
        .values("live")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        _model("ThemePage")
        .objects.child_of(theme_index)
        .live()
        .public()
        .annotate(
            own_count=Subquery(own, output_field=IntegerField()),
            secondary_count=Subquery(secondary_only, output_field=IntegerField()),
        )
        .order_by("path")
    )


def keyword_listing(request, slug, root):
    """The live, public resources under `root` (the site's root) tagged with the keyword `slug`, newest first.

    None when no such page exists (an unknown keyword, or one only drafts or private pages carry): the caller
    answers 404, so that the keyword's existence does not leak.
    """
    tag = apps.get_model("taggit", "Tag").objects.filter(slug=slug).first()
    if tag is None:
        return None
    resources = (
        _model("ResourcePage")
        .objects.descendant_of(root)
        .live()
        .public()
        .filter(tagged_items__tag=tag)
        .order_by("-date", "title")
    )
    page = paginate(request, resources, KEYWORD_PAGES_PER_PAGE)
    if not page.paginator.count:
        return None
    page.object_list = attach_primary_themes(page.object_list)
    return {"keyword": tag, "resources": page}


def theme_listing(theme, request):
    from pages.forms import ResourceFilterForm  # pages.forms imports pages.models, which import this module

    form = filter_form(ResourceFilterForm, request)
    resources = resources_in_theme(theme)
    if form.is_valid() and form.cleaned_data["type"]:
        resources = resources.filter(resource_type=form.cleaned_data["type"])
    page = paginate(request, resources.order_by("-date", "title"), RESOURCES_PER_PAGE)
    page.object_list = attach_primary_themes(page.object_list)
    return {"filter_form": form, "resources": page}


def dossier_listing(library, request):
    from pages.forms import DossierFilterForm  # pages.forms imports pages.models, which import this module

    dossiers = _model("DossierPage").objects.child_of(library).live().public()
    years = dossiers.order_by("-submission_year").values_list("submission_year", flat=True).distinct()
    form = filter_form(DossierFilterForm, request, years=list(years))
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            dossiers = dossiers.filter(status=data["status"])
        if data["year"]:
            dossiers = dossiers.filter(submission_year=data["year"])
        if data["province"]:
            dossiers = dossiers.filter(centre__province=data["province"])
        if data["access"]:
            dossiers = dossiers.filter(access_mode=data["access"])
    dossiers = dossiers.select_related("centre").order_by("-submission_year", "centre__name")
    return {"filter_form": form, "dossiers": paginate(request, dossiers, DOSSIERS_PER_PAGE)}


def link_listing(library, request):
    from pages.forms import LinkFilterForm  # pages.forms imports pages.models, which import this module

    form = filter_form(LinkFilterForm, request)
    links = _model("LinkPage").objects.child_of(library).live().public()
    if form.is_valid():
        if form.cleaned_data["category"]:
            links = links.filter(category=form.cleaned_data["category"])
        if form.cleaned_data["theme"]:
            links = links.filter(themes=form.cleaned_data["theme"])
    links = links.select_related("category", "document").order_by("category__sort_order", "category__name", "title")
    return {"filter_form": form, "links": paginate(request, links, LINKS_PER_PAGE)}


def past_workshop_choices(index, today):
    """{"years": the years of the past rencontres under `index`, newest first; "themes": their live themes, in
    tree order}. Read once per generation of the page cache and per day (a rencontre becomes past at midnight)."""

    def compute():
        past = _model("WorkshopReportPage").objects.child_of(index).live().public().filter(date__lt=today)
        pairs = set(past.order_by().values_list("date__year", "themes").distinct())
        return sorted({year for year, _ in pairs}, reverse=True), {theme for _, theme in pairs if theme is not None}

    years, theme_ids = per_generation(f"past_workshop_choices:{index.pk}:{today.isoformat()}", compute)
    themes = [theme for _, theme in sorted(themes_by_path().items()) if theme.pk in theme_ids and theme.live]
    return {"years": years, "themes": themes}


def workshop_listing(index, request):
    """The upcoming rencontres, then the past ones, filtered by theme and year (`WorkshopFilterForm`): a value
    that is not one of the choices is refused in French and the past rencontres are all listed."""
    from pages.forms import WorkshopFilterForm  # pages.forms imports pages.models, which import this module

    today = timezone.localdate()
    model = _model("WorkshopReportPage")
    workshops = model.objects.child_of(index).live().public()
    upcoming = workshops.filter(date__gte=today).order_by("date")  # announcements: no image
    past = workshops.filter(date__lt=today).order_by("-date")
    choices = past_workshop_choices(index, today)
    form = filter_form(WorkshopFilterForm, request, **choices)
    if form.is_valid():
        if form.cleaned_data["theme"]:
            past = past.filter(themes=form.cleaned_data["theme"])
        if year := form.cleaned_data["year"]:
            past = past.filter(date__gte=datetime.date(year, 1, 1), date__lt=datetime.date(year + 1, 1, 1))
    past = paginate(request, model.for_cards(past), WORKSHOPS_PER_PAGE)
    past.object_list = with_card_images(past.object_list)
    return {
        "upcoming": list(upcoming),
        "past": past,
        "filter_form": form,
        "show_filters": bool(choices["years"]) or bool(form.errors),
    }


def home_sections(home):
    today = timezone.localdate()
    model = _model("WorkshopReportPage")
    workshops = model.objects.descendant_of(home).live().public()
    upcoming = list(workshops.filter(date__gte=today).order_by("date")[:3])
    resources = _model("ResourcePage").objects.descendant_of(home).live().public().order_by("-date", "-pk")[:6]
    return {
        "themes": _model("ThemePage").objects.descendant_of(home).live().public().order_by("path"),
        "latest_resources": attach_primary_themes(resources),
        "latest_dossiers": _model("DossierPage")
        .objects.descendant_of(home)
        .live()
        .public()
        .select_related("centre")
        .order_by("-first_published_at")[:4],
        "upcoming_workshops": upcoming,
        "past_workshops": []
        if upcoming
        else with_card_images(model.for_cards(workshops.filter(date__lt=today).order_by("-date"))[:3]),
    }
