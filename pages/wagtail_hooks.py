from django.contrib import messages
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from pages import autosave, uploads
from pages.contributions import wagtail_hooks as contribution_hooks  # noqa: F401 (registers its hooks)
from pages.document_visibility import restricted_documents_warning, restricted_only
from pages.models import CulturalCentre, LinkCategory, Synonym
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
