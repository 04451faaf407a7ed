"""In Chromium: the Content-Security-Policy (django-csp, cms/csp.py) refuses nothing the site and Wagtail's admin
need. Every frame reports its `securitypolicyviolation` events and Chromium's « Refused to … » console messages
are collected: the admin's dashboard, a resource in the page editor (rich text, image chooser, preview panel in
both modes, the headless front end framed by the admin), the public pages with the userbar, the search box's
suggestions and the contribution form.
"""

import re

from django.contrib.auth import get_user_model

from tests.browser.helpers import PASSWORD, log_in, wait_for_idle_preview
from tests.browser.test_editor_journey import add_block

# Runs in every frame before its own scripts (Playwright injects it outside the page's policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.effectiveDirective} refused ${event.blockedURI || "(inline)"} on ${event.documentURI}`
        + ` (${event.sourceFile || "?"}:${event.lineNumber})`
    );
});
"""


class ViolationWatcher:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self.on_console)

    def on_console(self, message):
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.console.append(f"{message.type}: {message.text}")

    def violations(self):
        seen = list(self.console)
        for frame in self.page.frames:
            try:
                seen += frame.evaluate("() => window.__cspViolations || []")
            except Exception as error:  # noqa: BLE001 - a frame navigating away has no more to say
                seen.append(f"(frame {frame.url} not readable: {error})")
        return seen


def watched(open_page, **options):
    page = open_page(**options)
    watcher = ViolationWatcher(page)
    return page, watcher


def test_admin_pages_work_under_the_policy(public_site, open_page, live_server, settings, shoot):
    settings.HEADLESS_PREVIEW_URL = f"{live_server.url}/"  # the front end framed by the admin's preview
    get_user_model().objects.create_superuser("admin-csp", "admin-csp@astrac.be", PASSWORD)
    page, watcher = watched(open_page, viewport={"width": 1400, "height": 900})
    # Autosave may post the form while a new block is still empty: Wagtail answers 400 until it validates.
    page.problems.tolerate(400, r"/admin/pages/\d+/edit/$")
    log_in(page, "admin-csp")
    response = page.goto("/admin/")
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    page.get_by_role("heading", level=1).first.wait_for()
    assert watcher.violations() == []

    # The page editor: rich text typed in a paragraph block.
    resource = public_site.resource
    page.goto(f"/admin/pages/{resource.pk}/edit/")
    body = page.locator("[data-contentpath=body]").first
    editor = body.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Et avec les associations du quartier.")
    assert "Et avec les associations du quartier." in editor.inner_text()
    shoot(page, "editeur")

    # The image chooser modal, with its list of images.
    add_block(body, page, "Image")
    modal = page.locator(".modal:visible").first
    if not modal.is_visible():  # a structure block (image, caption, credit): its chooser opens on demand
        body.get_by_role("button", name=re.compile("Choisir une image")).last.click()
    modal.get_by_text("Les participants en atelier").first.wait_for()
    shoot(page, "choisir-une-image")
    modal.get_by_text("Les participants en atelier").first.click()
    modal.wait_for(state="hidden")

    # The preview panel: the page as visitors will see it, then the headless front end in the admin's frame.
    page.get_by_role("button", name="Afficher/masquer la prévisualisation").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_text("Et avec les associations du quartier.").first.wait_for()
    shoot(page, "previsualisation")
    wait_for_idle_preview(page)  # the image's update may still be on its way: it would swallow the mode's change
    page.locator("#id_preview_mode").select_option("front-end")
    front_end = preview.frame_locator("iframe")
    # Two documents load in turn (the admin's frame, then the front end in it): more time on a busy machine.
    front_end.locator(".site-header").first.wait_for(timeout=30_000)
    link = preview.locator("[data-headless-preview-link]").get_attribute("href")
    assert link.startswith(f"{live_server.url}/?token=")
    shoot(page, "previsualisation-headless")

    assert watcher.violations() == []


def test_public_pages_work_under_the_policy(public_site, open_page, shoot):
    page, watcher = watched(open_page)
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert re.search(r"(^|; )script-src 'self'(;|$)", policy)
    # The script that replaces the « no-js » class with « js » ran: it is a file of the site, not inline.
    assert page.evaluate("document.documentElement.classList.contains('js')")

    page.goto(public_site.resource.url)
    page.get_by_role("heading", name=public_site.resource.title).wait_for()

    # The search box's suggestions (fetched from the site).
    page.goto("/recherche/")
    page.locator("#search-box-q").first.fill("mener l'ana")
    page.locator("[role=listbox] [role=option]").first.wait_for()
    shoot(page, "suggestions")

    page.goto(public_site.contribution.url)
    page.get_by_role("button", name=re.compile("Envoyer")).first.wait_for()
    assert watcher.violations() == []

    # An editor sees the userbar on the public site; it opens and its links are there.
    get_user_model().objects.create_superuser("admin-csp", "admin-csp@astrac.be", PASSWORD)
    log_in(page, "admin-csp")
    page.goto(public_site.resource.url)
    trigger = page.locator("#wagtail-userbar-trigger")
    trigger.click()
    assert trigger.get_attribute("aria-expanded") == "true"
    page.locator("#wagtail-userbar-items").get_by_role("menuitem").first.wait_for()
    shoot(page, "userbar")

    assert watcher.violations() == []
