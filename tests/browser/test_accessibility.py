"""WCAG 2.1 A/AA in Chromium: axe-core reports no serious or critical violation on any public page type, nor on the
forms, empty or sent back with their errors."""

from django.conf import settings

from tests.browser.helpers import PASSWORD, axe_violations


def public_pages(site):
    """(step name, URL) of one page of each public type, and the variants with their own layout."""
    return [
        ("accueil", "/"),
        ("boite-a-outils", "/boite-a-outils/"),
        ("thematique", site.tree.theme["analyse-partagee"].url),
        ("ressource", site.resource.url),
        ("bibliotheque-de-dossiers", "/dossiers/"),
        ("dossiers-en-cours", "/dossiers/?status=en-cours"),
        ("dossier-telechargeable", site.approved.url),
        ("dossier-de-personne-a-personne", site.pending.url),
        ("bibliotheque-de-liens", "/liens/"),
        ("lien", site.link.url),
        ("rencontres", "/rencontres/"),
        ("compte-rendu", site.workshop.url),
        ("page-standard", site.standard.url),
        ("recherche-accueil", "/recherche/"),
        ("recherche-avec-filtres", "/recherche/?q=analyse"),
        ("recherche-filtree", f"/recherche/?q=analyse&theme={site.tree.theme['analyse-partagee'].slug}"),
        ("recherche-sans-resultat", "/recherche/?q=xylophonique"),
        ("contribuer", "/contribuer/"),
    ]


def test_no_serious_violation_on_any_public_page_type(public_site, open_page, shoot):
    page = open_page()
    violations = []
    for step, url in public_pages(public_site):
        response = page.goto(url)
        assert response.status == 200, f"{url}: HTTP {response.status}"
        shoot(page, step)
        violations += axe_violations(page)

    page.problems.expect(404, r"/page-qui-n-existe-pas/$")
    response = page.goto("/page-qui-n-existe-pas/")
    assert response.status == 404
    shoot(page, "page-introuvable")
    violations += axe_violations(page)

    assert violations == [], "axe-core (WCAG 2.1 A/AA):\n" + "\n".join(violations)


def test_no_serious_violation_on_the_facets_folded_on_a_phone(public_site, open_page, shoot):
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    violations = []
    for step, url in [("accueil-mobile", "/"), ("recherche-mobile", "/recherche/?q=analyse")]:
        page.goto(url)
        shoot(page, step)
        violations += axe_violations(page)
    page.get_by_role("button", name="Menu").click()
    shoot(page, "menu-ouvert-mobile")
    violations += axe_violations(page)
    assert violations == [], "axe-core (WCAG 2.1 A/AA):\n" + "\n".join(violations)


def test_no_serious_violation_on_the_forms_sent_back_with_errors(public_site, open_page, shoot):
    page = open_page()
    violations = []

    page.goto("/contribuer/")
    page.get_by_label("Une ressource", exact=True).check()
    page.problems.expect(400, r"/contribuer/$")  # a form sent back with its errors answers 400
    page.get_by_role("button", name="Envoyer ma contribution").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    shoot(page, "contribution-erreurs")
    violations += axe_violations(page)

    page.goto(public_site.pending.url)
    page.problems.expect(400, r"/demander/$")
    page.get_by_role("button", name="Demander le dossier").click()
    page.wait_for_load_state()
    assert page.locator("[data-error-summary]").is_visible()
    shoot(page, "demande-de-dossier-erreurs")
    violations += axe_violations(page)

    assert violations == [], "axe-core (WCAG 2.1 A/AA):\n" + "\n".join(violations)


def test_the_login_lockout_page_is_french_and_accessible(open_page, shoot, django_user_model):
    """Ten wrong passwords through Wagtail's login form: the tenth gets the French lockout page (429)."""
    django_user_model.objects.create_superuser("camille-verrou", "camille@astrac.be", PASSWORD)
    page = open_page()
    page.goto("/admin/login/")
    for number in range(settings.AXES_FAILURE_LIMIT):
        if number == settings.AXES_FAILURE_LIMIT - 1:
            page.problems.expect(429, r"/admin/login/$")
        page.locator("input[name=username]").fill("camille-verrou")
        page.locator("input[name=password]").fill(f"essai-{number}")
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state()

    assert page.get_by_role("heading", level=1).inner_text() == "Trop de tentatives de connexion"
    assert "Merci de réessayer dans 15 minutes." in page.locator("main").inner_text()
    shoot(page, "connexion-bloquee")
    assert axe_violations(page) == []


def test_the_check_reports_what_axe_finds_serious(browser):
    """The harness itself: a page with an image without text alternative and an unlabelled field fails."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head><body><main><h1>Essai</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<input type="text" name="nom">'
        '<p style="font-weight: bold; font-size: 2em">Un faux titre</p>'
        "<p>Un paragraphe ordinaire qui suit le faux titre, assez long pour que axe le compare.</p>"
        "<p>Un autre paragraphe ordinaire, pour que le faux titre se distingue bien du texte.</p>"
        "</main></body></html>"
    )
    violations = "\n".join(axe_violations(page))
    context.close()
    assert "[critical] image-alt" in violations
    assert "[critical] label" in violations
    assert "[serious] p-as-heading" in violations
