"""Search in the admin: « Statistiques de recherche » in the Reports menu, the dashboard panel of the week's
searches that found nothing, and French names for editors' picks."""

import datetime

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from search import analytics
from search.admin_views import SearchStatisticsView, can_view_statistics


@hooks.register("register_admin_urls")
def register_search_statistics_url():
    return [path("statistiques-recherche/", SearchStatisticsView.as_view(), name="search_statistics")]


class SearchStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_statistics(request.user)


@hooks.register("register_reports_menu_item")
def register_search_statistics_menu_item():
    return SearchStatisticsMenuItem(
        _("Statistiques de recherche"),
        reverse("search_statistics"),
        name="search-statistics",
        icon_name="search",
        order=1250,
    )


@hooks.register("register_permissions")
def register_search_statistics_permission():
    """Lets administrators give a group the right to read the statistics (Paramètres → Groupes)."""
    return Permission.objects.filter(content_type__app_label="platform_search", codename="view_searchquerystat")


@hooks.register("construct_settings_menu")
def name_search_promotions_in_french(request, menu_items):
    # Wagtail's French calls them « Résultats de recherche améliorés »; the team says « Promotions de recherche ».
    for item in menu_items:
        if item.name == "promoted-search-results":
            item.label = _("Promotions de recherche")


@hooks.register("construct_reports_menu")
def hide_unused_search_terms_report(request, menu_items):
    # search_promotions' « Termes de recherche » counts hits that this site never records
    # (no Query.add_hit): « Statistiques de recherche » replaces it.
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


class ZeroResultSearchesPanel(Component):
    """Dashboard panel « Recherches sans résultat cette semaine »: what visitors looked for in the last 7 days
    and did not find, a hint of the content to write; links to the statistics of the same week."""

    name = "zero_result_searches"
    template_name = "search/admin/zero_result_searches_panel.html"
    order = 70
    days = 7
    shown = 10

    def get_context_data(self, parent_context):
        end = analytics.today()
        start = end - datetime.timedelta(days=self.days - 1)
        return {
            "queries": analytics.zero_result_queries(start, end, limit=self.shown),
            "statistics_url": f"{reverse('search_statistics')}?jours={self.days}",
        }


@hooks.register("construct_homepage_panels")
def add_zero_result_searches_panel(request, panels):
    if can_view_statistics(request.user):
        panels.append(ZeroResultSearchesPanel())
