"""What was downloaded (pages/downloads.py, pages/downloads_admin.py): a browser's download of a document through
Wagtail's serve view counts once a day per request, robots, HEADs, resumed downloads and refused requests do not;
nothing personal is kept; editors read the counts per document and per dossier, day by day, and the ten most
downloaded on the dashboard."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from pages import downloads
from pages import models as m
from pages.contributions.drafts import _private_collection
from pages.models.media import default_collection
from pages.roles import EDITORS_GROUP
from tests.factories import DocumentFactory, DossierPageFactory
from tests.pages.base import SiteTreeTestCase, normalise

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"


def counts(document):
    return dict(m.DocumentDownloadDay.objects.filter(document=document).values_list("day", "count"))


class CountingTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = DocumentFactory(title="Projet d'action culturelle")

    def download(self, document=None, method="get", **headers):
        headers.setdefault("HTTP_USER_AGENT", BROWSER)
        response = getattr(self.client, method)((document or self.document).url, **headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        return response

    def test_each_download_by_a_browser_counts_once_on_its_day(self):
        for _ in range(3):
            self.assertEqual(self.download().status_code, 200)
        self.assertEqual(counts(self.document), {downloads.today(): 3})

    def test_robots_heads_and_resumed_downloads_do_not_count(self):
        for agent in (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0)",
            "curl/8.5.0",
            "python-requests/2.32.3",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
            "",
        ):
            with self.subTest(agent=agent):
                self.download(HTTP_USER_AGENT=agent)
        self.download(method="head")
        self.download(HTTP_RANGE="bytes=500-")
        self.assertEqual(counts(self.document), {})
        self.download(HTTP_RANGE="bytes=0-")  # the start of a download: counted
        self.assertEqual(counts(self.document), {downloads.today(): 1})

    def test_a_refused_download_does_not_count(self):
        collection = Collection.get_first_root_node().add_child(name="Conseil d'administration")
        login = CollectionViewRestriction.LOGIN
        CollectionViewRestriction.objects.create(collection=collection, restriction_type=login)
        secret = DocumentFactory(title="Procès-verbal", collection=collection)
        response = self.download(secret)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(counts(secret), {})

    def test_days_are_counted_apart_and_nothing_personal_is_kept(self):
        yesterday = downloads.today() - datetime.timedelta(days=1)
        downloads.record_download(self.document, yesterday)
        downloads.record_download(self.document, yesterday)
        downloads.record_download(self.document)
        self.assertEqual(counts(self.document), {yesterday: 2, downloads.today(): 1})
        columns = {field.name for field in m.DocumentDownloadDay._meta.concrete_fields}
        self.assertEqual(columns, {"id", "document", "day", "count"})


class DownloadsAdminTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = get_user_model().objects.create_user("camille", "camille@astrac.be", "x")
        cls.editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        shared = default_collection()  # « Documents »: the editors' (the root collection is the administrators')
        cls.project = DocumentFactory(title="Projet d'action culturelle", collection=shared)
        cls.analysis = DocumentFactory(title="Analyse partagée du territoire", collection=shared)
        cls.quiet = DocumentFactory(title="Annexe jamais lue", collection=shared)
        cls.secret = DocumentFactory(title="Budget du conseil", collection=_private_collection())
        downloads.record_download(cls.secret)
        cls.dossier = DossierPageFactory(
            parent=cls.tree.dossier_library,
            title="Dossier du Centre culturel de Marchin",
            access_mode=m.AccessMode.DOWNLOAD,
            documents=[m.DossierPageDocument(document=d) for d in (cls.project, cls.analysis, cls.quiet)],
        )
        today = downloads.today()
        for days_ago, document, times in ((0, cls.project, 4), (3, cls.analysis, 2), (60, cls.analysis, 5)):
            for _ in range(times):
                downloads.record_download(document, today - datetime.timedelta(days=days_ago))

    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_report_ranks_documents_and_dossiers(self):
        response = self.client.get(reverse("downloads_report"))
        self.assertEqual(response.status_code, 200)
        soup = self.get_soup(response.content)
        rows = [[normalise(cell.get_text()) for cell in row.select("th, td")] for row in soup.select("tbody tr")]
        self.assertEqual(rows[0], ["Analyse partagée du territoire", "Documents", "7", "2"])
        self.assertEqual(rows[1], ["Projet d'action culturelle", "Documents", "4", "4"])
        self.assertNotIn("Budget du conseil", response.content.decode())  # the moderators' private collection
        self.assertIn(["Dossier du Centre culturel de Marchin", "11"], rows)
        self.assertNotIn("Annexe jamais lue", response.content.decode())

    def test_a_dossier_adds_up_its_documents_day_by_day(self):
        response = self.client.get(reverse("dossier_downloads", args=[self.dossier.pk]), {"jours": "7"})
        self.assertEqual(response.status_code, 200)
        self.assertShows(response, "11 téléchargements", "6 téléchargements")  # in all; in the last 7 days
        days = response.context["days"]
        self.assertEqual(len(days), 7)
        self.assertEqual(days[-1]["downloads"], 4)
        self.assertEqual(days[-4]["downloads"], 2)
        self.assertEqual(len(response.context["chart"]["bars"]), 7)

    def test_a_document_shows_its_own_and_a_bad_period_gets_a_french_error(self):
        url = reverse("document_downloads", args=[self.analysis.pk])
        response = self.client.get(url, {"jours": "90"})
        self.assertShows(response, "7 téléchargements")
        response = self.client.get(url, {"debut": "2026-12-01", "fin": "2026-01-01"})
        self.assertEqual(response.status_code, 200)
        self.assertShows(response, "La date de début doit précéder la date de fin.")
        self.assertEqual(self.client.get(reverse("document_downloads", args=[999999])).status_code, 404)

    def test_the_dashboard_lists_the_most_downloaded(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        soup = self.get_soup(response.content)
        panel = soup.find(id="most-downloaded-section")
        self.assertIsNotNone(panel)
        titles = [normalise(a.get_text()) for a in panel.select("tbody th a")]
        self.assertEqual(titles, ["Analyse partagée du territoire", "Projet d'action culturelle"])

    def test_a_restricted_documents_downloads_are_for_who_may_edit_it(self):
        self.assertEqual(self.client.get(reverse("document_downloads", args=[self.secret.pk])).status_code, 302)
        self.client.force_login(get_user_model().objects.create_superuser("admin", "admin@astrac.be", "x"))
        response = self.client.get(reverse("document_downloads", args=[self.secret.pk]))
        self.assertShows(response, "1 téléchargement de « Budget du conseil »")

    def test_visitors_without_the_admin_see_nothing(self):
        self.client.logout()
        response = self.client.get(reverse("downloads_report"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
