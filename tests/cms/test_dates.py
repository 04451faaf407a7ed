"""Dates and times typed by people (cms/dates.py): the four written forms of a date read as the same day, anything
else refused in French; placeholders and help say jj/mm/aaaa; Wagtail's pickers keep what the editor typed."""

import datetime

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, streamfield

from cms.dates import (
    DATE_ERROR,
    DATETIME_ERROR,
    TIME_ERROR,
    AdminDateInput,
    AdminDateTimeInput,
    AdminTimeInput,
    DateField,
    DateTimeField,
    TimeField,
)
from pages.models import ResourcePage, WorkshopReportPage
from tests.factories import build_site_tree
from tests.pages.test_admin_forms import page_form, rich

NOV_20 = datetime.date(2026, 11, 20)
DATE_FORMS = ["2026-11-20", "20/11/2026", "20-11-2026", "20.11.2026"]
UNREADABLE_DATES = ["20/11/26", "2026/11/20", "11/20/2026", "31/02/2026", "20 novembre 2026", "demain", "20112026"]


def refusal(field, value):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    return refused.value.messages


@pytest.mark.parametrize("typed", [*DATE_FORMS, " 20/11/2026 "])
def test_date_field_reads_iso_and_the_belgian_forms_as_the_same_day(typed):
    assert DateField().clean(typed) == NOV_20


def test_date_field_reads_a_day_and_month_of_one_digit():
    assert DateField().clean("5/3/2026") == datetime.date(2026, 3, 5)


@pytest.mark.parametrize("typed", UNREADABLE_DATES)
def test_date_field_refuses_what_it_cannot_read_in_french_with_the_format(typed):
    assert refusal(DateField(), typed) == [str(DATE_ERROR)]
    assert "jj/mm/aaaa" in str(DATE_ERROR)


@pytest.mark.parametrize(
    "typed", ["20/11/2026 14:30", "20-11-2026 14:30", "20.11.2026 14:30:00", "2026-11-20 14:30", "2026-11-20T14:30"]
)
def test_datetime_field_reads_the_four_date_forms_with_a_time(typed):
    value = DateTimeField().clean(typed)
    assert (value.date(), value.hour, value.minute) == (NOV_20, 14, 30)


@pytest.mark.parametrize("typed", ["20/11/2026 25:00", "20/11/26 14:30", "20 novembre 2026 à 14h"])
def test_datetime_field_refuses_what_it_cannot_read_in_french(typed):
    assert refusal(DateTimeField(), typed) == [str(DATETIME_ERROR)]


@pytest.mark.parametrize("typed", ["9:30", "09:30", "9h30", "9H30"])
def test_time_field_reads_the_usual_ways_of_writing_a_time(typed):
    assert TimeField().clean(typed) == datetime.time(9, 30)


@pytest.mark.parametrize("typed", ["9 heures", "25:00", "midi"])
def test_time_field_refuses_what_it_cannot_read_in_french(typed):
    assert refusal(TimeField(), typed) == [str(TIME_ERROR)]


def test_public_date_input_shows_the_placeholder_and_the_day_back_in_belgian_form():
    html = DateField().widget.render("date", NOV_20)
    assert 'placeholder="jj/mm/aaaa"' in html
    assert 'value="20/11/2026"' in html
    assert 'type="text"' in html


@pytest.mark.parametrize("language", ["fr", "fr-be"])
def test_django_reads_the_four_forms_in_the_admins_and_the_sites_language(language):
    """Any Django form (a Wagtail filter, a plain forms.DateField) reads them too: cms/formats/fr/formats.py."""
    with translation.override(language):
        assert [forms.DateField().clean(typed) for typed in DATE_FORMS] == [NOV_20] * 4
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("20/11/26")


@pytest.mark.parametrize(
    ("widget", "placeholder"),
    [(AdminDateInput, "jj/mm/aaaa"), (AdminDateTimeInput, "jj/mm/aaaa hh:mm"), (AdminTimeInput, "hh:mm")],
)
def test_admin_pickers_keep_what_was_typed_and_show_the_format(widget, placeholder):
    """The picker's validateOnBlur would write today's date (or the time now) over text it cannot parse."""
    rendered = widget().render("date", None, attrs={"id": "id_date"})
    assert f'placeholder="{placeholder}"' in rendered
    assert '"validateOnBlur": false' in rendered


@pytest.mark.parametrize(("model", "name"), [(WorkshopReportPage, "date"), (ResourcePage, "date")])
def test_page_date_fields_in_the_admin_read_every_form_and_say_the_format(model, name):
    field = model.get_edit_handler().get_form_class().base_fields[name]
    assert isinstance(field, DateField)
    assert isinstance(field.widget, AdminDateInput)
    assert "jj/mm/aaaa" in str(field.help_text)
    assert str(model._meta.get_field(name).help_text) in str(field.help_text), "the model's own help is kept"


def test_workshop_times_in_the_admin_keep_what_was_typed():
    field = WorkshopReportPage.get_edit_handler().get_form_class().base_fields["start_time"]
    assert isinstance(field, TimeField)
    assert isinstance(field.widget, AdminTimeInput)


@pytest.mark.parametrize("name", ["go_live_at", "expire_at"])
def test_publishing_schedule_pickers_keep_what_was_typed(name):
    field = WorkshopReportPage.get_edit_handler().get_form_class().base_fields[name]
    assert isinstance(field, DateTimeField)
    assert isinstance(field.widget, AdminDateTimeInput)
    assert field.widget.get_config()["parentID"] == "#schedule-publishing-dialog", "Wagtail's dialog settings kept"
    assert field.widget.attrs["data-controller"] == "w-action"


@pytest.mark.django_db
class TestRencontreDateThroughTheAdmin:
    @pytest.fixture
    def add_rencontre(self, client):
        tree = build_site_tree()
        editor = get_user_model().objects.create_superuser("claire", "claire@astrac.be", "motdepasse-de-test")
        client.force_login(editor)
        url = reverse("wagtailadmin_pages:add", args=["pages", "workshopreportpage", tree.workshop_index.pk])

        def add(date):
            data = {
                "title": "Rencontre-atelier à Rochefort",
                "slug": "rencontre-rochefort",
                "date": date,
                "place": "Centre culturel de Rochefort",
                "summary": "Une journée sur l'analyse partagée.",
                "registration_info": rich("<p>Gratuit.</p>"),
                "participants": inline_formset([]),
                "body": streamfield([]),
                "photos": inline_formset([]),
                "documents": inline_formset([]),
                "related_choices": inline_formset([]),
            }
            return client.post(url, {**page_form(data), "action-publish": "action-publish"})

        return add

    @pytest.mark.parametrize("typed", DATE_FORMS)
    def test_each_form_of_the_date_is_saved_as_that_day(self, add_rencontre, typed):
        response = add_rencontre(typed)
        assert response.status_code == 302, response.context["form"].errors.as_json()
        assert WorkshopReportPage.objects.get().date == NOV_20

    def test_an_unreadable_date_is_refused_in_french_and_nothing_is_saved(self, add_rencontre):
        response = add_rencontre("2026/11/20")
        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [str(DATE_ERROR)]
        assert not WorkshopReportPage.objects.exists()
        assert 'value="2026/11/20"' in response.content.decode(), "what the editor typed is shown back, not replaced"
