"""In Chromium: the editor's and the moderator's dashboards say where to start and what waits for them
(pages/dashboard.py, pages/wagtail_hooks.py), and the help page « Écrire un compte rendu de rencontre » opens from it.
The screenshots land in test-output/browser/test_dashboards_guide_the_editor_and_the_moderator/."""

from playwright.sync_api import expect
from wagtail.models import Page

from tests.browser.helpers import log_in
from tests.factories import ResourcePageFactory, WorkshopReportPageFactory, build_site_tree
from tests.factories.contributions import ContributionFactory


def draft(parent, title, user, page_factory=ResourcePageFactory):
    page = page_factory(parent=parent, title=title, live=False)
    page.save_revision(user=user)
    return page


def test_dashboards_guide_the_editor_and_the_moderator(staff, open_page, shoot):
    tree = build_site_tree()
    editor, moderator = staff.editor, staff.moderator
    draft(tree.workshop_index, "Rencontre de Ciney : la participation des habitants", editor, WorkshopReportPageFactory)
    submitted = draft(tree.themes[1], "Grille d'observation du territoire", editor)
    sent_back = draft(tree.themes[1], "Canevas d'entretien avec les partenaires", editor)
    workflow = Page.get_first_root_node().get_workflow()
    workflow.start(submitted, editor)
    state = workflow.start(sent_back, editor)
    state.current_task_state.reject(user=moderator, comment="Ajoutez la date de la rencontre dans le résumé.")
    ContributionFactory(title="Carnet de bord d'une analyse partagée")

    page = open_page(viewport={"width": 1280, "height": 1600})
    log_in(page, editor.username)
    expect(page.locator("#start-here-section")).to_contain_text("Par où commencer ?")
    expect(page.locator("#dashboard-my-drafts-section")).to_contain_text("Rencontre de Ciney")
    expect(page.locator("#dashboard-my-drafts-section")).to_contain_text("En relecture")
    expect(page.locator("#dashboard-changes-requested-section")).to_contain_text("Ajoutez la date de la rencontre")
    expect(page.locator("#dashboard-awaiting-review-section")).to_have_count(0)
    expect(page.get_by_text("Contributions à traiter")).to_have_count(0)
    shoot(page, "tableau-de-bord-editrice")

    page.get_by_role("link", name="Écrire un compte rendu de rencontre : le guide").click()
    expect(page.get_by_role("heading", name="La date, au format jj/mm/aaaa")).to_be_visible()
    shoot(page, "aide-compte-rendu")
    page.get_by_role("link", name="Écrire une nouvelle rencontre").last.click()
    expect(page.locator("input[name=title]")).to_be_visible()

    page = open_page(viewport={"width": 1280, "height": 1600})
    log_in(page, moderator.username)
    expect(page.locator("#dashboard-awaiting-review-section")).to_contain_text("Grille d'observation du territoire")
    expect(page.locator("#dashboard-awaiting-review-section")).to_contain_text("Rita")
    expect(page.locator("#pending-contributions-section")).to_contain_text("Carnet de bord d'une analyse partagée")
    shoot(page, "tableau-de-bord-moderatrice")
