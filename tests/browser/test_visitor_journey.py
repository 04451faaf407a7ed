"""In Chromium, a visitor: from the home page to a theme, a resource and its document (downloaded); the dossier
library filtered by status, a dossier shared « de personne à personne » asked for; a search narrowed by a facet;
a feed followed from a theme page."""

import re

import feedparser
from django.core import mail

from pages.models import DossierRequest


def test_a_visitor_goes_from_home_to_a_resource_and_downloads_its_document(public_site, open_page, shoot):
    page = open_page()
    page.goto("/")
    shoot(page, "accueil")

    page.get_by_role("link", name="L'analyse partagée", exact=True).first.click()
    page.wait_for_url(re.compile(r"/boite-a-outils/analyse-partagee/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "L'analyse partagée"
    shoot(page, "thematique")

    page.get_by_role("link", name="Mener l'analyse partagée avec les habitants").click()
    page.wait_for_url(re.compile(re.escape(public_site.resource.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mener l'analyse partagée avec les habitants"
    shoot(page, "ressource")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Guide de l'analyse partagée \(PDF\)")).first.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == public_site.guide.filename
    assert download.suggested_filename.startswith("guide-analyse-partagee") and download.suggested_filename.endswith(
        ".pdf"
    )
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == public_site.guide_pdf


def test_a_visitor_filters_the_dossiers_by_status_and_asks_for_one(public_site, open_page, shoot):
    page = open_page()
    page.goto("/dossiers/")
    shoot(page, "bibliotheque")
    assert page.get_by_role("link", name=public_site.approved.centre.name).is_visible()

    page.get_by_label("Statut").select_option(label="En cours de traitement")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"status=en-cours"))
    shoot(page, "filtree-en-cours")
    assert page.get_by_role("link", name=public_site.approved.centre.name).count() == 0

    page.get_by_role("link", name=public_site.pending.centre.name).click()
    page.wait_for_url(re.compile(re.escape(public_site.pending.url) + "$"))
    shoot(page, "dossier")
    form = page.locator("#demande")
    form.get_by_label("Votre nom").fill("Camille Dupont")
    form.get_by_label("Votre adresse e-mail").fill("camille.dupont@cc-exemple.be")
    form.get_by_label("Votre Centre culturel ou organisation").fill("Centre culturel de Spa")
    form.get_by_label("Pourquoi demandez-vous ce dossier ?").fill(
        "Nous préparons notre propre analyse partagée et aimerions voir comment vous l'avez menée."
    )
    form.get_by_role("checkbox").check()
    shoot(page, "demande-remplie")
    form.get_by_role("button", name="Demander le dossier").click()

    confirmation = page.get_by_text("Votre demande a été transmise au Centre culturel.")
    confirmation.wait_for()
    shoot(page, "demande-envoyee")
    request = DossierRequest.objects.get()
    assert request.dossier_id == public_site.pending.pk
    assert request.email == "camille.dupont@cc-exemple.be"
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([public_site.pending.centre.contact_email, "camille.dupont@cc-exemple.be"])


def test_a_visitor_narrows_a_search_with_a_facet(public_site, open_page, shoot):
    page = open_page()
    page.goto("/")
    search = page.get_by_role("combobox", name="Rechercher")
    search.fill("analyse partagée")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=analyse"))
    shoot(page, "resultats")
    summary = page.locator(".search-summary__count")
    all_hits = page.locator(".search-hit").count()
    assert all_hits >= 3, page.locator(".search-layout").inner_text()
    assert summary.inner_text().startswith(f"{all_hits} résultats")

    facet = page.locator(".facet", has=page.get_by_role("heading", name="Type de contenu"))
    option = facet.get_by_role("link", name=re.compile(r"^Ressource\b"))
    count = int(re.search(r"\d+", option.locator(".facet__count").inner_text()).group())
    assert 0 < count < all_hits
    option.click()
    page.wait_for_url(re.compile(r"type="))
    shoot(page, "resultats-filtres")
    assert page.locator(".search-hit").count() == count
    assert summary.inner_text().startswith(f"{count} résultat")
    assert page.locator(".chip").inner_text().startswith("Type de contenu :")


def test_a_visitor_follows_the_feeds_of_a_theme(public_site, open_page, shoot):
    theme = public_site.tree.theme["analyse-partagee"]
    page = open_page()
    # Chromium shows a feed as an XML tree and asks for /favicon.ico, which the site does not serve.
    page.problems.tolerate(404, r"/favicon\.ico$")
    page.goto(theme.url)
    box = page.locator("section.subscribe")
    box.scroll_into_view_if_needed()
    shoot(page, "thematique-s-abonner")
    links = box.locator("a[type]")  # the feeds (the last link is the subscription by mail)
    assert links.count() >= 2
    hrefs = [links.nth(index).get_attribute("href") for index in range(links.count())]
    for href in hrefs:
        with page.expect_response(lambda response, href=href: response.url.endswith(href)) as response_info:
            box.locator(f"a[href='{href}']").click()
        response = response_info.value
        assert response.ok
        assert "xml" in response.headers["content-type"]
        feed = feedparser.parse(response.body())
        assert not feed.bozo, f"{href}: {feed.bozo_exception}"
        assert theme.title in feed.feed.title
        assert [entry.title for entry in feed.entries] == [public_site.resource.title], href
        shoot(page, "flux-" + href.strip("/").replace("/", "-"))
        page.go_back()
    box.get_by_role("link", name="Par e-mail, chaque semaine ou chaque jour").click()
    page.wait_for_url(re.compile(r"/abonnements/\?theme=analyse-partagee$"))
    assert page.get_by_label(theme.title).is_checked()
