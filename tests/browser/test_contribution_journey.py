"""In Chromium: a visitor proposes a resource with a PDF at /contribuer/, a moderator accepts it in the admin
and finds the draft page with the document attached.

Debian's Chromium drives the test through Playwright (no browser download: `executable_path`). Screenshots of
each step go to test-output/browser/. Any console error, uncaught exception, failed request or error status on
the public pages fails the test.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import sync_playwright

from pages.models import Contribution, ContributionPage, ContributionStatus, ResourcePage
from pages.moderation import MODERATORS_GROUP, PUBLIC_COLLECTION
from tests.factories import build_site_tree, minimal_pdf

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(django_settings.BASE_DIR) / "test-output" / "browser"
PASSWORD = "une-phrase-de-passe-solide"  # noqa: S105 - a throwaway account of the test database

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread: Django would refuse the test's own queries.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class PublicPageProblems:
    """Console errors, uncaught exceptions, failed requests and error responses seen on public pages."""

    def __init__(self, page, base_url):
        self.base_url = base_url
        self.problems = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(f"request failed: {request.url}"))
        page.on("response", self.on_response)

    def on_console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def on_response(self, response):
        if response.url.startswith(self.base_url) and response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def site(settings):
    settings.CONTRIBUTION_MIN_FILL_SECONDS = 0  # the browser fills the form faster than a person
    tree = build_site_tree()
    tree.home.add_child(
        instance=ContributionPage(
            title="Contribuer",
            slug="contribuer",
            intro="<p>Partagez une ressource, un lien utile ou le dossier de votre Centre culturel.</p>",
        )
    )
    moderator = get_user_model().objects.create_user("moderatrice", "moderatrice@astrac.be", PASSWORD)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return tree


def test_a_visitor_proposes_a_resource_and_a_moderator_accepts_it(site, browser, live_server, tmp_path):
    base_url = live_server.url
    pdf = tmp_path / "canevas-analyse-partagee.pdf"
    pdf.write_bytes(minimal_pdf("Canevas d'analyse partagée"))

    # --- The visitor ---------------------------------------------------------------------------------------
    visitor = browser.new_context(locale="fr-BE")
    page = visitor.new_page()
    watched = PublicPageProblems(page, base_url)

    page.goto(f"{base_url}/contribuer/")
    shoot(page, "01-formulaire-vide")
    page.get_by_label("Une ressource", exact=True).check()
    page.get_by_label("Titre", exact=True).fill("Canevas d'entretien pour l'analyse partagée")
    page.get_by_label("Description", exact=True).fill(
        "Le canevas d'entretien que notre équipe a utilisé avec les habitants pendant l'analyse partagée."
    )
    page.get_by_label("L'analyse partagée", exact=True).check()
    page.get_by_label("Fichiers", exact=True).set_input_files(str(pdf))
    page.get_by_label("Votre nom", exact=True).fill("Camille Dupont")
    page.get_by_label("Votre adresse e-mail", exact=True).fill("camille.dupont@cc-exemple.be")
    page.locator("input[name=consent_licence]").check()
    page.locator("input[name=consent_personal_data]").check()
    shoot(page, "02-formulaire-rempli")
    page.get_by_role("button", name="Envoyer ma contribution").click()
    page.wait_for_load_state("networkidle")

    shoot(page, "03-confirmation")
    assert "Votre contribution a bien été envoyée." in page.content(), page.url
    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.files.count() == 1
    assert watched.problems == []
    visitor.close()

    # --- The moderator ---------------------------------------------------------------------------------------
    admin = browser.new_context(locale="fr-BE", viewport={"width": 1400, "height": 900})
    page = admin.new_page()
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill("moderatrice")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/admin/")
    assert "Contributions en attente (1)" in page.content()
    shoot(page, "04-tableau-de-bord")

    page.goto(f"{base_url}/admin/contributions/")
    shoot(page, "05-file-de-moderation")
    page.get_by_role("link", name="Canevas d'entretien pour l'analyse partagée").first.click()
    page.wait_for_load_state()
    assert "camille.dupont@cc-exemple.be" in page.content()
    assert "canevas-analyse-partagee.pdf" in page.content()
    shoot(page, "06-detail-de-la-contribution")

    page.get_by_role("button", name="Accepter (créer le brouillon)").click()
    page.wait_for_url(f"{base_url}/admin/contributions/")
    assert "la page a été créée en brouillon et soumise à la validation" in page.content()
    shoot(page, "07-contribution-acceptee")

    page.get_by_role("link", name="Modifier le brouillon").click()
    page.wait_for_load_state()
    shoot(page, "08-brouillon-de-la-page")
    draft = ResourcePage.objects.get()
    assert page.url.endswith(f"/admin/pages/{draft.pk}/edit/")
    assert not draft.live
    assert draft.get_parent().slug == "analyse-partagee"
    document = draft.documents.get().document
    assert document.collection.name == PUBLIC_COLLECTION
    # The editor shows the attached document in the page's « Documents à télécharger » panel.
    assert page.get_by_text(document.title).first.is_visible()
    assert draft.workflow_in_progress
    admin.close()
