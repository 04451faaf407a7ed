"""« Liens à vérifier » in the admin: the broken and redirected links the last check found (pages/link_checker.py),
each with the pages that hold it; and the dashboard's count of them."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from pages.downloads_admin import AdminOnlyMixin
from pages.models import LinkCheck, LinkState

SHOWN = 200


def problem_counts():
    return LinkCheck.objects.aggregate(
        broken=Count("pk", filter=Q(state=LinkState.BROKEN)),
        redirected=Count("pk", filter=Q(state=LinkState.REDIRECTED)),
        checked=Count("pk"),
    )


class LinkChecksReportView(AdminOnlyMixin, TemplateView):
    template_name = "pages/admin/link_checks.html"
    page_title = _("Liens à vérifier")
    header_icon = "link"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        problems = list(
            LinkCheck.objects.exclude(state=LinkState.OK).order_by("-state", "first_failure_at", "url")[:SHOWN]
        )
        page_ids = {pk for check in problems for pk in check.page_ids}
        pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).only("pk", "title")}
        rows = [(check, [pages[pk] for pk in check.page_ids if pk in pages]) for check in problems]
        return {
            **super().get_context_data(**kwargs),
            "broken": [row for row in rows if row[0].state == LinkState.BROKEN],
            "redirected": [row for row in rows if row[0].state == LinkState.REDIRECTED],
            "counts": problem_counts(),
            "last_check": LinkCheck.objects.order_by("-checked_at").values_list("checked_at", flat=True).first(),
        }


class LinkChecksPanel(Component):
    """Dashboard panel « Liens à vérifier »: how many links are broken or redirected, and where to see them."""

    name = "link_checks"
    template_name = "pages/admin/link_checks_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        return {"counts": problem_counts(), "report_url": reverse("link_checks_report")}
