from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from pages.models import CulturalCentre, LinkCategory


class CulturalCentreViewSet(SnippetViewSet):
    model = CulturalCentre
    icon = "site"
    menu_label = _("Centres culturels")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "commune", "province"]
    list_filter = ["province"]
    search_fields = ["name", "commune"]


class LinkCategoryViewSet(SnippetViewSet):
    model = LinkCategory
    icon = "tag"
    menu_label = _("Catégories de liens")
    list_display = ["name", "sort_order"]


register_snippet(CulturalCentreViewSet)
register_snippet(LinkCategoryViewSet)
