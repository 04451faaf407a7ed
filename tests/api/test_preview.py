"""Headless preview: an editor's unsaved changes of any page type, read by a front end with a short-lived token."""

import re
import time
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from pages.api.preview import TOKEN_SALT, headless_preview
from pages.blocks import RICH_TEXT_FEATURES
from pages.models import HEADLESS_PREVIEW_MODE, ContributionPage, PagePreview, StandardPage
from tests.factories import (
    CulturalCentreFactory,
    DossierPageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
)
from tests.pages.base import SiteTreeTestCase

FRONT_END = "https://front.exemple.be/apercu?site=astrac"
PREVIEW_API = "/api/v2/preview/"
CHANGED_TITLE = "Titre modifié, pas encore enregistré"


class OldTimestampSigner(signing.TimestampSigner):
    """Signs as if it were `seconds` ago: a token the front end would get back too late."""

    def __init__(self, seconds, **kwargs):
        super().__init__(**kwargs)
        self.seconds = seconds

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - self.seconds)


@override_settings(HEADLESS_PREVIEW_URL=FRONT_END, HEADLESS_PREVIEW_MAX_AGE=600)
class HeadlessPreviewTests(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tree = cls.tree
        cls.centre = CulturalCentreFactory(name="Centre culturel de Ciney", contact_email="direction@cc-ciney-prive.be")
        cls.pages = {
            "home": (tree.home, []),
            "theme_index": (tree.theme_index, []),
            "theme": (tree.theme["autres"], ["body"]),
            "resource": (ResourcePageFactory(parent=tree.theme["autres"], title="Canevas"), ["body"]),
            "dossier_library": (tree.dossier_library, []),
            "dossier": (DossierPageFactory(parent=tree.dossier_library, centre=cls.centre), []),
            "link_library": (tree.link_library, []),
            "link": (LinkPageFactory(parent=tree.link_library), []),
            "workshop_index": (tree.workshop_index, []),
            "workshop": (WorkshopReportPageFactory(parent=tree.workshop_index), ["body"]),
            "standard": (StandardPageFactory(parent=tree.home, title="Le projet"), ["body"]),
            "contribution": (
                tree.home.add_child(instance=ContributionPage(title="Contribuer", slug="contribuer")),
                [],
            ),
        }

    def edit_form_data(self, page, stream_fields, **changes):
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        paragraph = rich_text("<p>Un paragraphe en aperçu.</p>", features=RICH_TEXT_FEATURES)
        for name in stream_fields:
            data.update(nested_form_data({name: streamfield([("paragraph", paragraph)])}))
        for name, value in changes.items():
            data[name] = value
        return data

    def preview_on_front_end(self, preview_url, data):
        """What the editor's preview panel shows in « Front-end » mode, and the token it hands the front end."""
        posted = self.client.post(preview_url, data)
        self.assertEqual(posted.status_code, 200)
        self.assertJSONEqual(posted.content, {"is_valid": True, "is_available": True})
        response = self.client.get(preview_url, {"mode": HEADLESS_PREVIEW_MODE})
        self.assertEqual(response.status_code, 200)
        src = unescape(re.search(r'<iframe src="([^"]+)"', response.content.decode()).group(1))
        parts = urlsplit(src)
        self.assertEqual(f"{parts.scheme}://{parts.netloc}{parts.path}", "https://front.exemple.be/apercu")
        query = parse_qs(parts.query)
        self.assertEqual(query["site"], ["astrac"])
        return response, query["token"][0]

    def editor_previews(self, page, stream_fields, **changes):
        self.client.force_login(self.preview_user())
        data = self.edit_form_data(page, stream_fields, title=CHANGED_TITLE, **changes)
        response, token = self.preview_on_front_end(reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), data)
        self.client.logout()
        return response, token

    def read(self, token=None, **params):
        if token is not None:
            params["token"] = token
        return self.client.get(PREVIEW_API, params)

    def test_the_front_end_mode_is_offered_only_when_a_front_end_is_configured(self):
        page = self.tree.home
        self.assertIn((HEADLESS_PREVIEW_MODE, "Front-end (headless)"), page.preview_modes)
        with override_settings(HEADLESS_PREVIEW_URL=""):
            self.assertNotIn(HEADLESS_PREVIEW_MODE, [mode for mode, _label in page.preview_modes])

    def test_unsaved_changes_of_every_page_type_are_readable_with_the_token_as_the_api_serializes_them(self):
        for name, (page, stream_fields) in self.pages.items():
            with self.subTest(page_type=name):
                response, token = self.editor_previews(page, stream_fields)
                self.assertContains(response, "Ouvrir l'aperçu dans un nouvel onglet")
                self.assertIn("no-store", response["Cache-Control"])

                answer = self.read(token)
                self.assertEqual(answer.status_code, 200, answer.content)
                self.assertEqual(answer["Cache-Control"], "private, no-store")
                data = answer.json()
                self.assertEqual(data["id"], page.pk)
                self.assertEqual(data["title"], CHANGED_TITLE)
                self.assertEqual(data["meta"]["type"], f"pages.{type(page).__name__}")
                # The same shape as the pages endpoint's detail for the saved page.
                saved = self.client.get(f"/api/v2/pages/{page.pk}/")
                self.assertEqual(saved.status_code, 200)
                self.assertEqual(set(data), set(saved.json()))
                # Nothing was saved: the site and the API still show the saved title.
                page.refresh_from_db()
                self.assertNotEqual(page.title, CHANGED_TITLE)
                self.assertNotEqual(saved.json()["title"], CHANGED_TITLE)
                if stream_fields:
                    self.assertIn("Un paragraphe en aperçu.", answer.content.decode())

    def test_the_preview_of_a_dossier_never_shows_the_centres_private_address(self):
        page, stream_fields = self.pages["dossier"]
        _response, token = self.editor_previews(page, stream_fields)
        answer = self.read(token)
        self.assertEqual(answer.status_code, 200)
        self.assertNotIn("direction@cc-ciney-prive.be", answer.content.decode())

    def test_a_page_not_yet_created_can_be_previewed(self):
        self.client.force_login(self.preview_user())
        add_url = reverse("wagtailadmin_pages:add", args=["pages", "standardpage", self.tree.home.pk])
        data = querydict_from_html(self.client.get(add_url).content.decode(), form_id="page-edit-form")
        data.update(nested_form_data({"body": streamfield([])}))
        data["title"], data["slug"] = "Nouvelle page en préparation", "nouvelle-page"
        preview_url = reverse("wagtailadmin_pages:preview_on_add", args=["pages", "standardpage", self.tree.home.pk])
        _response, token = self.preview_on_front_end(preview_url, data)
        self.client.logout()
        answer = self.read(token)
        self.assertEqual(answer.status_code, 200, answer.content)
        data = answer.json()
        self.assertEqual(data["title"], "Nouvelle page en préparation")
        self.assertEqual(data["meta"]["type"], "pages.StandardPage")
        self.assertIsNone(data["id"])
        self.assertIsNone(data["meta"]["detail_url"])
        self.assertEqual(data["meta"]["parent"]["id"], self.tree.home.pk)
        self.assertFalse(StandardPage.objects.filter(slug="nouvelle-page").exists())

    def test_without_a_token_the_preview_is_refused_in_french(self):
        self.editor_previews(*self.pages["standard"])
        answer = self.read()
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(
            answer.json(),
            {"message": "Le paramètre « token » est obligatoire : ouvrez l'aperçu depuis l'administration."},
        )
        self.assertNotIn(CHANGED_TITLE, answer.content.decode())

    def test_a_tampered_or_forged_token_is_refused(self):
        _response, token = self.editor_previews(*self.pages["standard"])
        key = PagePreview.objects.get().key
        forged = [
            token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature altered
            token.replace(key, key[:-1] + ("x" if key[-1] != "x" else "y")),  # key altered
            signing.TimestampSigner(salt="autre").sign(key),  # signed for something else
            signing.TimestampSigner(key="pas-la-cle-du-site", salt=TOKEN_SALT).sign(key),  # not our secret
            key,  # unsigned
        ]
        for value in forged:
            with self.subTest(token=value):
                answer = self.read(value)
                self.assertEqual(answer.status_code, 403)
                self.assertEqual(answer.json(), {"message": "Ce jeton d'aperçu n'est pas valide."})
                self.assertNotIn(CHANGED_TITLE, answer.content.decode())
        self.assertEqual(self.read(token).status_code, 200)

    def test_an_expired_token_is_refused(self):
        _response, token = self.editor_previews(*self.pages["standard"])
        key = PagePreview.objects.get().key
        late = OldTimestampSigner(601, salt=TOKEN_SALT).sign(key)
        answer = self.read(late)
        self.assertEqual(answer.status_code, 403)
        self.assertEqual(
            answer.json(), {"message": "Ce jeton d'aperçu a expiré : relancez l'aperçu depuis l'administration."}
        )
        self.assertEqual(self.read(OldTimestampSigner(590, salt=TOKEN_SALT).sign(key)).status_code, 200)

    def test_a_preview_older_than_its_lifetime_is_refused_and_purged_by_the_next_one(self):
        _response, token = self.editor_previews(*self.pages["standard"])
        PagePreview.objects.update(created_at=timezone.now() - timedelta(seconds=601))
        self.assertEqual(self.read(token).status_code, 403)
        _response, newer = self.editor_previews(*self.pages["theme"])
        self.assertEqual(PagePreview.objects.count(), 1)
        self.assertEqual(self.read(newer).status_code, 200)

    def test_users_without_admin_access_cannot_create_previews(self):
        page, stream_fields = self.pages["standard"]
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        # Anonymous: the admin sends them to its login page.
        response = self.client.get(preview_url, {"mode": HEADLESS_PREVIEW_MODE})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
        # A member of the public with an account: no access to the admin.
        visitor = self.create_user("visiteur", email="visiteur@exemple.be", password="x")
        self.client.force_login(visitor)
        response = self.client.get(preview_url, {"mode": HEADLESS_PREVIEW_MODE})
        self.assertIn(response.status_code, (302, 403))
        self.assertEqual(PagePreview.objects.count(), 0)
        # And the method itself refuses a request without an editor behind it.
        request = RequestFactory().get("/")
        request.user = visitor
        with self.assertRaises(PermissionDenied):
            headless_preview(page, request)
        self.assertEqual(PagePreview.objects.count(), 0)

    def test_the_preview_api_answers_get_only(self):
        response = self.client.post(PREVIEW_API, {"token": "x"})
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")
