"""A test case with the platform's site tree, and helpers to read pages as a visitor does."""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from pages.blocks import RICH_TEXT_FEATURES
from tests.factories import build_site_tree


def normalise(text):
    return " ".join(str(text).split())


class SiteTreeTestCase(WagtailPageTestCase):
    """Builds the tree once per class: home, toolbox and four themes, both libraries, rencontres."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site_tree()

    def get_page(self, page, params=None, status=200):
        # get_url(), not .url: LinkPage has a model field named `url` that shadows Page.url.
        url = page.get_url()
        response = self.client.get(url, params or {})
        self.assertEqual(response.status_code, status, f"{url} {params or ''}")
        return response

    def visible_text(self, response):
        """The text a visitor reads (entities decoded, whitespace collapsed), without scripts."""
        soup = self.get_soup(response.content)
        for hidden in soup(["script", "style", "template"]):
            hidden.decompose()
        return normalise(soup.get_text(" "))

    def assertShows(self, response, *texts):
        shown = self.visible_text(response)
        for text in texts:
            self.assertIn(normalise(text), shown)

    def assertDoesNotShow(self, response, *texts):
        shown = self.visible_text(response)
        for text in texts:
            self.assertNotIn(normalise(text), shown)

    def assertNeverInHtml(self, response, secret):
        """Not in the text, not in an attribute, not URL-encoded in a mailto link."""
        html = response.content.decode()
        for form in (secret, secret.replace("@", "%40"), secret.replace("@", "&#64;")):
            self.assertNotIn(form, html)

    def assertPreviewable(self, page, *stream_fields):
        """assertPageIsPreviewable, with StreamField data added: Wagtail 8 renders streams in JavaScript,
        so they are missing from the edit form's HTML."""
        self.client.force_login(self.preview_user())
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        paragraph = rich_text("<p>Un paragraphe en aperçu.</p>", features=RICH_TEXT_FEATURES)
        for name in stream_fields:
            data.update(nested_form_data({name: streamfield([("paragraph", paragraph)])}))
        self.assertPageIsPreviewable(page, post_data=data)

    def preview_user(self):
        if not hasattr(self, "_preview_user"):
            self._preview_user = self.create_superuser("relecture", email="relecture@astrac.be", password="x")
        return self._preview_user

    @staticmethod
    def french_size(document):
        """The size as the templates show it: filesizeformat in French (« 2,5 Kio »)."""
        with translation.override("fr"):
            return normalise(filesizeformat(document.file_size))
