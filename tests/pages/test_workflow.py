"""« Relecture »: an editor submits, a moderator approves or sends back with a comment; scheduled publishing."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from pages.models import ResourcePage
from pages.roles import EDITORS_GROUP, MODERATORS_GROUP
from tests.factories import ResourcePageFactory
from tests.pages.base import SiteTreeTestCase


def resource_form(title, theme, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "summary": "Un canevas pour mener les entretiens de l'analyse partagée.",
            "resource_type": "guide",
            "author": "",
            "date": "2026-03-02",
            "body": streamfield([]),
            "documents": inline_formset([]),
            "related_choices": inline_formset([]),
            "external_url": "",
            "secondary_themes": [],
            "tags": "",
            "listing_summary": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            **extra,
        }
    )


class RelectureTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User = get_user_model()
        cls.editor = User.objects.create_user("redacteur", "redacteur@astrac.be", "x")
        cls.editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        cls.moderator = User.objects.create_user("moderatrice", "moderatrice@astrac.be", "x")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        cls.theme = cls.tree.themes[1]

    def create_as_editor(self, title, action):
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:add", args=["pages", "resourcepage", self.theme.pk])
        data = resource_form(title, self.theme, slug=slugify(title))
        if action:
            data[action] = "1"
        response = self.client.post(url, data)
        if response.status_code != 302:
            form = response.context["form"]
            self.fail(f"{form.errors} {[f.errors for f in form.formsets.values()]}")
        return ResourcePage.objects.get(title=title)

    def task_state(self, page):
        state = page.current_workflow_state
        return state, state.current_task_state

    def test_the_whole_site_is_reviewed_by_relecture(self):
        workflow = Page.get_first_root_node().get_workflow()
        self.assertEqual(workflow.name, "Relecture")
        self.assertEqual([task.name for task in workflow.tasks], ["Relecture par un modérateur"])
        self.assertEqual(self.theme.get_workflow(), workflow)

    def test_an_editor_submits_and_a_moderator_approves_then_the_page_is_live(self):
        page = self.create_as_editor("Canevas d'entretien", "action-submit")
        self.assertFalse(page.live)
        state, task_state = self.task_state(page)
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.requested_by, self.editor)

        self.client.force_login(self.moderator)
        dashboard = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(dashboard, "Canevas d&#x27;entretien")  # « En attente de votre relecture »
        response = self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
            {"comment": "Parfait, merci !"},
        )
        self.assertEqual(response.status_code, 302)
        page.refresh_from_db()
        state.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)
        self.assertEqual(self.client.get(page.get_url()).status_code, 200)

    def post_edit_form(self, page, accept, **fields):
        """The moderator's edit form as the browser posts it: a click (HTML) or Wagtail's autosave (JSON)."""
        data = resource_form(page.title, self.theme, slug=page.slug, **fields)
        return self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_ACCEPT=accept)

    def test_autosave_carrying_an_approval_is_refused_and_the_page_stays_in_review(self):
        page = self.create_as_editor("Grille d'observation", "action-submit")
        self.client.force_login(self.moderator)
        response = self.post_edit_form(
            page, "application/json", **{"action-workflow-action": "true", "workflow-action-name": "approve"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error_code"], "blocked_by_hook")
        self.assertIn("ne fait pas avancer la relecture", response.json()["error_message"])
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)

    def test_approving_from_the_edit_form_publishes_and_the_autosave_replay_gets_json_not_an_error_page(self):
        page = self.create_as_editor("Carnet de bord", "action-submit")
        state = page.current_workflow_state
        self.client.force_login(self.moderator)
        approval = {"action-workflow-action": "true", "workflow-action-name": "approve"}
        click = self.post_edit_form(page, "text/html,application/xhtml+xml", **approval)
        self.assertEqual(click.status_code, 302)
        page.refresh_from_db()
        state.refresh_from_db()
        self.assertTrue(page.live)
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)
        revisions = page.revisions.count()
        # The background copy of the same form, arriving once the approval is done (Wagtail's race, #13856).
        replay = self.post_edit_form(page, "application/json", **approval)
        self.assertEqual(replay.status_code, 400)
        self.assertFalse(replay.json()["success"])
        self.assertEqual(page.revisions.count(), revisions)  # nothing saved by the replay

    def test_a_plain_autosave_still_saves_a_draft_revision(self):
        page = self.create_as_editor("Fiche pratique", None)
        revisions = page.revisions.count()
        self.client.force_login(self.editor)
        response = self.post_edit_form(page, "application/json", summary="Un résumé réécrit pendant la frappe.")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["success"])
        self.assertEqual(page.revisions.count(), revisions + 1)
        page.refresh_from_db()
        self.assertEqual(page.get_latest_revision_as_object().summary, "Un résumé réécrit pendant la frappe.")

    def test_the_edit_view_loads_the_autosave_guard_script(self):
        page = self.create_as_editor("Fiche méthode", None)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(response, "js/admin-autosave.js")

    def test_a_moderator_requests_changes_and_the_editor_reads_the_comment(self):
        page = self.create_as_editor("Fiche de rencontre", "action-submit")
        state, task_state = self.task_state(page)
        self.client.force_login(self.moderator)
        self.client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
            {"comment": "Ajoutez la date de la rencontre dans le résumé."},
        )
        state.refresh_from_db()
        page.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        self.assertFalse(page.live)

        self.client.force_login(self.editor)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(edit, "Ajoutez la date de la rencontre dans le résumé.")
        history = self.client.get(reverse("wagtailadmin_pages:workflow_history", args=[page.pk]))
        self.assertEqual(history.status_code, 200)

    def test_an_editor_cannot_publish_directly(self):
        page = self.create_as_editor("Brouillon de guide", "action-publish")
        self.assertFalse(page.live)  # Wagtail saved a draft: the publish action is not the editor's
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertNotContains(edit, 'name="action-publish"')
        self.assertContains(edit, 'name="action-submit"')
        response = self.client.post(
            reverse("wagtailadmin_api:pages:action", args=[page.pk, "publish"]), content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        page.refresh_from_db()
        self.assertFalse(page.live)

    def test_revisions_are_kept_and_compared(self):
        page = self.create_as_editor("Guide des entretiens", None)  # « Enregistrer le brouillon »
        self.client.force_login(self.editor)
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        self.client.post(url, resource_form("Guide des entretiens, version 2", self.theme, slug=page.slug))
        self.assertEqual(page.revisions.count(), 2)
        compare = self.client.get(reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]))
        self.assertContains(compare, "version 2")

    def test_a_page_in_review_is_locked_for_its_editor_until_the_review_ends(self):
        page = self.create_as_editor("Guide soumis", "action-submit")
        self.assertTrue(page.get_lock().for_user(self.editor))  # a moderator is reading it
        self.assertFalse(page.get_lock().for_user(self.moderator))

    def test_an_editor_locks_a_page_and_a_colleague_cannot_save_it(self):
        page = ResourcePageFactory(parent=self.theme, title="Page verrouillée")
        self.client.force_login(self.editor)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
        page.refresh_from_db()
        self.assertTrue(page.locked)
        self.assertEqual(page.locked_by, self.editor)
        colleague = get_user_model().objects.create_user("collegue", "collegue@astrac.be", "x")
        colleague.groups.add(Group.objects.get(name=EDITORS_GROUP))
        self.client.force_login(colleague)
        self.assertFalse(page.permissions_for_user(colleague).can_unlock())
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[page.pk]))
        page.refresh_from_db()
        self.assertTrue(page.locked)

    def test_a_scheduled_page_goes_live_with_publish_scheduled(self):
        page = ResourcePageFactory(
            parent=self.theme, title="Annonce programmée", live=False, first_published_at=None, last_published_at=None
        )
        go_live = timezone.now() + datetime.timedelta(hours=2)
        page.go_live_at = go_live
        revision = page.save_revision(user=self.moderator)
        revision.publish(user=self.moderator)
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertEqual(revision.approved_go_live_at, go_live)

        call_command("publish_scheduled", verbosity=0)
        page.refresh_from_db()
        self.assertFalse(page.live)  # not yet

        # Two hours later: the scheduled revision's date has passed.
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
        call_command("publish_scheduled", verbosity=0)
        page.refresh_from_db()
        self.assertTrue(page.live)
