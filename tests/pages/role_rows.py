"""The role × action table (tests/pages/test_roles.py), first half: the roles, a row's shape, and the rows of the
dashboard, the page families, page actions, « Relecture » and the reports."""

from dataclasses import dataclass, field

from django.urls import reverse

ANONYMOUS, EDITOR, MODERATOR, ADMINISTRATOR = "anonyme", "éditeur", "modérateur", "administrateur"
ROLES = (ANONYMOUS, EDITOR, MODERATOR, ADMINISTRATOR)
STAFF = frozenset({EDITOR, MODERATOR, ADMINISTRATOR})  # everyone with admin access
REVIEWERS = frozenset({MODERATOR, ADMINISTRATOR})  # who publishes, moderates, reads the statistics
ADMINS = frozenset({ADMINISTRATOR})  # users, groups, sites, workflows, collections, redirects
NOBODY = frozenset()

LOGIN_URL = "/admin/login/"
ADMIN_HOME = "/admin/"


@dataclass
class Row:
    """One action: the URL name, what it does, how to call it, and the roles allowed to do it."""

    name: str
    label: str
    allowed: frozenset
    url: object  # callable(ctx) -> str
    method: str = "get"
    data: dict = field(default_factory=dict)
    # For actions Wagtail answers alike whether it did them or not (bulk actions): did it happen?
    effect: object = None  # callable(ctx) -> bool, checked before the request is rolled back


def row(name, label, allowed, args=(), method="get", data=None, query="", effect=None):
    """A row whose URL is reverse(name, args) with args read from the context (attribute names or values)."""

    def url(ctx):
        values = [ctx.resolve(arg) for arg in args]
        return reverse(name, args=values) + query.format_map(ctx.pks())

    return Row(name, label, frozenset(allowed), url, method, data or {}, effect)


def page_family_rows(family, model_label, parent, live_page, draft_page, *, add, edit, publish, unpublish, delete):
    """add / edit / publish / unpublish / delete for one page family."""
    app, model = model_label.split(".")
    return [
        row("wagtailadmin_pages:add", f"{family} : formulaire de création", add, [app, model, parent]),
        row("wagtailadmin_pages:edit", f"{family} : modifier", edit, [live_page]),
        row(
            "wagtailadmin_api:pages:action",
            f"{family} : publier un brouillon",
            publish,
            [draft_page, "publish"],
            method="post",
        ),
        row("wagtailadmin_pages:unpublish", f"{family} : dépublier", unpublish, [live_page], method="post"),
        row("wagtailadmin_pages:delete", f"{family} : supprimer", delete, [live_page], method="post"),
    ]


WRITERS = STAFF  # the page families editors work in: resources, dossiers, links, rencontres, standard pages

PAGE_ROWS = [
    # --- Dashboard, explorer, search, choosers ---------------------------------------------------------------
    row("wagtailadmin_home", "tableau de bord", STAFF),
    row("wagtailadmin_explore_root", "explorateur de pages", STAFF),
    row("wagtailadmin_explore", "explorer une thématique", STAFF, ["theme"]),
    row("wagtailadmin_explore_results", "résultats de l'explorateur", STAFF, ["theme"]),
    row("wagtailadmin_pages:search", "rechercher une page", STAFF),
    row("wagtailadmin_pages:search_results", "résultats de la recherche de pages", STAFF),
    row("wagtailadmin_choose_page", "sélecteur de page", STAFF),
    row("wagtailadmin_choose_page_child", "sélecteur de page : enfants", STAFF, ["home"]),
    row("wagtailadmin_choose_page_search", "sélecteur de page : recherche", STAFF, query="?q=atelier"),
    row(
        "wagtailadmin_choose_page_chosen_multiple", "sélecteur de page : choix multiple", STAFF, query="?id={resource}"
    ),
    row("wagtailadmin_choose_page_external_link", "lien externe", STAFF),
    row("wagtailadmin_choose_page_email_link", "lien e-mail", STAFF),
    row("wagtailadmin_choose_page_phone_link", "lien téléphone", STAFF),
    row("wagtailadmin_choose_page_anchor_link", "lien d'ancre", STAFF),
    row("wagtailadmin_tag_autocomplete", "mots-clés : complétion", STAFF, query="?term=ate"),
    row(
        "wagtailadmin_tag_model_autocomplete",
        "mots-clés d'un modèle",
        STAFF,
        ["taggit", "tag"],
        query="?term=ate",
    ),
    row("wagtailadmin_account", "mon compte", STAFF),
    row("wagtailadmin_dismissibles", "préférences d'affichage", STAFF, method="patch"),
    row("wagtailadmin_block_preview", "aperçu d'un bloc", STAFF, query="?id={testimony_block}"),
    row("wagtailadmin_api:pages:listing", "API admin : pages", STAFF),
    row("wagtailadmin_api:pages:detail", "API admin : une page", STAFF, ["resource"]),
    row("wagtailadmin_api:pages:find", "API admin : trouver une page", STAFF, query="?html_path=/"),
    row("wagtailadmin_api:documents:listing", "API admin : documents", STAFF),
    row("wagtailadmin_api:documents:detail", "API admin : un document", STAFF, ["public_document"]),
    row("wagtailadmin_api:documents:find", "API admin : trouver un document", STAFF, query="?id={public_document}"),
    row("wagtailadmin_api:images:listing", "API admin : images", STAFF),
    row("wagtailadmin_api:images:detail", "API admin : une image", STAFF, ["image"]),
    row("wagtailadmin_api:images:find", "API admin : trouver une image", STAFF, query="?id={image}"),
    # --- Page families: where editors write, and the site's structure they do not touch ----------------------
    *page_family_rows(
        "ressource",
        "pages.resourcepage",
        "theme",
        "resource",
        "resource_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "dossier",
        "pages.dossierpage",
        "dossier_library",
        "dossier",
        "dossier_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "lien utile",
        "pages.linkpage",
        "link_library",
        "link",
        "link_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "compte rendu de rencontre",
        "pages.workshopreportpage",
        "workshop_index",
        "workshop",
        "workshop_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    *page_family_rows(
        "sous-page simple",
        "pages.standardpage",
        "standard",
        "standard_child",
        "standard_draft",
        add=WRITERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=REVIEWERS,
    ),
    # Structure: a new top-level page, a new theme, the home page, the toolbox, the « Contribuer » page.
    *page_family_rows(
        "page simple de premier niveau",
        "pages.standardpage",
        "home",
        "standard",
        "standard_draft",
        add=REVIEWERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=ADMINS,  # it has a sub-page: deleting a branch is for administrators
    ),
    *page_family_rows(
        "thématique",
        "pages.themepage",
        "theme_index",
        "theme",
        "theme_draft",
        add=REVIEWERS,
        edit=WRITERS,
        publish=REVIEWERS,
        unpublish=REVIEWERS,
        delete=ADMINS,
    ),
    row("wagtailadmin_pages:edit", "page d'accueil : modifier", REVIEWERS, ["home"]),
    row("wagtailadmin_pages:edit", "boîte à outils : modifier", REVIEWERS, ["theme_index"]),
    row("wagtailadmin_pages:edit", "page « Contribuer » : modifier", REVIEWERS, ["contribution_page"]),
    row("wagtailadmin_pages:delete", "page d'accueil : supprimer", ADMINS, ["home"], method="post"),
    row("wagtailadmin_api:pages:action", "page d'accueil : publier", REVIEWERS, ["home", "publish"], method="post"),
    # --- Other page actions -------------------------------------------------------------------------------
    row("wagtailadmin_pages:add_subpage", "choisir le type d'une sous-page (thématique)", WRITERS, ["theme"]),
    row("wagtailadmin_pages:add_subpage", "choisir le type d'une sous-page (accueil)", REVIEWERS, ["home"]),
    row("wagtailadmin_pages:choose_parent", "choisir où créer une ressource", WRITERS, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:type_use", "usage d'un type de page", STAFF, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:type_use_results", "usage d'un type : résultats", STAFF, ["pages", "resourcepage"]),
    row("wagtailadmin_pages:usage", "où la page est utilisée", WRITERS, ["resource"]),
    row("wagtailadmin_pages:view_draft", "voir le brouillon", WRITERS, ["resource_draft"]),
    row("wagtailadmin_pages:preview_on_edit", "aperçu en modification", WRITERS, ["resource"]),
    row(
        "wagtailadmin_pages:preview_on_add",
        "aperçu en création",
        WRITERS,
        ["pages", "resourcepage", "theme"],
    ),
    row("wagtailadmin_pages:convert_alias", "convertir un alias", WRITERS, ["alias"]),
    row("wagtailadmin_pages:move", "déplacer une page publiée", REVIEWERS, ["resource"]),
    row(
        "wagtailadmin_pages:move_confirm",
        "confirmer le déplacement",
        REVIEWERS,
        ["resource", "other_theme"],
        method="post",
    ),
    row(
        "wagtailadmin_pages:set_page_position",
        "réordonner",
        REVIEWERS,
        ["resource"],
        method="post",
        query="?position=0",
    ),
    row("wagtailadmin_pages:copy", "copier une page", WRITERS, ["resource"]),
    row("wagtailadmin_pages:set_privacy", "restreindre l'accès à une page", REVIEWERS, ["resource"]),
    row("wagtailadmin_pages:lock", "verrouiller", WRITERS, ["resource"], method="post"),
    row("wagtailadmin_pages:unlock", "déverrouiller la page d'un autre", REVIEWERS, ["locked"], method="post"),
    row("wagtailadmin_pages:revisions_index", "révisions", WRITERS, ["resource"]),
    row("wagtailadmin_pages:revisions_view", "voir une révision", WRITERS, ["resource", "resource_revision"]),
    row("wagtailadmin_pages:revisions_revert", "revenir à une révision", WRITERS, ["resource", "resource_revision"]),
    row(
        "wagtailadmin_pages:revisions_compare",
        "comparer deux révisions",
        WRITERS,
        ["resource", "earliest", "latest"],
    ),
    row(
        "wagtailadmin_pages:revisions_unschedule",
        "annuler une publication programmée",
        REVIEWERS,
        ["scheduled", "scheduled_revision"],
        method="post",
    ),
    row("wagtailadmin_pages:history", "historique", WRITERS, ["resource"]),
    row("wagtailadmin_pages:history_results", "historique : résultats", WRITERS, ["resource"]),
    row("wagtailadmin_pages:workflow_history", "historique de relecture", WRITERS, ["in_review"]),
    row(
        "wagtailadmin_pages:workflow_history_detail",
        "détail d'une relecture",
        WRITERS,
        ["in_review", "workflow_state"],
    ),
    # --- « Relecture » ---------------------------------------------------------------------------------------
    row(
        "wagtailadmin_pages:workflow_action",
        "relecture : approuver",
        REVIEWERS,
        ["in_review", "approve", "task_state"],
        method="post",
    ),
    row(
        "wagtailadmin_pages:collect_workflow_action_data",
        "relecture : demander des modifications (commentaire)",
        REVIEWERS,
        ["in_review", "reject", "task_state"],
    ),
    row(
        "wagtailadmin_pages:confirm_workflow_cancellation",
        "relecture : confirmer l'annulation",
        WRITERS,
        ["in_review"],
    ),
    row("wagtailadmin_pages:workflow_preview", "relecture : aperçu", REVIEWERS, ["in_review", "task"]),
    row("wagtailadmin_workflows:index", "workflows", ADMINS),
    row("wagtailadmin_workflows:index_results", "workflows : résultats", ADMINS),
    row("wagtailadmin_workflows:add", "créer un workflow", ADMINS),
    row("wagtailadmin_workflows:edit", "modifier un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:disable", "désactiver un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:enable", "activer un workflow", ADMINS, ["workflow"], method="post"),
    row("wagtailadmin_workflows:usage", "pages d'un workflow", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:usage_results", "pages d'un workflow : résultats", ADMINS, ["workflow"]),
    row("wagtailadmin_workflows:remove", "retirer le workflow d'une page", ADMINS, ["root"], method="post"),
    row("wagtailadmin_workflows:select_task_type", "type de tâche", ADMINS),
    row("wagtailadmin_workflows:add_task", "créer une tâche", ADMINS, ["wagtailcore", "groupapprovaltask"]),
    row("wagtailadmin_workflows:task_index", "tâches", ADMINS),
    row("wagtailadmin_workflows:task_index_results", "tâches : résultats", ADMINS),
    row("wagtailadmin_workflows:edit_task", "modifier une tâche", ADMINS, ["task"]),
    row("wagtailadmin_workflows:disable_task", "désactiver une tâche", ADMINS, ["task"]),
    row("wagtailadmin_workflows:enable_task", "activer une tâche", ADMINS, ["task"], method="post"),
    # Wagtail lists task names to any admin user; only those who may add tasks get the creation form.
    row("wagtailadmin_workflows:task_chooser", "sélecteur de tâche", STAFF),
    row("wagtailadmin_workflows:task_chooser_results", "sélecteur de tâche : résultats", STAFF),
    row("wagtailadmin_workflows:task_chooser_create", "sélecteur de tâche : formulaire", STAFF),
    row("wagtailadmin_workflows:task_chosen", "sélecteur de tâche : choisie", STAFF, ["task"]),
    # --- Reports ---------------------------------------------------------------------------------------------
    row("wagtailadmin_reports:locked_pages", "rapport : pages verrouillées", REVIEWERS),
    row("wagtailadmin_reports:locked_pages_results", "rapport : pages verrouillées (résultats)", REVIEWERS),
    row("wagtailadmin_reports:workflow", "rapport : relectures", STAFF),
    row("wagtailadmin_reports:workflow_results", "rapport : relectures (résultats)", STAFF),
    row("wagtailadmin_reports:workflow_tasks", "rapport : tâches de relecture", STAFF),
    row("wagtailadmin_reports:workflow_tasks_results", "rapport : tâches (résultats)", STAFF),
    row("wagtailadmin_reports:site_history", "rapport : historique du site", STAFF),
    row("wagtailadmin_reports:site_history_results", "rapport : historique (résultats)", STAFF),
    row("wagtailadmin_reports:aging_pages", "rapport : pages anciennes", STAFF),
    row("wagtailadmin_reports:aging_pages_results", "rapport : pages anciennes (résultats)", STAFF),
    row("wagtailadmin_reports:page_types_usage", "rapport : types de pages", STAFF),
    row("wagtailadmin_reports:page_types_usage_results", "rapport : types de pages (résultats)", STAFF),
    row(
        "wagtailadmin_editing_sessions:ping",
        "session d'édition : signal de présence",
        WRITERS,
        ["wagtailcore", "page", "resource", 0],
        method="post",
    ),
]
