"""Shared fixtures of the browser suite: Debian's Chromium driven by Playwright against pytest-django's live server.

- One Chromium for the whole browser suite (`browser`, package scope: Playwright's event loop stops with the last
  browser test, so the rest of the test suite runs without it).
- `open_page()` opens a page in a new browser context and watches it: any console error, uncaught exception,
  failed request or HTTP status >= 400 fails the test, unless the test announced it with `page.problems.expect()`;
  a load the browser cancelled (net::ERR_ABORTED: the page moved on or closed) is not a failure
  (`PageProblems.on_request_failed`, tests/browser/test_helpers.py).
- `shoot(page, "step")` saves a full-page screenshot as test-output/browser/<test>/<nn>-<step>.png.
- `axe_violations(page)` (tests/browser/helpers.py, with `log_in` and the constants) runs axe-core (npm package,
  node_modules/) with the WCAG 2.1 A and AA rules and returns the serious and critical violations, formatted for an
  assertion message.

Every test of this folder is a transactional database test (the live server's thread needs committed data),
with serialized rollback so that the data created by migrations (groups, collections, workflow) come back.
"""

import datetime
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
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
from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HERE,
    NO_CHROMIUM,
    OUTPUT,
    PASSWORD,
    PageProblems,
    _live_server_class,
    testimony,
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


def pytest_terminal_summary(terminalreporter):
    """Skipped browser tests are not passed ones: without Chromium, the run ends saying so, and how to fix it."""
    skipped = [report for report in terminalreporter.stats.get("skipped", []) if NO_CHROMIUM in str(report.longrepr)]
    if skipped:
        terminalreporter.write_sep("!", f"{len(skipped)} browser tests SKIPPED: {NO_CHROMIUM}", red=True, bold=True)


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
