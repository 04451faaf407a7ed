"""Shared fixtures of the browser suite: Debian's Chromium driven by Playwright against pytest-django's live server.

- One Chromium for the whole browser suite (`browser`, package scope: Playwright's event loop stops with the last
  browser test, so the rest of the test suite runs without it).
- `open_page()` opens a page in a new browser context and watches it: any console error, uncaught exception,
  failed request or HTTP status >= 400 fails the test, unless the test announced it with `page.problems.expect()`.
- `shoot(page, "step")` saves a full-page screenshot as test-output/browser/<test>/<nn>-<step>.png.
- `axe_violations(page)` runs axe-core (npm package, node_modules/) with the WCAG 2.1 A and AA rules and returns the
  serious and critical violations, formatted for an assertion message.

Every test of this folder is a transactional database test (the live server's thread needs committed data),
with serialized rollback so that the data created by migrations (groups, collections, workflow) come back.
"""

import datetime
import io
import re
import threading
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import sync_playwright
from wagtail.models import Page

from pages.contributions.drafts import MODERATORS_GROUP
from pages.contributions.moderation import EDITORS_GROUP
from pages.models import (
    AccessMode,
    ContributionPage,
    DossierPageDocument,
    DossierStatus,
    ParticipantRole,
    ResourcePageDocument,
    WorkshopDocument,
    WorkshopParticipant,
    WorkshopPhoto,
)
from tests.factories import (
    CulturalCentreFactory,
    DocumentFactory,
    DossierPageFactory,
    ImageFactory,
    LinkPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    WorkshopReportPageFactory,
    build_site_tree,
    minimal_pdf,
)
from tests.factories.pages import heading, paragraph

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OUTPUT = Path(django_settings.BASE_DIR) / "test-output" / "browser"
PASSWORD = "une-phrase-de-passe-solide"
HERE = Path(__file__).parent
SUGGESTIONS = re.compile(r"/recherche/suggestions/\?")
# The icon base.html declares (and the one browsers ask for by themselves): Chromium fetches it after the page.
FAVICON = re.compile(r"/(static/img/favicon\.svg|favicon\.ico)$")
# Wagtail's autosave posts the edit or creation form in the background (fetch).
AUTOSAVE = re.compile(r"/admin/pages/(\d+/edit|add/[a-z_]+/[a-z_]+/\d+)/$")
NO_CHROMIUM = "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
# The WCAG 2.1 A/AA rules, and p-as-heading, which Wagtail's accessibility checker (the userbar's) runs too.
AXE_RUN = """([context, tags]) => axe.run(context || document, {
    runOnly: {type: "tag", values: tags}, rules: {"p-as-heading": {enabled: true}}, resultTypes: ["violations"]
})"""


class RequestsInFlight:
    """For the live server: counts the requests accepted and not yet finished, so that a test waits for them before
    its database is flushed. A request still running then (a page the test left while it loaded, an autosave, a
    moderator's action finishing) holds its transaction's locks, and the flush's TRUNCATE deadlocks with it.

    Counted from `process_request` (in the accepting thread, before any request thread starts) to `shutdown_request`
    (called once per accepted request, whatever happened), threaded server or not.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flight = 0
        self.in_flight_changed = threading.Condition()

    def process_request(self, request, client_address):
        with self.in_flight_changed:
            self.in_flight += 1
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        try:
            super().shutdown_request(request)
        finally:
            with self.in_flight_changed:
                self.in_flight -= 1
                self.in_flight_changed.notify_all()

    def wait_until_idle(self, timeout):
        """True once no request is in flight, False if some still is after `timeout` seconds."""
        with self.in_flight_changed:
            return self.in_flight_changed.wait_for(lambda: self.in_flight == 0, timeout)


class TrackedThreadedServer(RequestsInFlight, ThreadedWSGIServer):
    """Django's live server (a thread per request, each with its own database connection), counting its requests."""


class SingleThreadedServer(RequestsInFlight, WSGIServer):
    """Django's WSGIServer, as LiveServerThread builds its server (the thread itself uses the shared connection)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


def _live_server_class():
    """On SQLite's in-memory test database every thread of the live server shares one connection: concurrent
    requests (the admin's autosave and editing-session pings beside a page's own) then fail with « database table
    is locked ». One request at a time there (Django's single-threaded server closes each connection). Elsewhere
    Django's threaded server. Both count their requests in flight."""
    database = django_settings.DATABASES["default"]
    in_memory = database.get("TEST", {}).get("NAME") in (None, "", ":memory:")
    if database["ENGINE"] == "django.db.backends.sqlite3" and in_memory:
        return SingleThreadedServer
    return TrackedThreadedServer


LiveServerThread.server_class = _live_server_class()
# Seconds a request may still run once the test's pages are closed, before the database is flushed.
IN_FLIGHT_TIMEOUT = 60


def pytest_collection_modifyitems(items):
    """Every test of this folder drives Chromium; without Chromium it is skipped. Those that browse the live server
    get a transactional database."""
    for item in items:
        if HERE not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        if not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(scope="package")
def browser():
    # Playwright's sync API keeps an event loop running in this thread: Django would refuse the test's own
    # queries without this flag. Both end with the last browser test.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


class PageProblems:
    """Console errors, uncaught exceptions, failed requests and error responses seen by one page."""

    def __init__(self, page):
        self.seen = []
        self.expected = []  # [status, url regex] the test announced, not seen yet
        self.answered = []  # (status, url) of the expected responses that came
        self.aborts = []  # url regexes of navigations the test expects to end in a download
        self.tolerated = []  # [status, url regex] that may come or not
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.seen.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)

    def expect(self, status, url_pattern):
        """A response with this status, for a URL matching `url_pattern` (regex), is what the next step expects."""
        self.expected.append((status, re.compile(url_pattern)))

    def tolerate(self, status, url_pattern):
        """Responses with this status for URLs matching `url_pattern` may come, or not (the browser's own requests)."""
        self.tolerated.append((status, re.compile(url_pattern)))

    def expect_download(self, url_pattern):
        """A navigation to this URL becomes a download: Chromium aborts it, which is not a failure."""
        self.aborts.append(re.compile(url_pattern))

    def on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # Chromium also logs every response >= 400 in the console: an expected one is not a problem.
        status = re.match(r"Failed to load resource: the server responded with a status of (\d{3})", message.text)
        if status and (int(status.group(1)), url.split("#")[0]) in self.answered:
            return
        if status and any(int(status.group(1)) == code and pattern.search(url) for code, pattern in self.tolerated):
            return  # the browser's own requests (/favicon.ico) have no response event
        self.seen.append(f"console error: {message.text} ({url})")

    def on_request_failed(self, request):
        failure = request.failure or ""
        if failure == "net::ERR_ABORTED" and any(pattern.search(request.url) for pattern in self.aborts):
            return
        if failure == "net::ERR_ABORTED" and request.resource_type == "fetch" and SUGGESTIONS.search(request.url):
            return  # the search box cancels its outdated suggestion requests, and leaving the page cancels them too
        if failure == "net::ERR_ABORTED" and request.resource_type == "fetch" and AUTOSAVE.search(request.url):
            return  # an autosave on its way when the editor's own submit leaves the page: the browser drops it
        if failure == "net::ERR_ABORTED" and request.resource_type in ("image", "media", "font"):
            return  # a load the browser cancelled (the page moved on); a server's failure is an HTTP status, kept
        if failure == "net::ERR_ABORTED" and FAVICON.search(request.url):
            return  # the browser's own fetch of the page's icon (resource type "other"), cancelled the same way
        self.seen.append(f"request failed: {request.method} {request.url} ({failure})")

    def on_response(self, response):
        if response.status < 400:
            return
        for index, (status, pattern) in enumerate(self.expected):
            if response.status == status and pattern.search(response.url):
                del self.expected[index]
                self.answered.append((response.status, response.url.split("#")[0]))
                return
        if any(response.status == status and pattern.search(response.url) for status, pattern in self.tolerated):
            self.answered.append((response.status, response.url.split("#")[0]))
            return
        self.seen.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def open_page(browser, live_server):
    """open_page(**context_options) -> a Playwright page in a new context (fr-BE), watched for problems.

    The test fails at teardown if any watched page saw a problem it did not expect; `page.problems` holds them.
    """
    contexts = []
    watched = []

    def open_(**options):
        options.setdefault("locale", "fr-BE")
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("base_url", live_server.url)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        watched.append(page.problems)
        return page

    yield open_
    # Read before closing: closing a context aborts what its pages were still loading, which is no problem.
    problems = [problem for page_problems in watched for problem in page_problems.seen]
    unmet = [f"{status} {pattern.pattern}" for page_problems in watched for status, pattern in page_problems.expected]
    for context in contexts:
        context.close()
    # Closing a page does not stop what the server was doing for it: wait, or the flush deadlocks with it.
    assert live_server.thread.httpd.wait_until_idle(IN_FLIGHT_TIMEOUT), (
        f"The live server was still answering a request {IN_FLIGHT_TIMEOUT} s after the test's pages closed"
    )
    assert not problems, "The pages saw problems:\n" + "\n".join(problems)
    assert not unmet, "Expected error responses never came: " + ", ".join(unmet)


@pytest.fixture
def shoot(request):
    """shoot(page, "step-name"): a full-page screenshot, numbered in the order of the test's steps."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def shoot_(page, step):
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot_


def axe_violations(page, context=None):
    """axe-core's serious and critical WCAG 2.1 A/AA violations on the page, as readable lines (empty: none)."""
    assert AXE.exists(), f"{AXE} is missing: run `make install-dev` (npm ci installs axe-core from package-lock.json)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        load_axe(page)
    results = page.evaluate(AXE_RUN, [context, AXE_TAGS])
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({page.url})")
        for node in violation["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))} — {summary[:300]}")
    return lines


def load_axe(page):
    """axe-core into the page. On the site, as a script of the site's own origin (served by Playwright): the
    Content-Security-Policy refuses the inline script `add_script_tag(path=…)` would write."""
    if not page.url.startswith("http"):
        page.add_script_tag(path=str(AXE))
        return
    if not getattr(page, "_axe_routed", False):
        page.route("**/__axe-core.min.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page._axe_routed = True
    page.add_script_tag(url=urljoin(page.url, "/__axe-core.min.js"))


def log_in(page, username, password=PASSWORD):
    """Log in to Wagtail's admin through its login form."""
    page.goto("/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def testimony(quote, person, role="", centre=""):
    return {"type": "testimony", "value": {"quote": quote, "person": person, "role": role, "centre": centre}}


@pytest.fixture
def public_site(settings):
    """Every public page type with content worth checking: blocks, documents, photos, filters, a form page."""
    settings.CONTRIBUTION_MIN_FILL_SECONDS = 0  # the browser fills the forms faster than a person
    tree = build_site_tree()
    shared = tree.theme["analyse-partagee"]
    guide_pdf = minimal_pdf("Guide de l'analyse partagée")
    guide = DocumentFactory(
        title="Guide de l'analyse partagée (PDF)",
        file=ContentFile(guide_pdf, name="guide-analyse-partagee.pdf"),
    )
    photo = ImageFactory(title="Les participants en atelier")
    resource = ResourcePageFactory(
        parent=shared,
        title="Mener l'analyse partagée avec les habitants",
        summary="Un guide pas à pas pour mener l'analyse partagée du territoire avec les habitants.",
        body=[
            heading("Pourquoi ce guide ?"),
            paragraph("Parce que chaque territoire est singulier et que les habitants le connaissent le mieux."),
            testimony("Nous avons appris à écouter avant de proposer.", "Marie Lambert", "Animatrice", "CC de Huy"),
            {"type": "key_points", "value": {"title": "À retenir", "points": ["Écouter", "Croiser les regards"]}},
            {"type": "figure", "value": {"image": photo.pk, "caption": "Un atelier d'habitants", "credit": "ASTRAC"}},
        ],
        secondary_themes=[tree.theme["constituer-son-dossier"]],
        documents=[ResourcePageDocument(document=guide)],
    )
    ResourcePageFactory(parent=tree.theme["expliquer-le-decret"], title="Le décret expliqué aux équipes")
    approved = DossierPageFactory(
        parent=tree.dossier_library,
        title="Dossier de reconnaissance du Centre culturel de Huy",
        centre=CulturalCentreFactory(name="Centre culturel de Jette", commune="Jette"),
        status=DossierStatus.APPROVED,
        access_mode=AccessMode.DOWNLOAD,
        documents=[DossierPageDocument(document=DocumentFactory(title="Projet d'action culturelle"))],
        themes=[shared],
    )
    pending = DossierPageFactory(
        parent=tree.dossier_library,
        title="Dossier en cours du Centre culturel de Marchin",
        centre=CulturalCentreFactory(name="Centre culturel de Marchin", commune="Marchin"),
        status=DossierStatus.PENDING,
        access_mode=AccessMode.PERSON_TO_PERSON,
        summary="Un dossier en cours de traitement, partagé avec les collègues qui le demandent.",
    )
    link = LinkPageFactory(
        parent=tree.link_library,
        title="Le décret du 21 novembre 2013 sur Gallilex",
        link_url="https://www.gallilex.cfwb.be/decret-centres-culturels",
        themes=[tree.theme["expliquer-le-decret"]],
    )
    workshop = WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier de Rochefort : l'analyse partagée",
        body=[
            heading("Ce que nous avons partagé"),
            paragraph("Une journée d'échanges sur l'analyse partagée du territoire, entre douze centres."),
            testimony("Les habitants nous ont surpris.", "Luc Dubois", "Directeur", "Centre culturel de Rochefort"),
            {"type": "figure", "value": {"image": photo.pk, "caption": "L'atelier du matin", "credit": ""}},
            {"type": "documents", "value": {"title": "Documents", "documents": [guide.pk]}},
        ],
        participants=[WorkshopParticipant(name="Luc Dubois", role=ParticipantRole.WITNESS, organisation="CC")],
        photos=[WorkshopPhoto(image=photo, caption="Les participants en atelier", credit="© ASTRAC")],
        documents=[WorkshopDocument(document=guide)],
        themes=[shared],
    )
    WorkshopReportPageFactory(
        parent=tree.workshop_index,
        title="Rencontre-atelier de Bastogne : constituer son dossier",
        date=timezone.localdate() + datetime.timedelta(days=20),
        start_time=datetime.time(9, 30),
    )
    standard = StandardPageFactory(parent=tree.home, title="Le projet", slug="le-projet")
    contribution = tree.home.add_child(
        instance=ContributionPage(
            title="Contribuer",
            slug="contribuer",
            intro="<p>Partagez une ressource, un lien utile ou le dossier de votre Centre culturel.</p>",
        )
    )
    # The main menu, as the demo content sets it: the sections under the home page.
    Page.objects.child_of(tree.home).update(show_in_menus=True)
    # What publishing does: one search entry per live public page (factories do not publish).
    call_command("rebuild_search_entries", stdout=io.StringIO(), stderr=io.StringIO())
    return SimpleNamespace(
        tree=tree,
        resource=resource,
        guide=guide,
        guide_pdf=guide_pdf,
        approved=approved,
        pending=pending,
        link=link,
        workshop=workshop,
        standard=standard,
        contribution=contribution,
    )


@pytest.fixture
def staff():
    """An editor (« Éditeurs ») and a moderator (« Modérateurs »), as the groups of the migrations define them."""
    users = get_user_model().objects
    editor = users.create_user("redactrice", "redactrice@astrac.be", PASSWORD, first_name="Rita")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    moderator = users.create_user("moderatrice", "moderatrice@astrac.be", PASSWORD, first_name="Mona")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return SimpleNamespace(editor=editor, moderator=moderator)
