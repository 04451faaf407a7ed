"""In Chromium, a visitor subscribes to a theme: the form's French errors, then the confirmation mail's link, the
page to change the subscription and the one-click unsubscribe (every page passes axe's checks)."""

import re

from django.core import mail

from tests.browser.helpers import axe_violations


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_a_visitor_subscribes_confirms_changes_and_unsubscribes(public_site, open_page, shoot):
    page = open_page()
    page.goto("/")
    page.get_by_role("link", name="Abonnements").click()
    page.wait_for_url(re.compile(r"/abonnements/$"))
    page.problems.expect(400, r"/abonnements/$")
    page.get_by_role("button", name="M'abonner").click()
    assert page.get_by_text(
        "Choisissez au moins une thématique, les dossiers ou les rencontres-ateliers."
    ).first.is_visible()
    shoot(page, "erreurs")
    assert_accessible(page)

    page.get_by_label("Votre adresse e-mail").fill("camille@centre-culturel.be")
    page.get_by_label("L'analyse partagée").check()
    page.get_by_label("Les nouveaux dossiers de reconnaissance").check()
    page.get_by_role("button", name="M'abonner").click()
    page.get_by_text("Plus qu'une étape : confirmez votre adresse.").wait_for()
    assert_accessible(page)

    (link,) = re.findall(r"https?://\S+/abonnements/confirmer/\S+/", mail.outbox[-1].body)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_text("Votre abonnement est confirmé.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier mon abonnement").click()
    page.wait_for_url(re.compile(r"/abonnements/gerer/[^/]+/$"))
    page.get_by_label("Les nouvelles rencontres-ateliers (annonces et comptes rendus)").check()
    page.get_by_role("button", name="Enregistrer mes choix").click()
    page.get_by_text("Vos choix sont enregistrés.").wait_for()
    shoot(page, "gerer")
    assert_accessible(page)
    page.get_by_role("link", name="Me désabonner et effacer mon adresse").click()
    page.wait_for_url(re.compile(r"/abonnements/desinscrire/[^/]+/$"))
    assert_accessible(page)
    page.get_by_role("button", name="Me désabonner").click()
    page.get_by_text("Votre abonnement est supprimé et votre adresse effacée.").wait_for()
