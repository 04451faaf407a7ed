"""The role × action table (tests/pages/test_roles.py), second half: bulk actions, collections, documents and
images, snippets, contributions, search, users, groups, sites and redirects; the named admin URLs that are no role's
business."""

from wagtail.models import Page

from tests.pages.role_rows import ADMINS, NOBODY, REVIEWERS, STAFF, row

ADMIN_ROWS = [
    # --- Bulk actions ----------------------------------------------------------------------------------------
    row(
        "wagtail_bulk_action",
        "action groupée : supprimer des pages",
        REVIEWERS,
        ["wagtailcore", "page", "delete"],
        method="post",
        query="?id={resource}",
        effect=lambda ctx: not Page.objects.filter(pk=ctx.resource.pk).exists(),
    ),
    # --- Collections, documents, images ---------------------------------------------------------------------
    row("wagtailadmin_collections:index", "collections", ADMINS),
    row("wagtailadmin_collections:add", "créer une collection", ADMINS),
    row("wagtailadmin_collections:edit", "modifier une collection", ADMINS, ["public_collection"]),
    row("wagtailadmin_collections:delete", "supprimer une collection", ADMINS, ["public_collection"]),
    row("wagtailadmin_collections:set_privacy", "restreindre une collection", ADMINS, ["public_collection"]),
    row("wagtaildocs:index", "documents", STAFF),
    row("wagtaildocs:index_results", "documents : résultats", STAFF),
    row("wagtaildocs:add", "ajouter un document", STAFF),
    row("wagtaildocs:add_multiple", "ajouter des documents", STAFF),
    row("wagtaildocs:edit", "modifier un document (Médiathèque)", STAFF, ["public_document"]),
    row("wagtaildocs:edit", "modifier un document (dossier de personne à personne)", REVIEWERS, ["private_document"]),
    # Wagtail treats deleting a document or an image as changing it: whoever may edit it may delete it.
    row("wagtaildocs:delete", "supprimer un document (Médiathèque)", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:edit_multiple", "modifier après envoi multiple", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:delete_multiple", "supprimer après envoi multiple", STAFF, ["public_document"], method="post"),
    row("wagtaildocs:document_usage", "usage d'un document", STAFF, ["public_document"]),
    row("wagtaildocs_chooser:choose", "sélecteur de documents", STAFF),
    row("wagtaildocs_chooser:choose_results", "sélecteur de documents : résultats", STAFF),
    row("wagtaildocs_chooser:chosen", "choisir un document (Médiathèque)", STAFF, ["public_document"]),
    row("wagtaildocs_chooser:chosen", "choisir un document privé", REVIEWERS, ["private_document"]),
    row("wagtaildocs_chooser:chosen_multiple", "choisir plusieurs documents", STAFF, query="?id={public_document}"),
    row("wagtaildocs_chooser:create", "sélecteur de documents : envoyer", STAFF),
    row("wagtailimages:index", "images", STAFF),
    row("wagtailimages:index_results", "images : résultats", STAFF),
    row("wagtailimages:add", "ajouter une image", STAFF),
    row("wagtailimages:add_multiple", "ajouter des images", STAFF),
    row("wagtailimages:edit", "modifier une image", STAFF, ["image"]),
    row("wagtailimages:delete", "supprimer une image", STAFF, ["image"], method="post"),
    row("wagtailimages:edit_multiple", "modifier après envoi multiple", STAFF, ["image"], method="post"),
    row("wagtailimages:delete_multiple", "supprimer après envoi multiple", STAFF, ["image"], method="post"),
    row("wagtailimages:preview", "aperçu d'un format d'image", STAFF, ["image", "original"]),
    row("wagtailimages:image_usage", "usage d'une image", STAFF, ["image"]),
    row("wagtailimages_chooser:choose", "sélecteur d'images", STAFF),
    row("wagtailimages_chooser:choose_results", "sélecteur d'images : résultats", STAFF),
    row("wagtailimages_chooser:chosen", "choisir une image", STAFF, ["image"]),
    row("wagtailimages_chooser:chosen_multiple", "choisir plusieurs images", STAFF, query="?id={image}"),
    row("wagtailimages_chooser:create", "sélecteur d'images : envoyer", STAFF),
    row("wagtailimages_chooser:select_format", "format d'une image insérée", STAFF, ["image"]),
    row("wagtailembeds:chooser", "insérer une vidéo", STAFF),
    row("wagtailembeds:chooser_upload", "insérer une vidéo : envoi", STAFF),
    # --- Snippets --------------------------------------------------------------------------------------------
    row("wagtailsnippets:index", "fragments", STAFF),
    *[
        entry
        for model, obj, label, deleters in (
            ("culturalcentre", "centre", "centres culturels", ADMINS),
            ("linkcategory", "category", "catégories de liens", ADMINS),
            ("synonym", "synonym", "synonymes et sigles", STAFF),  # the glossary is kept by editors
        )
        for entry in (
            row(f"wagtailsnippets_pages_{model}:list", f"{label}", STAFF),
            row(f"wagtailsnippets_pages_{model}:list_results", f"{label} : résultats", STAFF),
            row(f"wagtailsnippets_pages_{model}:add", f"{label} : ajouter", STAFF),
            row(f"wagtailsnippets_pages_{model}:edit", f"{label} : modifier", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:delete", f"{label} : supprimer", deleters, [obj], method="post"),
            row(f"wagtailsnippets_pages_{model}:usage", f"{label} : usage", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:history", f"{label} : historique", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:history_results", f"{label} : historique (résultats)", STAFF, [obj]),
            row(f"wagtailsnippets_pages_{model}:copy", f"{label} : copier", STAFF, [obj]),
            row(f"wagtailsnippetchoosers_pages_{model}:choose", f"{label} : sélecteur", STAFF),
            row(f"wagtailsnippetchoosers_pages_{model}:choose_results", f"{label} : sélecteur (résultats)", STAFF),
            row(f"wagtailsnippetchoosers_pages_{model}:chosen", f"{label} : choisi", STAFF, [obj]),
            row(
                f"wagtailsnippetchoosers_pages_{model}:chosen_multiple",
                f"{label} : choix multiple",
                STAFF,
                query=f"?id={{{obj}}}",
            ),
            row(f"wagtailsnippetchoosers_pages_{model}:create", f"{label} : créer depuis le sélecteur", STAFF),
        )
    ],
    # --- Contributions and dossier requests ------------------------------------------------------------------
    row("contributions_modeladmin_index", "file de modération", REVIEWERS),
    row("contributions_modeladmin_inspect", "voir une contribution", REVIEWERS, ["contribution"]),
    row("contributions_modeladmin_create", "créer une contribution à la main", NOBODY),
    row("contributions_modeladmin_edit", "modifier une contribution", NOBODY, ["contribution"]),
    row("contributions_modeladmin_delete", "supprimer une contribution", NOBODY, ["contribution"]),
    row("contribution_accept", "accepter une contribution", REVIEWERS, ["contribution"], method="post"),
    row(
        "contribution_refuse",
        "refuser une contribution",
        REVIEWERS,
        ["contribution"],
        method="post",
        data={"reason": "Hors sujet pour la Plateforme."},
    ),
    row("contribution_spam", "marquer comme indésirable", REVIEWERS, ["contribution"], method="post"),
    row("contribution_file_download", "télécharger le fichier d'une contribution", REVIEWERS, ["contribution_file"]),
    row("demandes-de-dossiers_modeladmin_index", "demandes de dossiers", REVIEWERS),
    row("demandes-de-dossiers_modeladmin_inspect", "voir une demande de dossier", REVIEWERS, ["dossier_request"]),
    row("demandes-de-dossiers_modeladmin_create", "créer une demande à la main", NOBODY),
    row("demandes-de-dossiers_modeladmin_edit", "modifier une demande", NOBODY, ["dossier_request"]),
    row("demandes-de-dossiers_modeladmin_delete", "supprimer une demande", NOBODY, ["dossier_request"]),
    # --- Search: statistics and promotions -------------------------------------------------------------------
    row("search_statistics", "statistiques de recherche", REVIEWERS),
    row("downloads_report", "téléchargements", STAFF),
    row("document_downloads", "téléchargements d'un document (Médiathèque)", STAFF, ["public_document"]),
    row("document_downloads", "téléchargements d'un document privé", REVIEWERS, ["private_document"]),
    row("dossier_downloads", "téléchargements d'un dossier", STAFF, ["dossier"]),
    row("link_checks_report", "liens à vérifier", STAFF),
    # --- Help pages ------------------------------------------------------------------------------------------
    row("help_workshop_report", "aide : écrire un compte rendu de rencontre", STAFF),
    row("wagtailsearchpromotions:index", "promotions de recherche", REVIEWERS),
    row("wagtailsearchpromotions:index_results", "promotions : résultats", REVIEWERS),
    row("wagtailsearchpromotions:add", "ajouter une promotion", REVIEWERS),
    row("wagtailsearchpromotions:edit", "modifier une promotion", REVIEWERS, ["query"]),
    row("wagtailsearchpromotions:delete", "supprimer une promotion", REVIEWERS, ["query"], method="post"),
    # Wagtail's query chooser lists past queries to any admin user (no personal data: the words searched).
    row("wagtailsearchpromotions:chooser", "sélecteur de requêtes", STAFF),
    row("wagtailsearchpromotions:chooserresults", "sélecteur de requêtes : résultats", STAFF),
    # Hidden from the menu (search/wagtail_hooks.py) and, in Wagtail, for superusers only.
    row("wagtailsearchpromotions:search_terms", "termes de recherche (rapport masqué)", NOBODY),
    row("wagtailsearchpromotions:search_terms_results", "termes de recherche : résultats", NOBODY),
    # --- Users, groups, sites, redirects ---------------------------------------------------------------------
    *[
        row(f"wagtailusers_users:{action}", f"utilisateurs : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["other_user"], "get"),
            ("delete", ["other_user"], "post"),
            ("history", ["other_user"], "get"),
            ("history_results", ["other_user"], "get"),
            ("usage", ["other_user"], "get"),
            ("copy", ["other_user"], "get"),
        )
    ],
    *[
        row(f"wagtailusers_groups:{action}", f"groupes : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["other_group"], "get"),
            ("delete", ["other_group"], "post"),
            ("history", ["other_group"], "get"),
            ("history_results", ["other_group"], "get"),
            ("usage", ["other_group"], "get"),
        )
    ],
    *[
        row(f"wagtailsites:{action}", f"sites : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["site"], "get"),
            ("delete", ["site"], "get"),
            ("history", ["site"], "get"),
            ("history_results", ["site"], "get"),
            ("usage", ["site"], "get"),
            ("copy", ["site"], "get"),
        )
    ],
    *[
        row(f"wagtailredirects:{action}", f"redirections : {action}", ADMINS, args, method=method)
        for action, args, method in (
            ("index", [], "get"),
            ("index_results", [], "get"),
            ("add", [], "get"),
            ("edit", ["redirect"], "get"),
            ("delete", ["redirect"], "post"),
            ("start_import", [], "get"),
        )
    ],
    row("wagtailforms:index", "formulaires (aucun type de formulaire sur la Plateforme)", STAFF),
    row("wagtailforms:index_results", "formulaires : résultats", STAFF),
    row("wagtail_modeladmin:javascript_catalog", "traductions de la file de modération", STAFF),
]

# Named URLs under /admin/ that are not a role's business, each with the reason.
NOT_ROLE_SENSITIVE = {
    "wagtailadmin_login": "the login form itself: public by design",
    "wagtailadmin_logout": "ends the caller's own session, whoever they are",
    "wagtailadmin_password_reset": "public by design: a forgotten password",
    "wagtailadmin_password_reset_done": "public by design: a forgotten password",
    "wagtailadmin_password_reset_confirm": "public by design: the link of the password e-mail",
    "wagtailadmin_password_reset_complete": "public by design: a forgotten password",
    "wagtailadmin_javascript_catalog": "the admin's translations, also loaded by the login page",
    "wagtailadmin_sprite": "the admin's icons, also loaded by the login page",
    "wagtailadmin_error_test": "Wagtail's own 500 test page: raises on purpose for every logged-in user",
    "wagtailadmin_editing_sessions:release": "releases the caller's own editing session (POST from a closing tab)",
    "wagtaildocs:create_multiple_from_uploaded_document": (
        "acts only on the caller's own pending upload (UploadedFile.uploaded_by_user), made by add_multiple"
    ),
    "wagtaildocs:delete_upload_multiple": "acts only on the caller's own pending upload, made by add_multiple",
    "wagtailimages:create_multiple_from_uploaded_image": "acts only on the caller's own pending upload",
    "wagtailimages:delete_upload_multiple": "acts only on the caller's own pending upload",
    "wagtailforms:list_submissions": "answers only for a form page: the platform has no form page type",
    "wagtailforms:list_submissions_results": "answers only for a form page: the platform has no form page type",
    "wagtailforms:delete_submissions": "answers only for a form page: the platform has no form page type",
    "wagtailimages:url_generator": "needs Wagtail's dynamic image serve view, which the platform does not route",
    "wagtailimages:url_generator_output": "needs Wagtail's dynamic image serve view, which the platform does not route",
    "wagtailredirects:process_import": (
        "second step of start_import (in the table): same check (add_redirect), on the file sent in the first step"
    ),
    "wagtailsettings:edit": "no setting model is registered: the URL answers 404 to everyone",
    "wagtailsettings:preview_on_edit": "no setting model is registered: the URL answers 404 to everyone",
}
