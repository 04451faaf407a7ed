"""In Chromium: a visitor proposes a resource with a PDF at /contribuer/, a moderator accepts it in the admin
and finds the draft page with the document attached; a visitor whose form expired goes back and sends it again."""

import re

from playwright.sync_api import expect

from pages.contributions.drafts import PUBLIC_COLLECTION
from pages.models import Contribution, ContributionStatus, ResourcePage
from tests.browser.helpers import log_in
from tests.factories import minimal_pdf
from tests.pages.contribution_helpers import build_contribution_tree


def test_a_visitor_proposes_a_resource_and_a_moderator_accepts_it(public_site, staff, open_page, shoot, tmp_path):
    pdf = tmp_path / "canevas-analyse-partagee.pdf"
    pdf.write_bytes(minimal_pdf("Canevas d'analyse partagée"))

    # --- The visitor ---------------------------------------------------------------------------------------
    page = open_page()
    page.goto("/contribuer/")
    shoot(page, "formulaire-vide")
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
    shoot(page, "formulaire-rempli")
    page.get_by_role("button", name="Envoyer ma contribution").click()
    page.get_by_text("Votre contribution a bien été envoyée.").wait_for()
    shoot(page, "confirmation")

    contribution = Contribution.objects.get()
    assert contribution.status == ContributionStatus.PENDING
    assert [file.original_name for file in contribution.files.all()] == ["canevas-analyse-partagee.pdf"]

    # --- The moderator ---------------------------------------------------------------------------------------
    page = open_page(viewport={"width": 1400, "height": 900})
    log_in(page, staff.moderator.username)
    assert "Contributions à traiter (1)" in page.content()
    shoot(page, "tableau-de-bord")

    page.goto("/admin/contributions/")
    shoot(page, "file-de-moderation")
    page.get_by_role("link", name="Canevas d'entretien pour l'analyse partagée").first.click()
    page.get_by_text("camille.dupont@cc-exemple.be").first.wait_for()
    assert "canevas-analyse-partagee.pdf" in page.content()
    shoot(page, "detail-de-la-contribution")

    page.get_by_role("button", name="Accepter (créer le brouillon)").click()
    page.wait_for_url(re.compile(r"/admin/contributions/$"))
    assert "la page a été créée en brouillon et soumise à la validation" in page.content()
    shoot(page, "contribution-acceptee")

    page.get_by_role("link", name="Modifier le brouillon").click()
    draft = ResourcePage.objects.get(title="Canevas d'entretien pour l'analyse partagée")
    page.wait_for_url(re.compile(rf"/admin/pages/{draft.pk}/edit/$"))
    shoot(page, "brouillon-de-la-page")
    assert not draft.live
    assert draft.get_parent().slug == "analyse-partagee"
    document = draft.documents.get().document
    assert document.collection.name == PUBLIC_COLLECTION
    # The editor shows the attached document in the page's « Documents à télécharger » panel.
    assert page.get_by_text(document.title).first.is_visible()
    assert draft.workflow_in_progress


def test_a_visitor_whose_form_expired_goes_back_and_sends_it_again(settings, open_page, shoot):
    """The CSRF cookie is gone when the form is sent (cleared, renewed by a login elsewhere): the French 403 page
    (cms/errors.py) says the text is not lost; back in the form the text is there and sending again works."""
    settings.CONTRIBUTION_MIN_FILL_SECONDS = 0  # the browser fills the form faster than a person
    build_contribution_tree()
    page = open_page()
    page.goto("/contribuer/")
    page.get_by_label("Un lien utile", exact=True).check()
    page.get_by_label("Titre", exact=True).fill("Le portail des Centres culturels")
    page.get_by_label("Description", exact=True).fill("Le portail qui présente tous les Centres culturels reconnus.")
    page.get_by_label("Adresse du lien", exact=True).fill("https://www.centresculturels.be")
    page.get_by_label("Votre nom", exact=True).fill("Camille Dupont")
    page.get_by_label("Votre adresse e-mail", exact=True).fill("camille.dupont@cc-exemple.be")
    page.locator("input[name=consent_licence]").check()
    page.locator("input[name=consent_personal_data]").check()
    page.context.clear_cookies(name="csrftoken")

    page.problems.expect(403, r"/contribuer/$")
    page.get_by_role("button", name="Envoyer ma contribution").click()
    page.get_by_role("heading", name="Votre envoi n'a pas pu être vérifié").wait_for()
    assert "Votre texte n'est pas perdu" in page.inner_text("main")
    shoot(page, "envoi-non-verifie")
    assert not Contribution.objects.exists()

    page.go_back()
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Le portail des Centres culturels")
    expect(page.get_by_role("button", name="Envoyer ma contribution")).to_be_enabled()
    page.get_by_role("button", name="Envoyer ma contribution").click()
    page.get_by_text("Votre contribution a bien été envoyée.").wait_for()
    assert Contribution.objects.get().title == "Le portail des Centres culturels"
