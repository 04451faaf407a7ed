"""« Téléchargements » in the admin: the most downloaded documents and dossiers, and for each document or dossier
its downloads day by day over a chosen period (a chart and its table). The counts are pages/downloads.py's."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from pages import downloads
from pages.models import DossierPage, PlatformDocument
from search.admin_views import PeriodForm, chart, long_date, preset_links

REPORT_DAYS = 30
REPORT_LIMIT = 50


def can_view_reports(user):
    """Everyone who edits in the admin (editors, moderators): the counts hold nothing personal."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class AdminOnlyMixin(WagtailAdminTemplateMixin):
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class DownloadsReportView(AdminOnlyMixin, TemplateView):
    template_name = "pages/admin/downloads.html"
    page_title = _("Téléchargements")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        since = downloads.today() - datetime.timedelta(days=REPORT_DAYS - 1)
        return {
            **super().get_context_data(**kwargs),
            "documents": downloads.most_downloaded(REPORT_LIMIT, since=since, user=self.request.user),
            "dossiers": downloads.dossiers_downloads(REPORT_LIMIT),
            "report_days": REPORT_DAYS,
        }


class DownloadsDetailView(AdminOnlyMixin, TemplateView):
    """The downloads of one document, or of a dossier's documents added up, day by day."""

    template_name = "pages/admin/downloads_detail.html"

    def subject(self):
        raise NotImplementedError

    def get_page_title(self):
        return _("Téléchargements : %(title)s") % {"title": self.subject()[0]}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("downloads_report"), "label": _("Téléchargements")},
            {"url": "", "label": self.subject()[0]},
        ]

    def get_context_data(self, **kwargs):
        title, document_ids, edit_url = self.subject()
        form = PeriodForm(self.request.GET or None)
        start, end = form.period()
        if not form.is_bound or form.is_valid():
            form = PeriodForm(initial={"debut": start, "fin": end})
        days = downloads.daily_counts(document_ids, start, end)
        period_total = sum(day["downloads"] for day in days)
        return {
            **super().get_context_data(**kwargs),
            "subject_title": title,
            "edit_url": edit_url,
            "form": form,
            "start": start,
            "end": end,
            "presets": preset_links(self.request.path, start, end),
            "days": days,
            "period_total": period_total,
            "total": downloads.total_downloads(document_ids),
            "chart": chart(days, value="downloads", part=None),
            "chart_title": f"Téléchargements par jour du {long_date(start)} au {long_date(end)}",
            "chart_description": (
                f"Histogramme : {period_total} téléchargement{'s' if period_total > 1 else ''} sur la période. Les "
                "données détaillées sont dans le tableau qui suit."
            ),
        }


class DocumentDownloadsView(DownloadsDetailView):
    def dispatch(self, request, *args, **kwargs):
        # A document of a restricted collection: only for who may edit it (its title is not every editor's).
        document = get_object_or_404(PlatformDocument, pk=kwargs["pk"])
        if request.user.is_authenticated and not downloads.document_permissions().user_has_permission_for_instance(
            request.user, "change", document
        ):
            return permission_denied(request)
        self.document = document
        return super().dispatch(request, *args, **kwargs)

    def subject(self):
        document = self.document
        return document.title, [document.pk], reverse("wagtaildocs:edit", args=[document.pk])


class DossierDownloadsView(DownloadsDetailView):
    def subject(self):
        dossier = get_object_or_404(DossierPage, pk=self.kwargs["pk"])
        return (
            dossier.title,
            downloads.dossier_document_ids(dossier),
            reverse("wagtailadmin_pages:edit", args=[dossier.pk]),
        )


class MostDownloadedPanel(Component):
    """Dashboard panel « Les plus téléchargés »: the ten most downloaded documents, with the last 30 days."""

    name = "most_downloaded"
    template_name = "pages/admin/most_downloaded_panel.html"
    order = 80
    shown = 10

    def get_context_data(self, parent_context):
        since = downloads.today() - datetime.timedelta(days=REPORT_DAYS - 1)
        return {
            "documents": downloads.most_downloaded(self.shown, since=since, user=parent_context["request"].user),
            "report_url": reverse("downloads_report"),
            "report_days": REPORT_DAYS,
        }
