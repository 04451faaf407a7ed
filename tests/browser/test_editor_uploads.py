"""In Chromium, Wagtail's page editor as an editor sees it: an accented title gives an ASCII slug (Wagtail's slug
script with WAGTAIL_ALLOW_UNICODE_SLUGS = False), and a document uploaded through the « Documents joints » panel's
chooser is proposed with a title cleaned from its file name, in the collection « Documents »
(static/js/admin-uploads.js, pages/uploads.py)."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import log_in
from tests.factories import minimal_pdf


def test_an_editor_gets_an_ascii_slug_and_a_clean_document_title(public_site, staff, open_page, shoot, tmp_path):
    pdf = tmp_path / "compte-rendu_rencontre_2026-03.pdf"
    pdf.write_bytes(minimal_pdf("Compte rendu"))
    index = public_site.tree.workshop_index
    editor = open_page(viewport={"width": 1400, "height": 900})
    # Autosave posts the form while it is still incomplete: Wagtail answers 400 until it validates, by design.
    editor.problems.tolerate(400, re.compile(r"/admin/pages/(add/pages/workshopreportpage/\d+|\d+/edit)/$"))
    log_in(editor, staff.editor.username)
    editor.goto(f"/admin/pages/add/pages/workshopreportpage/{index.pk}/")

    editor.locator("#id_title").fill("Retour d'expérience à Liège")
    editor.locator("#id_title").blur()
    editor.get_by_role("tab", name="Promotion").click()
    expect(editor.locator("#id_slug")).to_have_value("retour-dexperience-a-liege")
    editor.get_by_role("tab", name="Contenu").click()

    editor.get_by_role("button", name="Ajouter un document").click()
    editor.locator("[id^=inline_child_documents-]").last.get_by_role("button", name="Choisir un document").click()
    modal = editor.locator(".modal:visible").first
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator("input[type=file]").set_input_files(str(pdf))
    expect(modal.locator("input[name$='-chooser-upload-title']")).to_have_value("Compte rendu rencontre 2026-03")
    collection = modal.locator("select[name$='-chooser-upload-collection']")
    expect(collection.locator("option:checked")).to_contain_text("Documents")
    shoot(editor, "titre-du-document")
