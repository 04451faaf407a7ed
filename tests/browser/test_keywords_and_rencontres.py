"""In Chromium, a visitor: follows a resource's keyword to the listing of the pages with that keyword, then
searches among them (the search narrowed by the keyword); filters the past rencontres of /rencontres/ by theme
and year."""

import datetime
import re

from search.indexing import refresh_entry
from tests.browser.helpers import axe_violations
from tests.factories import ResourcePageFactory, StandardPageFactory, WorkshopReportPageFactory


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_a_visitor_follows_a_keyword_from_a_resource_to_its_pages_and_their_search(public_site, open_page, shoot):
    resource = public_site.resource
    resource.tags.add("participation", "territoire")
    resource.save()
    other = ResourcePageFactory(parent=public_site.tree.theme["autres"], title="Associer les habitants au projet")
    other.tags.add("participation")
    other.save()
    ResourcePageFactory(parent=public_site.tree.theme["autres"], title="Brouillon participatif", live=False).tags.add(
        "participation"
    )
    unrelated = ResourcePageFactory(parent=public_site.tree.theme["autres"], title="Écrire le projet culturel")
    for published in (resource, other, unrelated):
        refresh_entry(published)  # as publishing it does

    page = open_page()
    page.goto(resource.url)
    keywords = page.locator(".tag-list").last
    assert keywords.get_by_role("link").all_inner_texts() == ["participation", "territoire"]
    keywords.get_by_role("link", name="participation").click()
    page.wait_for_url(re.compile(r"/mots-cles/participation/$"))
    shoot(page, "mot-cle")
    assert_accessible(page)
    # Non-breaking spaces inside the guillemets: « never alone at a line's start or end.
    assert page.get_by_role("heading", level=1).inner_text() == "Pages avec le mot-clé «\u00a0participation\u00a0»"
    assert page.title().startswith("Pages avec le mot-clé «\u00a0participation\u00a0»")
    cards = page.locator(".card-grid .card__title")
    assert cards.all_inner_texts() == [other.title, resource.title]  # newest first; the draft never listed
    assert page.get_by_text("2 ressources").is_visible()

    search = page.get_by_role("search", name="Chercher parmi ces pages")
    search.get_by_label("Chercher parmi les pages avec le mot-clé «\u00a0participation\u00a0»").fill("projet")
    search.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"/recherche/\?keyword=participation&q=projet$"))
    shoot(page, "recherche-mot-cle")
    assert_accessible(page)
    # Among the keyword's pages only: « Écrire le projet culturel » does not carry it.
    assert page.locator(".search-hit__title").all_inner_texts() == [other.title]
    assert page.get_by_role("link", name=re.compile(r"Mot-clé : participation")).is_visible()
    page.get_by_role("link", name=re.compile(r"Mot-clé : participation")).click()
    page.wait_for_url(re.compile(r"/recherche/\?q=projet$"))
    assert other.title in page.locator(".search-hit__title").all_inner_texts()
    assert unrelated.title in page.locator(".search-hit__title").all_inner_texts()


def test_a_visitor_filters_the_past_rencontres_by_theme_and_year(public_site, open_page, shoot):
    tree = public_site.tree
    decree = tree.theme["expliquer-le-decret"]
    WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier de Namur : le décret",
        date=datetime.date(2023, 5, 10),
        themes=[decree],
    )
    WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier d'Ath : le décret",
        date=datetime.date(2024, 3, 1),
        themes=[decree],
    )

    page = open_page()
    page.goto("/rencontres/")
    past = page.locator("section", has=page.get_by_role("heading", name="Comptes rendus des rencontres passées"))
    assert past.locator(".card__title").count() == 3
    past.get_by_label("Thématique").select_option(label="Expliquer le décret")
    past.get_by_label("Année").select_option("2024")
    past.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"theme=expliquer-le-decret&year=2024"))
    shoot(page, "rencontres-filtrees")
    assert_accessible(page)
    assert past.locator(".card__title").all_inner_texts() == ["Rencontre-atelier d'Ath : le décret"]
    assert past.get_by_text("1 rencontre", exact=True).is_visible()
    # The announcements are not filtered.
    assert page.get_by_role(
        "link", name="Rencontre-atelier de Bastogne : constituer son dossier", exact=True
    ).is_visible()

    page.goto("/rencontres/?year=1850")
    shoot(page, "rencontres-annee-inconnue")
    assert_accessible(page)
    assert past.get_by_role("alert").first.inner_text().startswith("Sélectionnez un choix valide")
    assert past.locator(".card__title").count() == 3


def test_the_seven_sections_of_the_main_menu_fit_on_one_line_on_a_desktop(public_site, open_page, shoot):
    tree = public_site.tree
    community = StandardPageFactory(parent=tree.home, title="Communauté", slug="communaute", show_in_menus=True)
    community.move(public_site.contribution, pos="left")  # as in the demo content: before « Contribuer »
    for width in (993, 1280, 1440):
        page = open_page(viewport={"width": width, "height": 800})
        page.goto("/communaute/")
        links = page.locator(".main-nav__link")
        assert links.all_inner_texts() == [
            "Boîte à outils", "Dossiers", "Liens", "Rencontres", "Le projet", "Communauté", "Contribuer",
        ]  # fmt: skip
        tops = links.evaluate_all("links => links.map(link => Math.round(link.getBoundingClientRect().top))")
        assert len(set(tops)) == 1, f"{width} px: {tops}"
        shoot(page, f"menu-{width}")
