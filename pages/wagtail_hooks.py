from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from pages import autosave, dashboard, downloads, downloads_admin, link_checks_admin, uploads
from pages.contributions import wagtail_hooks as contribution_hooks  # noqa: F401 (registers its hooks)
from pages.document_visibility import restricted_documents_warning, restricted_only
from pages.models import CulturalCentre, LinkCategory, Synonym, WorkshopReportPage
from pages.models.panels import add_label_of


class FrenchIndexView(IndexView):
    """A snippet's listing whose add button is its model's `add_label` (« Ajouter un centre culturel »), not
    Wagtail's « Ajouter un(e) centre culturel »."""

    @property
    def add_item_label(self):
        return add_label_of(self.model)


class FrenchSnippetViewSet(SnippetViewSet):
    index_view_class = FrenchIndexView


class CulturalCentreViewSet(FrenchSnippetViewSet):
    model = CulturalCentre
    icon = "site"
    menu_label = _("Centres culturels")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "commune", "province"]
    list_filter = ["province"]
    search_fields = ["name", "commune"]


class LinkCategoryViewSet(FrenchSnippetViewSet):
    model = LinkCategory
    icon = "tag"
    menu_label = _("Catégories de liens")
    list_display = ["name", "sort_order"]


class SynonymViewSet(FrenchSnippetViewSet):
    """« Synonymes et sigles »: the glossary the public search expands queries with (search/synonyms.py)."""

    model = Synonym
    icon = "list-ul"
    menu_label = _("Synonymes et sigles")
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]


register_snippet(CulturalCentreViewSet)
register_snippet(LinkCategoryViewSet)
register_snippet(SynonymViewSet)


@hooks.register("before_edit_page")
def refuse_autosave_actions(request, page):
    """Autosave saves drafts only: publishing and workflow actions come from the editor's own click."""
    return autosave.refuse_background_action(request)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_restricted_documents(request, page):
    """Tell the editor which documents of the page visitors will not see: those in a restricted collection.

    Editors may choose documents from every collection; a restricted document is left out of the public page,
    its API representation, its JSON-LD and the search (`public_documents`), so saying so here avoids a page
    that silently lacks its files. Not for autosave's background requests (the message would pile up).
    """
    if autosave.is_background_save(request) or not hasattr(page, "offered_documents"):
        return None
    hidden = restricted_only(page.offered_documents())
    if hidden:
        messages.warning(request, restricted_documents_warning(hidden))
    return None


@hooks.register("register_admin_urls", order=-1)  # before Wagtail's own, which these paths replace
def upload_urls():
    """Wagtail's multiple upload pages, with « Documents » as the collection chosen by default (pages/uploads.py);
    `{% url 'wagtaildocs:add_multiple' %}` resolves to the same paths, served here (no name of their own: the role
    table, tests/pages/role_rows_admin.py, knows them by Wagtail's)."""
    return [
        path("documents/multiple/add/", uploads.MultipleDocumentsAddView.as_view()),
        path("images/multiple/add/", uploads.MultipleImagesAddView.as_view()),
    ]


@hooks.register("insert_global_admin_js")
def upload_titles_js():
    """Uploaded files' titles cleaned from their names in the browser too (pages/uploads.py)."""
    return format_html('<script src="{}"></script>', static("js/admin-uploads.js"))


@hooks.register("insert_editor_js")
def autosave_guard_js():
    return format_html('<script src="{}"></script>', static("js/admin-autosave.js"))


@hooks.register("before_serve_document", order=100)  # after Wagtail's own check of the collection's restriction
def serve_remote_document_by_signed_url(document, request):
    """A document on S3: a redirect to a signed, short-lived URL (AWS_PRIVATE_URL_EXPIRY) that no cache may keep
    or share, at which S3 sends the document's Content-Disposition (a download unless an editor chose
    « Ouvrir dans le navigateur ») and Content-Type.

    Reached only once the restriction accepted the request. Local files go on to Wagtail's serve view, which
    sends the same Content-Disposition (PlatformDocument.content_disposition).
    """
    from django.shortcuts import redirect

    from cms.storage import private_storage

    if document.is_stored_locally():
        return None
    response = redirect(document.remote_download_url(expire=private_storage.querystring_expire))
    response["Cache-Control"] = "private, no-store"
    return response


# --- The dashboard: where to start, then what waits for the user (queries in pages/dashboard.py) ----------------

# Wagtail's own panels that the ones below replace: « En attente de votre relecture » (awaiting_review), « Vos
# pages et extraits en cours de modération » (my_drafts' « En relecture » and changes_requested), « Vos
# modifications récentes » (my_drafts: what is left to do, not what is done). Its « Vos pages verrouillées »
# stays, below ours.
REPLACED_WAGTAIL_PANELS = {
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
    "recent_edits",
}


class StartHerePanel(Component):
    """« Par où commencer ? »: the help page, and a new rencontre under the rencontres' index."""

    name = "start_here"
    template_name = "pages/admin/start_here_panel.html"
    order = 10

    def get_context_data(self, parent_context):
        return {
            "help_url": reverse("help_workshop_report"),
            "new_workshop_url": dashboard.new_workshop_url(parent_context["request"].user),
        }


class PagesPanel(Component):
    """A dashboard table of pages (title linked to its editor, type, a date, a detail), or a plain French
    sentence when there is none."""

    template_name = "pages/admin/dashboard_pages_panel.html"
    heading = ""
    date_heading = _("Dernière modification")
    detail_heading = ""
    empty = ""
    more_label = ""

    def rows(self, user):
        raise NotImplementedError

    def more_url(self, user):
        return None

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "panel_id": "dashboard-" + self.name.replace("_", "-"),  # Wagtail's own are « awaiting-review »…
            "heading": self.heading,
            "date_heading": self.date_heading,
            "detail_heading": self.detail_heading,
            "rows": self.rows(user),
            "empty": self.empty,
            "more_url": self.more_url(user),
            "more_label": self.more_label,
        }


class ChangesRequestedPanel(PagesPanel):
    name = "changes_requested"
    order = 20
    heading = _("Modifications demandées")
    date_heading = _("Renvoyée le")
    detail_heading = _("Commentaire du relecteur")
    empty = _("Aucune page ne vous a été renvoyée : rien à corriger.")
    more_label = _("Voir toutes mes pages renvoyées")

    def rows(self, user):
        return dashboard.changes_requested(user)

    def more_url(self, user):
        return dashboard.changes_requested_url(user)


class MyDraftsPanel(PagesPanel):
    name = "my_drafts"
    order = 30
    heading = _("Mes brouillons")
    detail_heading = _("État")
    empty = _("Vous n'avez aucun brouillon en cours. Commencez par « Par où commencer ? » ci-dessus.")

    def rows(self, user):
        return dashboard.my_drafts(user)


class AwaitingReviewPanel(PagesPanel):
    name = "awaiting_review"
    order = 40
    heading = _("En attente de ma relecture")
    date_heading = _("Soumise le")
    detail_heading = _("Soumise par")
    empty = _("Aucune page n'attend votre relecture.")
    more_label = _("Voir toutes les pages à relire")

    def rows(self, user):
        return dashboard.awaiting_review(user)

    def more_url(self, user):
        return dashboard.awaiting_review_url()


def writes_pages(user):
    return policy_registry.get_by_type(Page).user_has_any_permission(user, ["add", "change", "publish"])


@hooks.register("construct_homepage_panels")
def guide_the_dashboard(request, panels):
    """Our panels in place of Wagtail's redundant ones; each one only to whoever has a right to its pages."""
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED_WAGTAIL_PANELS]
    user = request.user
    panels.append(StartHerePanel())
    if writes_pages(user):
        panels.extend([ChangesRequestedPanel(), MyDraftsPanel()])
    if dashboard.is_reviewer(user):
        panels.append(AwaitingReviewPanel())


class WorkshopReportHelpView(WagtailAdminTemplateMixin, TemplateView):
    """« Écrire un compte rendu de rencontre »: the steps, in plain French, for every admin user."""

    template_name = "pages/admin/help_workshop_report.html"
    page_title = _("Écrire un compte rendu de rencontre")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            WorkshopReportPage._meta.get_field("tags")
            has_keywords = True
        except FieldDoesNotExist:
            has_keywords = False
        index = dashboard.workshop_index()
        context.update(
            workshop_index=index,
            new_workshop_url=dashboard.new_workshop_url(self.request.user, index),
            has_keywords=has_keywords,
        )
        return context


@hooks.register("register_admin_urls")
def register_help_urls():
    return [
        path("aide/compte-rendu-de-rencontre/", WorkshopReportHelpView.as_view(), name="help_workshop_report"),
    ]


# --- What was downloaded (pages/downloads.py, pages/downloads_admin.py) -------------------------------------------


@hooks.register("before_serve_document", order=50)  # after the collection's restriction, before the S3 redirect
def count_download(document, request):
    if downloads.is_counted(request):
        downloads.record_download(document)


@hooks.register("register_admin_urls")
def register_downloads_urls():
    return [
        path("telechargements/", downloads_admin.DownloadsReportView.as_view(), name="downloads_report"),
        path(
            "telechargements/document/<int:pk>/",
            downloads_admin.DocumentDownloadsView.as_view(),
            name="document_downloads",
        ),
        path(
            "telechargements/dossier/<int:pk>/",
            downloads_admin.DossierDownloadsView.as_view(),
            name="dossier_downloads",
        ),
    ]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return downloads_admin.can_view_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_downloads_menu_item():
    return ReportMenuItem(
        _("Téléchargements"), reverse("downloads_report"), name="downloads", icon_name="download", order=1260
    )


@hooks.register("construct_homepage_panels")
def add_most_downloaded_panel(request, panels):
    if downloads_admin.can_view_reports(request.user):
        panels.append(downloads_admin.MostDownloadedPanel())


# --- Links that stay alive (pages/link_checker.py, pages/link_checks_admin.py) -------------------------------------


@hooks.register("register_admin_urls")
def register_link_checks_url():
    return [path("liens-a-verifier/", link_checks_admin.LinkChecksReportView.as_view(), name="link_checks_report")]


@hooks.register("register_reports_menu_item")
def register_link_checks_menu_item():
    return ReportMenuItem(
        _("Liens à vérifier"), reverse("link_checks_report"), name="link-checks", icon_name="link", order=1270
    )


@hooks.register("construct_homepage_panels")
def add_link_checks_panel(request, panels):
    if downloads_admin.can_view_reports(request.user):
        panels.append(link_checks_admin.LinkChecksPanel())
