"""The moderation queue in the admin: who sees what, and who sees what and what each page shows.

Only « Modérateurs » and superusers see contributions; « Éditeurs » edit pages but never see a contribution.
"""

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pages.models import ContributionStatus, ResourcePage
from tests.factories.contributions import ContributionFactory, ContributionFileFactory
from tests.pages.contributions.admin_queue import (
    LOGIN_URL,
    QueueTestCase,
    action_url,
    download_url,
    inspect_url,
    list_url,
)


class PermissionTableTests(QueueTestCase):
    """Each URL of the queue, for an anonymous visitor, an editor, a moderator and a superuser."""

    def requests(self):
        return [
            ("list", "get", list_url(), {}),
            ("inspect", "get", inspect_url(self.contribution), {}),
            ("download", "get", download_url(self.file), {}),
            ("refuse form", "get", action_url("refuse", self.contribution), {}),
            ("accept", "post", action_url("accept", self.contribution), {}),
            ("refuse", "post", action_url("refuse", self.contribution), {"reason": "Hors sujet."}),
            ("spam", "post", action_url("spam", self.contribution), {}),
            ("requests list", "get", reverse("demandes-de-dossiers_modeladmin_index"), {}),
        ]

    def assertUnchanged(self):
        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.status, ContributionStatus.PENDING)
        self.assertFalse(ResourcePage.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_anonymous_visitors_are_sent_to_the_login_page(self):
        self.login(None)
        for label, method, url, data in self.requests():
            with self.subTest(label):
                response = getattr(self.client, method)(url, data)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(LOGIN_URL), response["Location"])
        self.assertUnchanged()

    def test_editors_are_turned_away_from_every_url(self):
        self.login(self.editor)
        # An editor does use the admin: the page explorer is theirs (from the home page, their sections' parent).
        self.assertEqual(self.client.get(reverse("wagtailadmin_explore_root"), follow=True).status_code, 200)
        for label, method, url, data in self.requests():
            with self.subTest(label):
                response = getattr(self.client, method)(url, data)
                self.assertIn(response.status_code, (302, 403))
                if response.status_code == 302:
                    self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
                self.assertNotContains(response, "Canevas d'entretien", status_code=response.status_code)
        self.assertUnchanged()

    def test_editors_do_not_see_the_menu_nor_the_dashboard_panel(self):
        self.login(self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Contributions à traiter")
        self.assertNotContains(response, list_url())

    def test_moderators_and_superusers_read_the_queue_the_detail_and_the_files(self):
        for user in (self.moderator, self.admin):
            self.login(user)
            with self.subTest(user.username):
                self.assertContains(self.client.get(list_url()), "Canevas d&#x27;entretien avec les habitants")
                self.assertContains(self.client.get(inspect_url(self.contribution)), "camille@cc-rochefort.be")
                self.assertContains(self.client.get(action_url("refuse", self.contribution)), "Motif du refus")
                response = self.client.get(download_url(self.file))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.client.get(reverse("demandes-de-dossiers_modeladmin_index")).status_code, 200)

    def test_a_moderator_can_accept(self):
        self.login(self.moderator)
        response = self.client.post(action_url("accept", self.contribution))
        self.assertRedirects(response, list_url())
        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.status, ContributionStatus.ACCEPTED)

    def test_a_superuser_can_accept(self):
        self.login(self.admin)
        self.client.post(action_url("accept", self.contribution))
        self.contribution.refresh_from_db()
        self.assertEqual(self.contribution.status, ContributionStatus.ACCEPTED)
        self.assertEqual(self.contribution.processed_by, self.admin)

    def test_a_moderator_and_a_superuser_can_refuse_and_mark_as_spam(self):
        other = ContributionFactory()
        for user, contribution, action, data, status in (
            (self.moderator, self.contribution, "refuse", {"reason": "Hors sujet."}, ContributionStatus.REFUSED),
            (self.admin, other, "spam", {}, ContributionStatus.SPAM),
        ):
            self.login(user)
            response = self.client.post(action_url(action, contribution), data)
            self.assertRedirects(response, list_url())
            contribution.refresh_from_db()
            self.assertEqual(contribution.status, status)


class QueueListTests(QueueTestCase):
    def test_the_list_shows_title_kind_centre_contributor_status_date_and_number_of_files(self):
        ContributionFileFactory(contribution=self.contribution)
        self.contribution.new_centre_name = "Centre culturel de Chênée"
        self.contribution.save()
        self.login(self.moderator)
        response = self.client.get(list_url())
        text = self.visible_text(response)
        for expected in (
            "Canevas d'entretien avec les habitants",
            "Une ressource",
            "Centre culturel de Chênée",
            "Camille Dupont",
            "En attente",
            timezone.localtime(self.contribution.created_at).strftime("%d/%m/%Y %H:%M"),
        ):
            self.assertIn(expected, text)
        soup = self.get_soup(response.content)
        row = soup.select_one("tbody tr")
        self.assertEqual(row.select_one("td.field-file_count").get_text(strip=True), "2")

    def test_the_list_is_filtered_by_kind_status_date_and_theme(self):
        ContributionFactory(title="Le portail du décret", kind="lien", url="https://example.org/")
        ContributionFactory(title="Un vieux refus", status=ContributionStatus.REFUSED)
        self.login(self.moderator)
        cases = {
            "kind=lien": "Le portail du décret",
            f"status={ContributionStatus.REFUSED}": "Un vieux refus",
            f"themes__page_ptr__exact={self.tree.theme['analyse-partagee'].pk}": "Canevas d'entretien",
        }
        for query, only in cases.items():
            with self.subTest(query):
                response = self.client.get(f"{list_url()}?{query}")
                rows = self.get_soup(response.content).select("tbody tr")
                titles = [row.select_one("td.title a").get_text(strip=True) for row in rows]
                self.assertTrue(titles and all(only in t for t in titles), titles)
        # The date filter offers Django's periods (today, the past 7 days, this month, this year).
        response = self.client.get(list_url())
        self.assertContains(response, "created_at__gte=")
        response = self.client.get(list_url(), {"created_at__gte": "2000-01-01 00:00:00+00:00"})
        self.assertContains(response, "Un vieux refus")

    def test_the_list_searches_title_description_contributor_and_centre(self):
        ContributionFactory(title="Autre chose", contributor_name="Dominique", contributor_email="dom@example.org")
        self.login(self.moderator)
        self.contribution.new_centre_name = "Centre culturel de Chênée"
        self.contribution.save()
        for term in ("entretien", "camille@cc-rochefort", "Camille Dupont", "Rochefort", "Chênée"):
            with self.subTest(term):
                response = self.client.get(list_url(), {"q": term})
                self.assertContains(response, "Canevas d&#x27;entretien")
        response = self.client.get(list_url(), {"q": "dom@example.org"})
        self.assertNotContains(response, "Canevas d&#x27;entretien")
        self.assertContains(response, "Autre chose")

    def test_nobody_adds_edits_or_deletes_a_contribution_from_the_admin(self):
        self.login(self.admin)
        response = self.client.get(list_url())
        self.assertNotContains(response, reverse("contributions_modeladmin_create"))
        for name in ("edit", "delete"):
            url = reverse(f"contributions_modeladmin_{name}", args=[self.contribution.pk])
            self.assertNotEqual(self.client.get(url).status_code, 200)


class InspectAndDownloadTests(QueueTestCase):
    def test_the_detail_shows_everything_with_the_files_and_the_actions(self):
        self.login(self.moderator)
        response = self.client.get(inspect_url(self.contribution))
        text = self.visible_text(response)
        for expected in (
            "Canevas d'entretien avec les habitants",
            self.contribution.description,
            "L'analyse partagée",
            "Camille Dupont",
            "camille@cc-rochefort.be",
            "Animatrice",
            "canevas entretien.pdf",
            "Accepter",
            "Refuser",
            "Indésirable",
        ):
            self.assertIn(expected, text)
        soup = self.get_soup(response.content)
        self.assertIsNotNone(soup.select_one(f'a[href="{download_url(self.file)}"]'))
        for action in ("accept", "spam"):
            form = soup.select_one(f'form[action="{action_url(action, self.contribution)}"]')
            self.assertEqual(form["method"], "post")
            self.assertIsNotNone(form.select_one("input[name=csrfmiddlewaretoken]"))

    def test_a_file_is_downloaded_as_an_attachment_never_rendered(self):
        self.login(self.moderator)
        response = self.client.get(download_url(self.file))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("canevas", response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))
        # Not response.close(): it sends request_finished, which would close the test's database connection.

    def test_files_have_no_public_url(self):
        with self.assertRaisesMessage(ValueError, "Private files have no URL"):
            self.file.file.url  # noqa: B018
        self.login(None)
        self.assertEqual(self.client.get(f"/media/{self.file.file.name}").status_code, 404)

    def test_once_accepted_the_detail_links_the_draft_and_hides_the_actions(self):
        self.login(self.moderator)
        self.client.post(action_url("accept", self.contribution))
        self.contribution.refresh_from_db()
        response = self.client.get(inspect_url(self.contribution))
        self.assertContains(response, reverse("wagtailadmin_pages:edit", args=[self.contribution.page_id]))
        self.assertNotContains(response, action_url("accept", self.contribution))
        # The private copy is gone: the file is now the published document.
        self.assertEqual(self.client.get(download_url(self.file)).status_code, 404)
