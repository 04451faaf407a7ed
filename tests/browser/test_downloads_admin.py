"""In Chromium, an editor: a visitor's download shows on the dashboard's « Les plus téléchargés », and the document's
downloads read as a chart and its table; a broken link shows on the dashboard and in « Liens à vérifier » with the
page holding it (the admin's pages pass axe's checks)."""

import re

from pages.models.media import default_collection
from tests.browser.helpers import axe_violations, log_in


def test_an_editor_reads_what_was_downloaded(public_site, staff, open_page, shoot):
    # In « Documents », the editors' collection (the root one is the administrators').
    document = public_site.approved.documents.get().document
    document.collection = default_collection()
    document.save()
    # Headless Chromium says so in its user agent, and robots are not counted: the visitor's is a desktop browser's.
    visitor = open_page(user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
    visitor.goto(public_site.approved.url)
    with visitor.expect_download():
        visitor.get_by_role("link", name=re.compile(r"^Projet d'action culturelle")).first.click()

    page = open_page()
    log_in(page, staff.editor.username)
    panel = page.locator("#most-downloaded-section")
    assert panel.locator("tbody tr").first.inner_text().split("\t") == [
        "Projet d'action culturelle",
        "Documents",
        "1",
        "1",
    ]
    panel.get_by_role("link", name="Projet d'action culturelle").click()
    page.wait_for_url(re.compile(r"/admin/telechargements/document/\d+/$"))
    assert page.get_by_text("1 téléchargement de « Projet d'action culturelle »").is_visible()
    assert page.get_by_role("img", name=re.compile(r"^Téléchargements par jour du")).is_visible()
    shoot(page, "telechargements-document")
    violations = axe_violations(page, "main")
    assert not violations, "\n".join(violations)


def test_an_editor_reads_the_links_to_check(public_site, staff, open_page, shoot):
    from django.utils import timezone

    from pages.models import LinkCheck, LinkState

    now = timezone.now()
    LinkCheck.objects.create(
        url="https://www.gallilex.cfwb.be/ancien-lien",
        state=LinkState.BROKEN,
        status_code=404,
        error="Le serveur répond 404.",
        page_ids=[public_site.link.pk],
        checked_at=now,
        first_failure_at=now,
    )
    page = open_page()
    log_in(page, staff.editor.username)
    panel = page.locator("#link-checks-section")
    assert "1 lien cassé et 0 lien redirigé" in " ".join(panel.inner_text().split())
    panel.get_by_role("link", name="Voir les liens à vérifier").click()
    page.wait_for_url(re.compile(r"/admin/liens-a-verifier/$"))
    row = page.locator("tbody tr").first
    assert "Le serveur répond 404." in row.inner_text()
    assert row.get_by_role("link", name=public_site.link.title).is_visible()
    shoot(page, "liens-a-verifier")
    violations = axe_violations(page, "main")
    assert not violations, "\n".join(violations)
