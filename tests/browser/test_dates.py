"""In Chromium, Wagtail's page editor: an editor types a rencontre's date in each written form (cms/dates.py) and
leaves the field; the date picker keeps it (it used to write today's date over `2026-11-20`), saving reads it as
that day, and a date it cannot read is refused in French on saving, never replaced."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from pages.models import WorkshopReportPage
from tests.browser.helpers import log_in
from tests.factories import WorkshopReportPageFactory, build_site_tree

NOV_20 = datetime.date(2026, 11, 20)
DATE_FORMS = ["2026-11-20", "20/11/2026", "20-11-2026", "20.11.2026"]
# Autosave posts the form while the date cannot be read: Wagtail answers 400 until it validates, by design.
EDIT_FORM = r"/admin/pages/\d+/edit/$"


def type_date_and_leave(editor, text):
    field = editor.locator("#id_date")
    field.click()
    field.press("Control+A")
    field.press("Delete")
    field.press_sequentially(text)
    field.press("Tab")  # the field loses focus: where the picker rewrote what it could not parse
    editor.wait_for_timeout(300)
    return field.input_value()


def latest_date(rencontre):
    """The date of the page's latest revision (what « Enregistrer le brouillon » saved), read afresh."""
    return WorkshopReportPage.objects.get(pk=rencontre.pk).get_latest_revision().as_object().date


def test_an_editor_types_a_date_in_each_form_and_it_is_kept_or_refused_in_french(staff, open_page, shoot):
    tree = build_site_tree()
    rencontre = WorkshopReportPageFactory(
        parent=tree.workshop_index, title="Rencontre-atelier de Ciney", date=datetime.date(2025, 3, 14)
    )
    rencontre.save_revision().publish()
    today = timezone.localdate().strftime("%d/%m/%Y")

    editor = open_page(viewport={"width": 1400, "height": 900})
    editor.problems.tolerate(400, EDIT_FORM)
    log_in(editor, staff.editor.username)
    editor.goto(f"/admin/pages/{rencontre.pk}/edit/")
    field = editor.locator("#id_date")
    expect(field).to_have_attribute("placeholder", "jj/mm/aaaa")
    expect(editor.get_by_text(re.compile(r"Format : jj/mm/aaaa, par exemple 20/11/2026"))).to_be_visible()

    for typed in DATE_FORMS:
        kept = type_date_and_leave(editor, typed)
        assert kept in (typed, "20/11/2026"), f"{typed!r} became {kept!r} when the editor left the field"
        assert kept != today
    shoot(editor, "date-gardee")

    # The form the picker used to replace by today's date, saved: the rencontre is on 20 November 2026.
    type_date_and_leave(editor, "2026-11-20")
    editor.get_by_role("button", name="Enregistrer le brouillon").click()
    editor.wait_for_load_state()
    expect(editor.get_by_text(re.compile("Date non reconnue"))).to_have_count(0)
    expect(field).to_have_value("20/11/2026")
    assert latest_date(rencontre) == NOV_20

    # Text that is no date: kept as typed, refused in French on saving, the saved date untouched.
    kept = type_date_and_leave(editor, "le 20 novembre")
    assert kept == "le 20 novembre"
    editor.get_by_role("button", name="Enregistrer le brouillon").click()
    message = editor.get_by_text("Date non reconnue : écrivez-la au format jj/mm/aaaa, par exemple 20/11/2026.")
    expect(message.first).to_be_visible()
    expect(field).to_have_value("le 20 novembre")
    shoot(editor, "date-refusee")
    assert latest_date(rencontre) == NOV_20
    assert WorkshopReportPage.objects.get(pk=rencontre.pk).date == datetime.date(2025, 3, 14), "live page unchanged"
