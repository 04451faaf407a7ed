"""In Chromium, a visitor: reads « Voir aussi » under a resource and follows it, with its reason; downloads a
dossier in one ZIP and finds its documents and its LISEZ-MOI in it."""

import re
import zipfile

from tests.browser.helpers import axe_violations


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_a_visitor_follows_voir_aussi_and_sees_why_each_page_is_proposed(public_site, open_page, shoot):
    page = open_page()
    page.goto(public_site.resource.url)
    related = page.locator("section", has=page.get_by_role("heading", name="Voir aussi", exact=True))
    related.scroll_into_view_if_needed()
    shoot(page, "voir-aussi")
    assert_accessible(page)
    card = related.locator(".card", has=page.get_by_role("link", name=public_site.workshop.title))
    assert card.locator(".related__reason").inner_text() == "Même thématique : L'analyse partagée"
    titles = related.locator(".card__title").all_inner_texts()
    assert public_site.resource.title not in titles
    assert 1 <= len(titles) <= 5
    card.get_by_role("link", name=public_site.workshop.title).click()
    page.wait_for_url(re.compile(re.escape(public_site.workshop.url) + "$"))


def test_a_visitor_downloads_a_whole_dossier_in_one_zip(public_site, open_page, shoot):
    page = open_page()
    page.goto(public_site.approved.url)
    link = page.get_by_role("link", name="Télécharger tout le dossier (ZIP)")
    shoot(page, "dossier")
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "dossier-centre-culturel-de-jette-2023.zip"
    with zipfile.ZipFile(download.path()) as archive:
        names = archive.namelist()
        readme = archive.read("LISEZ-MOI.txt").decode("utf-8")
    assert names == ["LISEZ-MOI.txt", "01 - Projet d'action culturelle.pdf"]
    assert "Centre culturel : Centre culturel de Jette (Jette" in readme
    assert "pas comme des modèles à suivre" in readme
    # « De personne à personne »: no archive offered.
    page.goto(public_site.pending.url)
    assert page.get_by_role("link", name="Télécharger tout le dossier (ZIP)").count() == 0
