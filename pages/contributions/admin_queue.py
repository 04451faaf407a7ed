"""The moderation queue and the dossier requests in Wagtail's admin (wagtail-modeladmin), and their dashboard panels.

Registered by pages/contributions/wagtail_hooks.py. Seen by moderators and administrators only
(pages.view_contribution / pages.change_contribution, given to the « Modérateurs » group by migration 0003); editors
do not see them. Nobody creates, edits or deletes them here: a contribution changes only through the Accept / Refuse /
Spam actions (pages/contributions/admin.py).
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import InspectView

from pages.contributions.admin import (
    RefusalForm,
    accept,
    can_moderate,
    download_file,
    isolated,
    refuse,
    spam,
)
from pages.contributions.services import CONTRIBUTION_FIELDS
from pages.models import Contribution, ContributionStatus, DossierRequest


class ReadOnlyPermissionHelper(PermissionHelper):
    """List and inspect with the view (or change) permission; never create, edit or delete from the admin."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def french_datetime(value):
    """A date and time as a French reader expects it: « 07/12/2026 14:05 », local time."""
    return date_format(localtime(value), "d/m/Y H:i")


class FrenchInspectView(InspectView):
    """Yes/no and dates as a French reader expects them, rather than True/False and ISO timestamps; texts that
    came from outside isolated in `<bdi>` (a right-to-left or bidi character cannot turn the page around)."""

    def get_field_display_value(self, field_name, field=None):
        value = getattr(self.instance, field_name, None)
        if isinstance(value, bool):
            return _("Oui") if value else _("Non")
        if hasattr(value, "tzinfo") and hasattr(value, "hour"):
            return french_datetime(value)
        return isolated(super().get_field_display_value(field_name, field))

    def get_page_subtitle(self):
        return isolated(self.instance)


class ContributionInspectView(FrenchInspectView):
    def get_fields_dict(self):
        # A resource has no dossier fields, a processed contribution no pending mail: show what was filled in.
        return [
            self.get_dict_for_field(name)
            for name in self.model_admin.get_inspect_view_fields()
            if self._is_filled(getattr(self.instance, name, None))
        ]

    @staticmethod
    def _is_filled(value):
        if hasattr(value, "exists"):  # a related manager
            return value.exists()
        return value is not None and value != ""

    def get_context_data(self, **kwargs):
        contribution = self.instance
        context = super().get_context_data(**kwargs)
        context.update(
            contribution=contribution,
            files=contribution.files.select_related("document").order_by("pk"),
            can_moderate=can_moderate(self.request.user),
            is_pending=contribution.status == ContributionStatus.PENDING,
            refusal_form=RefusalForm(),
            page=contribution.page.specific if contribution.page_id else None,
        )
        return context


class ReceivedAdmin(ModelAdmin):
    """What visitors sent, newest first: listed and inspected in French, never created, edited or deleted here."""

    inspect_view_enabled = True
    inspect_view_class = FrenchInspectView
    history_view_enabled = False
    permission_helper_class = ReadOnlyPermissionHelper
    ordering = ["-created_at"]

    @admin.display(description=_("Reçue le"), ordering="created_at")
    def received(self, obj):
        return french_datetime(obj.created_at)


class ContributionAdmin(ReceivedAdmin):
    model = Contribution
    base_url_path = "contributions"
    menu_label = _("File de modération")
    menu_icon = "tasks"
    inspect_view_class = ContributionInspectView
    list_display = (
        "title_display",
        "kind",
        "centre_display",
        "contributor_display",
        "status",
        "received",
        "file_count",
    )
    list_filter = ("kind", "status", "created_at", "themes")
    search_fields = (
        "title",
        "description",
        "contributor_name",
        "contributor_email",
        "organisation",
        "centre__name",
        "new_centre_name",
    )
    inspect_view_fields = [
        "kind",
        "status",
        "title",
        "description",
        "themes",
        # Then what the contributor filled in, in the form's order (the service's whitelist).
        *(name for name in CONTRIBUTION_FIELDS if name not in ("kind", "title", "description")),
        "created_at",
        "processed_at",
        "processed_by",
        "refusal_reason",
        "acknowledgement_sent_at",
        "acknowledgement_withheld_at",
        "notification_sent_at",
        "notification_deferred_at",
        "personal_data_erased_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("centre").annotate(number_of_files=Count("files"))

    @admin.display(description=Contribution._meta.get_field("title").verbose_name, ordering="title")
    def title_display(self, obj):
        return isolated(obj.title)

    @admin.display(description=_("Centre culturel"), ordering="centre__name")
    def centre_display(self, obj):
        return isolated(obj.centre_label) if obj.centre_label else "—"

    @admin.display(
        description=Contribution._meta.get_field("contributor_name").verbose_name, ordering="contributor_name"
    )
    def contributor_display(self, obj):
        return isolated(obj.contributor_name)

    @admin.display(description=_("Fichiers"), ordering="number_of_files")
    def file_count(self, obj):
        return obj.number_of_files

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            path("contributions/<int:pk>/accepter/", accept, name="contribution_accept"),
            path("contributions/<int:pk>/refuser/", refuse, name="contribution_refuse"),
            path("contributions/<int:pk>/indesirable/", spam, name="contribution_spam"),
            path("contributions/fichiers/<int:pk>/", download_file, name="contribution_file_download"),
        )


class DossierRequestAdmin(ReceivedAdmin):
    model = DossierRequest
    base_url_path = "demandes-de-dossiers"
    menu_label = _("Demandes de dossiers")
    menu_icon = "mail"
    list_display = ("dossier_display", "name_display", "email", "centre_display", "received", "forwarded")
    list_filter = ("created_at",)
    search_fields = ("name", "email", "centre", "dossier__title")
    inspect_view_fields = [
        "dossier",
        "name",
        "email",
        "centre",
        "message",
        "consent_personal_data",
        "created_at",
        "forwarded_at",
        "acknowledgement_sent_at",
        "acknowledgement_withheld_at",
        "personal_data_erased_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("dossier")

    @admin.display(description=DossierRequest._meta.get_field("dossier").verbose_name, ordering="dossier__title")
    def dossier_display(self, obj):
        return isolated(obj.dossier)

    @admin.display(description=DossierRequest._meta.get_field("name").verbose_name, ordering="name")
    def name_display(self, obj):
        return isolated(obj.name)

    @admin.display(description=DossierRequest._meta.get_field("centre").verbose_name, ordering="centre")
    def centre_display(self, obj):
        return isolated(obj.centre)

    @admin.display(description=_("Transmise au centre"), boolean=True, ordering="forwarded_at")
    def forwarded(self, obj):
        return obj.forwarded_at is not None


class ContributionsGroup(ModelAdminGroup):
    menu_label = _("Contributions")
    menu_icon = "group"
    menu_order = 150
    items = (ContributionAdmin, DossierRequestAdmin)


class PendingContributionsPanel(Component):
    """Dashboard panel « Contributions à traiter (N) » with the latest ones."""

    name = "pending_contributions"
    template_name = "pages/admin/pending_contributions_panel.html"
    order = 50
    shown = 10

    def get_context_data(self, parent_context):
        pending = Contribution.objects.filter(status=ContributionStatus.PENDING).select_related("centre")
        return {
            "count": pending.count(),
            "contributions": pending.order_by("-created_at")[: self.shown],
            "index_url": f"{reverse('contributions_modeladmin_index')}?status={ContributionStatus.PENDING}",
        }


class RecentDossierRequestsPanel(Component):
    """Dashboard panel « Dernières demandes de dossiers »: which dossier, when, whether it reached the centre.

    Nothing about the requester: their name, e-mail and message are on the request's own page, for moderators.
    """

    name = "recent_dossier_requests"
    template_name = "pages/admin/recent_dossier_requests_panel.html"
    order = 60
    shown = 5

    def get_context_data(self, parent_context):
        requests = DossierRequest.objects.select_related("dossier").order_by("-created_at")
        return {
            "requests": requests[: self.shown],
            "index_url": reverse("demandes-de-dossiers_modeladmin_index"),
        }


def can_view_dossier_requests(user):
    return user.has_perm("pages.view_dossierrequest") or user.has_perm("pages.change_dossierrequest")
