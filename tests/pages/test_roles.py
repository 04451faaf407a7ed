"""Role × action table: each role tries each admin action through real HTTP requests.

Roles: anonymous visitor, « Éditeurs », « Modérateurs », « Administrateurs » (none of them superuser: a
superuser passes every check by construction). Every request runs in a savepoint that is rolled back, so each
role meets the same data.

The table covers the whole admin: `test_every_admin_url_is_in_the_table` walks the URL patterns under
/admin/ and fails on any named pattern that is neither an action row nor an explicit exclusion with its
reason. A new app, viewset or snippet therefore fails this file until someone decides who may use it.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, Page, Site, Workflow

from pages.contributions.drafts import _private_collection
from pages.models import ContributionPage, ResourcePage, Synonym
from pages.roles import ADMINISTRATORS_GROUP, EDITORS_COLLECTION, EDITORS_GROUP, MODERATORS_GROUP
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkCategoryFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    ThemePageFactory,
    WorkshopReportPageFactory,
)
from tests.factories.contributions import ContributionFactory, ContributionFileFactory, DossierRequestFactory
from tests.pages.base import SiteTreeTestCase
from tests.pages.role_rows import (
    ADMIN_HOME,
    ADMINISTRATOR,
    ANONYMOUS,
    EDITOR,
    LOGIN_URL,
    MODERATOR,
    PAGE_ROWS,
    ROLES,
)
from tests.pages.role_rows_admin import ADMIN_ROWS, NOT_ROLE_SENSITIVE

ROWS = [*PAGE_ROWS, *ADMIN_ROWS]


def admin_url_names():
    """Every named URL pattern under /admin/, with its namespace (e.g. « wagtailadmin_pages:edit »)."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for route, name in walk(get_resolver().url_patterns, "", None) if route.startswith("admin/")}


class Context:
    """The objects the rows act on; `resolve` turns a row's argument into a URL value."""

    def __init__(self, **objects):
        self.__dict__.update(objects)

    def pks(self):
        return {name: getattr(value, "pk", value) for name, value in self.__dict__.items()}

    def resolve(self, arg):
        if isinstance(arg, str) and hasattr(self, arg):
            value = getattr(self, arg)
            return getattr(value, "pk", value)
        return arg


class RoleTableTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        User = get_user_model()
        cls.users = {ANONYMOUS: None}
        for role, group in (
            (EDITOR, EDITORS_GROUP),
            (MODERATOR, MODERATORS_GROUP),
            (ADMINISTRATOR, ADMINISTRATORS_GROUP),
        ):
            user = User.objects.create_user(f"role-{len(cls.users)}", f"role{len(cls.users)}@astrac.be", "x")
            user.groups.add(Group.objects.get(name=group))
            cls.users[role] = user
        moderator = cls.users[MODERATOR]
        editor = cls.users[EDITOR]

        theme, other_theme = tree.themes[0], tree.themes[1]
        resource = ResourcePageFactory(parent=theme, title="Canevas d'entretien")
        resource.save_revision(user=editor)
        resource.save_revision(user=editor)

        def draft(factory, parent, title):
            page = factory(parent=parent, title=title, live=False, first_published_at=None, last_published_at=None)
            page.save_revision(user=editor)
            return page

        standard = StandardPageFactory(parent=tree.home, title="Le projet")
        standard_child = StandardPageFactory(parent=standard, title="L'équipe")
        locked = ResourcePageFactory(parent=theme, title="Page verrouillée")
        locked.locked, locked.locked_by, locked.locked_at = True, moderator, timezone.now()
        locked.save()
        scheduled = ResourcePageFactory(parent=theme, title="Page programmée")
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
        scheduled_revision = scheduled.save_revision(user=moderator)
        scheduled_revision.publish(user=moderator)
        in_review = draft(ResourcePageFactory, theme, "En relecture")
        workflow_state = in_review.get_workflow().start(in_review, editor)
        workflow = Workflow.objects.get(name="Relecture")
        contribution_page = tree.home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer"))
        contribution = ContributionFactory()
        private_collection = _private_collection()
        public_collection = Collection.objects.get(name=EDITORS_COLLECTION)
        query = Query.get("atelier")
        SearchPromotion.objects.create(query=query, page=resource, sort_order=0)

        cls.ctx = Context(
            home=tree.home,
            root=Page.get_first_root_node(),
            theme_index=tree.theme_index,
            theme=theme,
            other_theme=other_theme,
            theme_draft=draft(ThemePageFactory, tree.theme_index, "Nouvelle thématique"),
            dossier_library=tree.dossier_library,
            link_library=tree.link_library,
            workshop_index=tree.workshop_index,
            resource=resource,
            resource_draft=draft(ResourcePageFactory, theme, "Brouillon de ressource"),
            resource_revision=resource.revisions.order_by("pk").first(),
            earliest="earliest",
            latest="latest",
            dossier=DossierPageFactory(parent=tree.dossier_library),
            dossier_draft=draft(DossierPageFactory, tree.dossier_library, "Brouillon de dossier"),
            link=LinkPageFactory(parent=tree.link_library),
            link_draft=draft(LinkPageFactory, tree.link_library, "Brouillon de lien"),
            workshop=WorkshopReportPageFactory(parent=tree.workshop_index),
            workshop_draft=draft(WorkshopReportPageFactory, tree.workshop_index, "Brouillon de rencontre"),
            standard=standard,
            standard_child=standard_child,
            standard_draft=draft(StandardPageFactory, standard, "Brouillon de page simple"),
            contribution_page=contribution_page,
            alias=resource.create_alias(parent=other_theme, update_slug="canevas-alias"),
            locked=locked,
            scheduled=scheduled,
            scheduled_revision=scheduled_revision,
            in_review=in_review,
            workflow_state=workflow_state,
            task_state=workflow_state.current_task_state,
            task=workflow_state.current_task_state.task,
            workflow=workflow,
            public_collection=public_collection,
            public_document=DocumentFactory(collection=public_collection, title="Guide de l'analyse partagée"),
            private_document=DocumentFactory(collection=private_collection, title="Dossier confidentiel"),
            image=ImageFactory(),
            original="original",
            centre=CulturalCentreFactory(),
            category=LinkCategoryFactory(),
            synonym=Synonym.objects.create(term="CO", equivalents="conseil d'orientation"),
            contribution=contribution,
            contribution_file=ContributionFileFactory(contribution=contribution),
            dossier_request=DossierRequestFactory(dossier=DossierPageFactory(parent=tree.dossier_library)),
            query=query,
            redirect=Redirect.objects.create(old_path="/ancienne-adresse", redirect_link="https://www.astrac.be/"),
            site=Site.objects.get(is_default_site=True),
            other_user=User.objects.create_user("cible", "cible@astrac.be", "x"),
            other_group=Group.objects.create(name="Groupe de passage"),
            approve="approve",
            reject="reject",
            publish="publish",
            testimony_block=ResourcePage._meta.get_field("body")
            .stream_block.child_blocks["testimony"]
            .definition_prefix,
        )

    def outcome(self, role, table_row):
        """ "ok" or "refusé" (and the status), the request rolled back."""
        self.client.logout()
        self.client.raise_request_exception = False
        if self.users[role] is not None:
            self.client.force_login(self.users[role])
        url = table_row.url(self.ctx)
        with transaction.atomic():
            response = getattr(self.client, table_row.method)(url, table_row.data)
            happened = table_row.effect(self.ctx) if table_row.effect else None
            transaction.set_rollback(True)
        if happened is not None and response.status_code < 500 and self.users[role] is not None:
            return ("ok" if happened else "refusé"), response.status_code
        status = response.status_code
        location = response.get("Location", "")
        if status in (200, 201, 204):
            return "ok", status
        if 300 <= status < 400:
            if location.startswith(LOGIN_URL):
                return "connexion", status
            if location == ADMIN_HOME:
                return "refusé", status
            return "ok", status
        if status in (401, 403, 404):
            return "refusé", status
        return f"erreur {status}", status

    def test_each_role_may_do_exactly_what_the_table_says(self):
        mismatches = []
        for table_row in ROWS:
            for role in ROLES:
                allowed = "ok" if role in table_row.allowed else "refusé"
                expected = "connexion" if role == ANONYMOUS else allowed
                got, status = self.outcome(role, table_row)
                if got != expected:
                    mismatches.append(f"{table_row.label} [{table_row.name}] — {role}: {got} ({status})")
        self.assertEqual(mismatches, [], "\n" + "\n".join(mismatches))

    def test_every_admin_url_is_in_the_table(self):
        names = admin_url_names()
        covered = {table_row.name for table_row in ROWS} | set(NOT_ROLE_SENSITIVE)
        self.assertEqual(sorted(names - covered), [], "admin URLs that no row nor exclusion covers")
        self.assertEqual(sorted(covered - names), [], "rows or exclusions naming URLs that do not exist")
