"""Keyboard only (Tab, Shift+Tab, Enter, Space, arrow keys): the skip link, the menu, the search box's suggestions,
the search facets and the contribution form, its errors announced and linked to their fields. Every element that
takes the focus shows it."""

import re

from pages.models import Contribution, ContributionKind

FOCUS_IS_VISIBLE = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    const outlined = (node) => {
        const style = getComputedStyle(node);
        return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
    };
    // Cards draw the focus ring of their title link around the whole card.
    const card = element.closest(".card, .theme-card");
    return outlined(element) || (card !== null && outlined(card));
}"""

DESCRIBE_FOCUS = """() => {
    const element = document.activeElement;
    if (!element) return "(nothing)";
    const name = (element.getAttribute("aria-label") || element.innerText || element.value || "").trim().slice(0, 60);
    return `${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""} « ${name} »`;
}"""


def focused_matches(page, selector):
    return page.evaluate("(selector) => document.activeElement?.matches(selector) ?? false", selector)


def tab_to(page, selector, key="Tab", limit=120):
    """Press Tab until the focused element matches `selector`; every element met on the way shows its focus."""
    unseen = []
    for _ in range(limit):
        page.keyboard.press(key)
        if not page.evaluate(FOCUS_IS_VISIBLE):
            unseen.append(page.evaluate(DESCRIBE_FOCUS))
        if focused_matches(page, selector):
            assert unseen == [], "Focus not visible on: " + ", ".join(unseen)
            return page.locator(":focus")
    raise AssertionError(f"{key} never reached {selector} (last: {page.evaluate(DESCRIBE_FOCUS)})")


def test_skip_link_menu_and_visible_focus_on_every_stop_of_the_home_page(public_site, open_page, shoot):
    page = open_page()
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Aller au contenu"
    assert skip.is_visible() and page.evaluate(FOCUS_IS_VISIBLE)
    shoot(page, "lien-d-evitement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")

    # Every stop of the page, up to the end of the footer, shows where the focus is.
    page.goto("/")
    stops, unseen = [], []
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        description = page.evaluate(DESCRIBE_FOCUS)
        if description in stops:
            break
        stops.append(description)
        if not page.evaluate(FOCUS_IS_VISIBLE):
            unseen.append(description)
    assert len(stops) > 20
    assert unseen == [], "Focus not visible on: " + ", ".join(unseen)

    page.goto("/")
    tab_to(page, ".main-nav__link[href='/dossiers/']")
    shoot(page, "menu-focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/dossiers/$"))
    assert page.locator(".main-nav__link[aria-current='page']").inner_text() == "Dossiers"


def test_search_suggestions_and_facets_with_the_keyboard(public_site, open_page, shoot):
    page = open_page()
    page.goto("/")
    box = tab_to(page, "#search-box-q")
    page.keyboard.type("mener l'ana")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.locator("[role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = page.locator("#" + box.get_attribute("aria-activedescendant"))
    assert active.get_attribute("aria-selected") == "true"
    title = active.locator(".combobox__title").inner_text()
    assert title == "Mener l'analyse partagée avec les habitants"
    shoot(page, "suggestions")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(public_site.resource.url) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == title

    # Enter without choosing a suggestion searches; Escape closes the suggestions first.
    box = tab_to(page, "#search-box-q")
    page.keyboard.type("analyse partagée")
    page.locator("[role=listbox] [role=option]").first.wait_for()
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q=analyse"))
    total = page.locator(".search-hit").count()

    option = tab_to(page, ".facet__option[href*='type=ressource']")
    count = int(re.search(r"\d+", option.locator(".facet__count").inner_text()).group())
    shoot(page, "facette-focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"type=ressource"))
    assert 0 < page.locator(".search-hit").count() == count < total
    selected = tab_to(page, ".facet__option[aria-current='true']")
    assert "filtre actif" in selected.inner_text()
    shoot(page, "facette-choisie")


def test_contribution_form_with_the_keyboard_errors_announced_and_linked(public_site, open_page, shoot):
    page = open_page()
    page.goto("/contribuer/")
    tab_to(page, "form[data-contribution-form] button[type=submit]")
    page.problems.expect(400, r"/contribuer/$")  # sent back with its errors
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # The summary is announced (role=alert) and focused first; each of its links leads to its field.
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert focused_matches(page, "[data-error-summary]")
    shoot(page, "erreurs")
    links = summary.get_by_role("link")
    assert links.count() >= 4
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href").removeprefix("#")
        field = page.locator(f"[id='{target}']")
        assert field.count() == 1, f"the summary links to #{target}, which is not on the page"
        assert field.get_attribute("aria-invalid") == "true", target
        described_by = field.get_attribute("aria-describedby").split()
        errors = [page.locator(f"[id='{id_}']") for id_ in described_by]
        assert any("field__error" in (error.get_attribute("class") or "") for error in errors), target

    first = tab_to(page, "[data-error-summary] a")
    target = first.get_attribute("href").removeprefix("#")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == target
    shoot(page, "champ-en-erreur")

    # Now filled in and sent with the keyboard alone: a useful link.
    tab_to(page, "input[name=kind]:checked", key="Shift+Tab")
    for _ in range(3):
        if focused_matches(page, "input[value=lien]:checked"):
            break
        page.keyboard.press("ArrowDown")
    assert focused_matches(page, "input[value=lien]:checked")
    tab_to(page, "input[name=title]")
    page.keyboard.type("L'observatoire des politiques culturelles")
    tab_to(page, "textarea[name=description]")
    page.keyboard.type("Les études de l'Observatoire sur les Centres culturels, utiles pour l'analyse partagée.")
    tab_to(page, "input[name=themes]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=url]")
    page.keyboard.type("https://www.opc.cfwb.be/")
    tab_to(page, "input[name=contributor_name]")
    page.keyboard.type("Camille Dupont")
    tab_to(page, "input[name=contributor_email]")
    page.keyboard.type("camille.dupont@cc-exemple.be")
    tab_to(page, "input[name=consent_licence]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=consent_personal_data]")
    page.keyboard.press("Space")
    shoot(page, "formulaire-rempli")
    tab_to(page, "form[data-contribution-form] button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("Votre contribution a bien été envoyée.").wait_for()
    shoot(page, "confirmation")

    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.LINK
    assert contribution.url == "https://www.opc.cfwb.be/"
    assert contribution.themes.count() == 1
