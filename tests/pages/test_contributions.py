"""The public contribution form at /contribuer/ and the service behind it."""

import io
import uuid
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse

from pages.contributions import mail_limits
from pages.contributions import services as submissions
from pages.contributions.antiabuse import client_ip
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.contributions.services import send_pending_mails, submit_contribution
from pages.models import (
    AccessMode,
    Contribution,
    ContributionFile,
    ContributionKind,
    ContributionStatus,
    CulturalCentre,
    MailQuota,
    Province,
    ThemePage,
    private_storage,
)
from pages.storage import UNAVAILABLE_MESSAGE as STORAGE_UNAVAILABLE_MESSAGE
from pages.storage import StorageUnavailable
from tests.factories import CulturalCentreFactory
from tests.pages.contribution_helpers import (
    big_pdf_upload,
    build_contribution_tree,
    contribution_data,
    files_on_disk,
    full_upload_directory,
    signed_token,
    text_of,
)
from tests.pages.upload_samples import docx_bytes, pdf_bytes, upload

FAILING_MAIL_BACKEND = "tests.pages.failing_mail.FailingEmailBackend"


@pytest.fixture
def tree(db, private_media):
    return build_contribution_tree()


@pytest.fixture
def page(tree):
    return tree.contribution_page


def service_data(tree, **overrides):
    data = {
        "kind": ContributionKind.RESOURCE,
        "title": "Canevas d'animation pour une analyse partagée",
        "description": "Le canevas utilisé avec les habitants.",
        "themes": [tree.theme["analyse-partagee"], tree.theme["autres"]],
        "contributor_name": "Camille Dupont",
        "contributor_email": "camille.dupont@cc-rochefort.be",
        "organisation": "Centre culturel de Rochefort",
        "role": "Animatrice",
        "consent_licence": True,
        "consent_personal_data": True,
    }
    data.update(overrides)
    return data


# --- The service, without HTTP ---------------------------------------------------------------------------------


def test_submit_stores_the_contribution_its_themes_and_its_files_privately(tree, private_media):
    token = uuid.uuid4()
    contents = (pdf_bytes(), docx_bytes())  # generated once: both formats embed their creation time
    files = [upload("Canevas final.pdf", contents[0]), upload("Grille.docx", contents[1])]
    contribution = submit_contribution(data=service_data(tree), files=files, submission_token=token)

    contribution.refresh_from_db()
    assert contribution.submission_token == token
    assert contribution.status == ContributionStatus.PENDING
    assert set(contribution.themes.all()) == {tree.theme["analyse-partagee"], tree.theme["autres"]}
    stored = list(contribution.files.order_by("pk"))
    assert [(f.original_name, f.file_type) for f in stored] == [("Canevas final.pdf", "pdf"), ("Grille.docx", "docx")]
    for record, content in zip(stored, contents, strict=True):
        # A generated name in the contribution's own folder; the original name is only recorded.
        assert record.file.name.startswith(f"contributions/{token}/")
        assert "Canevas" not in record.file.name and " " not in record.file.name
        assert record.size == len(content)
        with record.file.open("rb") as handle:
            assert handle.read() == content
        assert (private_media / record.file.name).is_file()
    assert len(files_on_disk(private_media)) == 2


def test_submit_ignores_fields_the_public_may_not_set(tree):
    data = service_data(tree, status=ContributionStatus.ACCEPTED, refusal_reason="x", processed_at="2020-01-01")
    contribution = submit_contribution(data=data, files=[], submission_token=uuid.uuid4())
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.PENDING
    assert contribution.processed_at is None and contribution.refusal_reason == ""


def test_submit_refuses_a_hostile_file_and_stores_nothing(tree, private_media):
    files = [upload("bon.pdf", pdf_bytes()), upload("faux.pdf", b"<html><script>alert(1)</script></html>")]
    with pytest.raises(ValidationError, match="« faux.pdf »"):
        submit_contribution(data=service_data(tree), files=files, submission_token=uuid.uuid4())
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_the_same_submission_token_twice_gives_one_contribution(tree, private_media):
    token = uuid.uuid4()
    first = submit_contribution(data=service_data(tree), files=[upload("a.pdf", pdf_bytes())], submission_token=token)
    again = submit_contribution(data=service_data(tree), files=[upload("a.pdf", pdf_bytes())], submission_token=token)
    assert again.pk == first.pk
    assert Contribution.objects.count() == 1
    assert ContributionFile.objects.count() == 1
    assert len(files_on_disk(private_media)) == 1


def test_mails_are_sent_after_commit_to_the_contributor_and_the_platform(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contribution = submit_contribution(
            data=service_data(tree), files=[upload("canevas.pdf", pdf_bytes())], submission_token=uuid.uuid4()
        )
        assert mail.outbox == []  # nothing before the commit
    acknowledgement, notification = mail.outbox
    assert acknowledgement.to == ["camille.dupont@cc-rochefort.be"]
    assert "a bien été reçue" in acknowledgement.subject
    assert "Bonjour Camille Dupont" in acknowledgement.body and "canevas.pdf" in acknowledgement.body
    assert notification.to == ["plateforme@astrac.be"]
    assert notification.reply_to == ["camille.dupont@cc-rochefort.be"]
    assert "/admin/" in notification.body
    assert "Canevas d'animation pour une analyse partagée" in notification.subject
    contribution.refresh_from_db()
    assert contribution.acknowledgement_sent_at and contribution.notification_sent_at


def test_no_header_injection_through_a_name_or_a_title(tree, django_capture_on_commit_callbacks):
    data = service_data(
        tree,
        contributor_name="Camille\r\nBcc: espion@exemple.com",
        title="Titre\r\nBcc: espion@exemple.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit_contribution(data=data, files=[], submission_token=uuid.uuid4())
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.bcc == []
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "Bcc" not in message.message()
        assert "espion@exemple.com" not in message.recipients()


def test_a_failing_mail_server_keeps_the_contribution_and_the_mails_are_sent_later(
    tree, django_capture_on_commit_callbacks, caplog
):
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND), django_capture_on_commit_callbacks(execute=True):
        contribution = submit_contribution(data=service_data(tree), files=[], submission_token=uuid.uuid4())
    contribution.refresh_from_db()
    assert contribution.acknowledgement_sent_at is None and contribution.notification_sent_at is None
    assert "could not be sent" in caplog.text
    assert mail.outbox == []

    assert send_pending_mails() == (1, 0)
    contribution.refresh_from_db()
    assert contribution.acknowledgement_sent_at and contribution.notification_sent_at
    assert len(mail.outbox) == 2
    assert send_pending_mails() == (0, 0)  # nothing sent twice
    assert len(mail.outbox) == 2


def test_the_send_pending_mails_command_reports_what_it_did(tree, django_capture_on_commit_callbacks):
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND), django_capture_on_commit_callbacks(execute=True):
        submit_contribution(data=service_data(tree), files=[], submission_token=uuid.uuid4())
    out, err = io.StringIO(), io.StringIO()
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND):
        call_command("send_pending_mails", stdout=out, stderr=err)
    assert "encore en attente après cet envoi : 1 contribution(s)" in out.getvalue()
    assert "refuse encore" in err.getvalue()
    out = io.StringIO()
    call_command("send_pending_mails", stdout=out)
    assert "E-mails en attente pour 1 contribution(s)" in out.getvalue()
    assert "encore en attente après cet envoi : 0 contribution(s) et 0 demande(s)" in out.getvalue()
    assert len(mail.outbox) == 2


# --- Whole or nothing: database failures -----------------------------------------------------------------------


def test_a_database_error_while_saving_the_files_leaves_no_row_and_no_file(tree, private_media):
    real_create = ContributionFile.objects.create
    calls = []

    def create_then_fail(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise DatabaseError("disk I/O error")
        return real_create(**kwargs)

    files = [upload("un.pdf", pdf_bytes()), upload("deux.pdf", pdf_bytes())]
    with (
        mock.patch.object(ContributionFile.objects, "create", side_effect=create_then_fail),
        pytest.raises(DatabaseError),
    ):
        submit_contribution(data=service_data(tree), files=files, submission_token=uuid.uuid4())
    assert len(calls) == 2
    assert Contribution.objects.count() == 0
    assert ContributionFile.objects.count() == 0
    assert files_on_disk(private_media) == []
    assert list(private_media.iterdir()) in ([], [private_media / "contributions"])


def test_a_failing_file_write_leaves_no_row_and_no_file(tree, private_media):
    real_save = private_storage.save
    calls = []

    def save_then_fail(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            # Half of the file reached the disk before the failure.
            (private_media / name).write_bytes(b"%PDF-1.4 partial")
            raise OSError(28, "No space left on device")
        return real_save(name, content, **kwargs)

    files = [upload("un.pdf", pdf_bytes()), upload("deux.pdf", pdf_bytes())]
    # The service reports the storage failure as StorageUnavailable (the form and the API answer 503).
    with mock.patch.object(private_storage, "save", side_effect=save_then_fail), pytest.raises(StorageUnavailable):
        submit_contribution(data=service_data(tree), files=files, submission_token=uuid.uuid4())
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # another transactional test may run first
def test_a_constraint_failing_at_commit_leaves_no_row_and_no_file_and_shows_a_french_503(client, private_media):
    """A real database failure: the theme chosen was deleted meanwhile, the foreign key fails at COMMIT."""
    tree = build_contribution_tree()
    theme = tree.theme["autres"]
    data = contribution_data(themes=[theme])
    data["files"] = [upload("un.pdf", pdf_bytes()), upload("deux.pdf", pdf_bytes())]
    real_submit = submissions.submit_contribution

    def submit_after_the_theme_is_deleted(*, data, files, submission_token):
        ThemePage.objects.filter(pk=theme.pk).delete()  # an editor deletes the theme at the same moment
        return real_submit(data=data, files=files, submission_token=submission_token)

    with mock.patch("pages.contributions.views.submit_contribution", submit_after_the_theme_is_deleted):
        response = client.post(tree.contribution_page.get_url(), data)
    assert response.status_code == 503
    assert "Rien n'a été conservé" in text_of(response)
    assert "Service momentanément indisponible" in text_of(response)
    assert Contribution.objects.count() == 0
    assert ContributionFile.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_a_full_upload_directory_gives_the_french_503_page_and_leaves_no_temporary_file(tree, private_media, tmp_path):
    """The files are spooled to a temporary directory where writes fail (EFBIG), as on a full disk: while
    CsrfViewMiddleware reads the form's token, before the view."""
    browser = Client(enforce_csrf_checks=True)
    url = tree.contribution_page.get_url()
    page = BeautifulSoup(browser.get(url).content, "html.parser")
    data = contribution_data(kind="lien", url="https://www.exemple.be/outil")
    data["csrfmiddlewaretoken"] = page.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    data["files"] = [upload("annexe.pdf", pdf_bytes()), big_pdf_upload("rapport.pdf")]
    spool = tmp_path / "spool"
    spool.mkdir()
    with full_upload_directory(spool):
        response = browser.post(url, data)
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert STORAGE_UNAVAILABLE_MESSAGE in text_of(response)
    assert list(spool.iterdir()) == []
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


# --- Through the form -------------------------------------------------------------------------------------------


def test_the_page_shows_the_form_with_its_french_labels_and_the_privacy_link(client, page, tree):
    response = client.get(page.get_url())
    assert response.status_code == 200
    content = text_of(response)
    for text in (
        "Je propose",
        "Une ressource",
        "Un lien utile",
        "Le dossier de reconnaissance de mon centre",
        "Votre adresse e-mail",
        "sous licence CC BY-NC-SA 4.0",
        "Envoyer ma contribution",
        "Partagez vos ressources.",
    ):
        assert text in content
    assert f'href="{tree.privacy.get_url()}"' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'aria-hidden="true"' in content and 'name="site_web"' in content


def test_a_resource_with_two_pdfs_is_stored_and_the_visitor_is_redirected_to_the_thanks_page(
    client, page, tree, private_media, django_capture_on_commit_callbacks
):
    data = contribution_data(themes=[tree.theme["constituer-son-dossier"]])
    data["files"] = [upload("Canevas.pdf", pdf_bytes()), upload("Annexe.pdf", pdf_bytes("Annexe"))]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.get_url(), data)
    assert response.status_code == 302
    assert response["Location"] == "/contribuer/merci/"
    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.RESOURCE
    assert list(contribution.themes.all()) == [tree.theme["constituer-son-dossier"]]
    assert sorted(contribution.files.values_list("original_name", flat=True)) == ["Annexe.pdf", "Canevas.pdf"]
    assert len(files_on_disk(private_media)) == 2
    assert len(mail.outbox) == 2

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Merci pour votre contribution !" in text_of(thanks)
    assert "Merci de faire vivre le partage entre Centres culturels !" in text_of(thanks)


def test_a_double_submit_creates_one_contribution_and_shows_the_confirmation_twice(client, page, tree, private_media):
    token = signed_token()
    responses = []
    for _ in range(2):
        data = contribution_data(themes=[tree.theme["autres"]], form_token=token)
        data["files"] = [upload("canevas.pdf", pdf_bytes())]
        responses.append(client.post(page.get_url(), data))
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {"/contribuer/merci/"}
    assert Contribution.objects.count() == 1
    assert len(files_on_disk(private_media)) == 1


def test_bidi_controls_and_invisible_characters_are_removed_from_every_text(client, page, tree):
    """U+202E would show « Canevas fdp.exe » as « Canevas exe.pdf »; U+200B, U+FEFF, U+2066… hide in a text."""
    data = contribution_data(
        kind="lien",
        url="https://www.exemple.be/outil",
        title="Canevas \u202efdp.exe\u202c d'\u200banimation\ufeff",
        description="\u2066Le canevas\u2069 utilisé \u202bavec\u202c les habitants.\u200d",
        contributor_name="\u202aCamille\u200b Dupont\u202c",
        organisation="Centre culturel\u2068 de Rochefort\u2069",
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.title == "Canevas fdp.exe d'animation"
    assert contribution.description == "Le canevas utilisé avec les habitants."
    assert contribution.contributor_name == "Camille Dupont"
    assert contribution.organisation == "Centre culturel de Rochefort"


def test_a_title_made_only_of_invisible_characters_is_missing(client, page, tree):
    data = contribution_data(kind="lien", url="https://www.exemple.be/", title="\u202e\u200b\ufeff")
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text_of(response)
    assert Contribution.objects.count() == 0


def test_a_link_a_new_centre_and_no_file(client, page, tree):
    data = contribution_data(
        kind="lien",
        url="www.culture.be/decret",
        new_centre_name="Centre culturel de Marchin",
        new_centre_commune="Marchin",
        new_centre_province=Province.LIEGE,
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.url == "https://www.culture.be/decret"
    assert (contribution.centre, contribution.new_centre_name) == (None, "Centre culturel de Marchin")
    assert contribution.new_centre_province == Province.LIEGE


def test_a_dossier_with_its_centre_status_year_and_access_mode(client, page, tree):
    centre = CulturalCentreFactory()
    data = contribution_data(
        kind="dossier",
        centre=centre.pk,
        dossier_status="approuve",
        dossier_year="2023",
        access_mode=AccessMode.PERSON_TO_PERSON,
        contextualisation="Un territoire rural, une équipe de cinq personnes.",
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.centre, contribution.dossier_year, contribution.access_mode) == (
        centre,
        2023,
        AccessMode.PERSON_TO_PERSON,
    )


def test_a_new_centre_named_like_an_existing_one_is_linked_to_it(client, page):
    centre = CulturalCentreFactory(name="Centre culturel de Rochefort", commune="Rochefort")
    data = contribution_data(kind="lien", url="https://www.exemple.be/", new_centre_name="centre culturel de rochefort")
    assert client.post(page.get_url(), data).status_code == 302
    assert Contribution.objects.get().centre == centre
    assert CulturalCentre.objects.count() == 1


CONDITIONAL = [
    ("link-without-url", {"kind": "lien"}, "url", "Indiquez l'adresse du lien que vous proposez."),
    (
        "resource-without-file-or-url",
        {"kind": "ressource"},
        "files",
        "Joignez au moins un fichier ou indiquez l'adresse de la ressource.",
    ),
    ("resource-without-theme", {"kind": "ressource", "url": "https://a.be"}, "themes", "au moins une thématique"),
    ("dossier-without-centre", {"kind": "dossier"}, "centre", "Choisissez le Centre culturel du dossier"),
    ("dossier-without-status", {"kind": "dossier"}, "dossier_status", "Indiquez le statut du dossier."),
    ("dossier-without-year", {"kind": "dossier"}, "dossier_year", "Indiquez l'année de dépôt du dossier."),
    ("dossier-without-access", {"kind": "dossier"}, "access_mode", "Choisissez le mode de partage du dossier."),
    (
        "download-dossier-without-file",
        {"kind": "dossier", "access_mode": "telechargement"},
        "files",
        "Un dossier en téléchargement direct doit comporter au moins un fichier.",
    ),
    (
        "new-centre-without-commune",
        {"kind": "lien", "url": "https://a.be", "new_centre_name": "Foyer culturel de Jette"},
        "new_centre_commune",
        "Indiquez la commune du nouveau Centre culturel.",
    ),
    ("no-licence-consent", {"consent_licence": None}, "consent_licence", "Votre accord de partage est nécessaire"),
    ("no-gdpr-consent", {"consent_personal_data": None}, "consent_personal_data", "Votre accord est nécessaire"),
    ("bad-email", {"contributor_email": "camille@"}, "contributor_email", "Saisissez une adresse e-mail valide, par"),
    (
        "email-with-header",
        {"contributor_email": "camille@cc.be\r\nBcc: espion@exemple.com"},
        "contributor_email",
        "Saisissez une adresse e-mail valide",
    ),
    ("name-with-newline", {"contributor_name": "Camille\r\nBcc: x@y.be"}, "contributor_name", "sur une ligne"),
    ("no-title", {"title": ""}, "title", "Ce champ est obligatoire."),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [c[1:] for c in CONDITIONAL], ids=[c[0] for c in CONDITIONAL]
)
def test_missing_or_invalid_answers_are_refused_in_french_linked_to_their_field(
    client, page, tree, private_media, overrides, field, message
):
    data = contribution_data(**overrides)
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    soup = BeautifulSoup(response.content, "html.parser")
    bound = form[field]
    # The error is next to its field, the field points at it, and the summary links to the field.
    error = soup.find(id=f"{bound.auto_id}-erreur")
    assert error is not None and message in error.get_text()
    anchor = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
    control = soup.find(id=anchor)
    assert f"{bound.auto_id}-erreur" in control["aria-describedby"].split()
    assert control["aria-invalid"] == "true"
    summary = soup.find(attrs={"data-error-summary": True})
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert summary.find("a", href=f"#{anchor}") is not None
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_help_texts_are_linked_to_their_fields(client, page):
    soup = BeautifulSoup(client.get(page.get_url()).content, "html.parser")
    email = soup.find(id="id_contributor_email")
    assert email["aria-describedby"] == "id_contributor_email-aide"
    assert "jamais publiée" in soup.find(id="id_contributor_email-aide").get_text()


# --- Anti-abuse -------------------------------------------------------------------------------------------------

ABUSE = [
    ("honeypot", {"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
    ("too-fast", {"form_token": lambda: signed_token(age=0)}, "envoyé trop rapidement"),
    ("tampered-token", {"form_token": signed_token()[:-3] + "abc"}, "Le formulaire a expiré ou a été modifié"),
    ("missing-token", {"form_token": None}, "Le formulaire a expiré ou a été modifié"),
    ("other-form-token", {"form_token": "x"}, "Le formulaire a expiré ou a été modifié"),
    ("expired-token", {"form_token": signed_token(age=2 * 24 * 3600)}, "Le formulaire a expiré ou a été modifié"),
]


@pytest.mark.parametrize(("overrides", "message"), [c[1:] for c in ABUSE], ids=[c[0] for c in ABUSE])
def test_robots_are_refused_with_a_french_message_and_nothing_is_stored(
    client, page, tree, private_media, overrides, message
):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    data = contribution_data(themes=[tree.theme["autres"]], **overrides)
    data["files"] = [upload("canevas.pdf", pdf_bytes())]
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_a_too_fast_form_can_be_sent_again_with_the_same_token_once_the_time_has_passed(client, page, tree):
    response = client.post(
        page.get_url(),
        contribution_data(themes=[tree.theme["autres"]], url="https://a.be", form_token=signed_token(age=0)),
    )
    assert response.status_code == 400
    reissued = response.context["form"]["form_token"].value()
    with override_settings(CONTRIBUTION_MIN_FILL_SECONDS=0):
        again = client.post(
            page.get_url(), contribution_data(themes=[tree.theme["autres"]], url="https://a.be", form_token=reissued)
        )
    assert again.status_code == 302


@pytest.mark.django_db
def test_the_form_token_is_signed_for_this_form_only():
    form = ContributionForm(data=contribution_data(form_token=signed_token(DossierRequestForm)))
    assert not form.is_valid()
    assert "bad_token" in form.abuse_codes


@override_settings(CONTRIBUTION_RATE_LIMIT="2/h")
def test_past_the_rate_limit_the_client_gets_the_french_429_page_and_nothing_is_stored(client, page, tree):
    statuses = []
    for number in range(3):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        statuses.append(client.post(page.get_url(), data).status_code)
    assert statuses == [302, 302, 429]
    response = client.post(page.get_url(), contribution_data(kind="lien", url="https://exemple.be/3"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Trop d'envois en peu de temps" in text_of(response)
    assert Contribution.objects.count() == 2
    # Reading the page is never limited.
    assert client.get(page.get_url()).status_code == 200


@override_settings(CONTRIBUTION_RATE_LIMIT="1/h", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_limit_and_cannot_forge_another_address(client, page, tree):
    def post(number, forwarded_for):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        return client.post(page.get_url(), data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert post(0, "203.0.113.7").status_code == 302
    assert post(1, "198.51.100.4").status_code == 302, "another visitor behind the same proxy is not limited"
    assert post(2, "192.0.2.99, 203.0.113.7").status_code == 429, "an address written before its own changes nothing"
    assert Contribution.objects.count() == 2


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy configured: the header is the client's own words
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.99, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.99, 203.0.113.7, 10.0.0.1", "203.0.113.7"),  # a CDN, then nginx
        (2, "203.0.113.7", "10.0.0.2"),  # fewer entries than proxies: not through them
        (1, "pas-une-adresse", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_entry_the_trusted_proxies_added(rf, settings, proxies, forwarded_for, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post("/contribuer/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == client


# --- Mails per recipient ----------------------------------------------------------------------------------------

FLOOD = 152
NOTIFICATION_LIMIT = 10  # NOTIFICATION_MAIL_LIMIT's default


def period_ends():
    """The hour of the mail limits passes: every count's period is moved back by it."""
    MailQuota.objects.update(period_start=F("period_start") - mail_limits.period())


def moderator_mails():
    return [message for message in mail.outbox if message.to == ["plateforme@astrac.be"]]


def test_one_address_from_152_clients_gets_one_acknowledgement_and_the_moderators_a_bounded_number_of_mails(
    client, page, tree, django_capture_on_commit_callbacks
):
    addresses = ["camille.dupont@cc-rochefort.be", "Camille.Dupont@CC-Rochefort.be", " CAMILLE.DUPONT@cc-rochefort.be"]
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(
                page.get_url(),
                contribution_data(
                    kind="lien", url=f"https://exemple.be/{n}", contributor_email=addresses[n % len(addresses)]
                ),
                REMOTE_ADDR=f"198.51.{n // 200}.{n % 200 + 1}",
            )
            for n in range(FLOOD)
        ]

    # Every contribution is stored and thanked the same way: nothing tells a submitter about the others.
    assert {(response.status_code, response["Location"]) for response in responses} == {(302, "/contribuer/merci/")}
    assert Contribution.objects.count() == FLOOD
    acknowledgements = [message for message in mail.outbox if message.to != ["plateforme@astrac.be"]]
    assert len(acknowledgements) == 1
    assert Contribution.objects.filter(acknowledgement_sent_at__isnull=False).count() == 1
    assert Contribution.objects.filter(acknowledgement_withheld_at__isnull=False).count() == FLOOD - 1
    # The moderators got one notification each for the first ten; the others wait for the digest.
    assert len(moderator_mails()) == NOTIFICATION_LIMIT
    assert Contribution.objects.filter(notification_deferred_at__isnull=False).count() == FLOOD - NOTIFICATION_LIMIT
    assert send_pending_mails() == (0, 0), "nothing to retry, and no digest before the hour ends"
    assert len(moderator_mails()) == NOTIFICATION_LIMIT

    period_ends()
    assert send_pending_mails() == (0, 0)

    digests = moderator_mails()[NOTIFICATION_LIMIT:]
    assert len(digests) == 1
    digest = digests[0]
    assert digest.subject == "[Plateforme ASTRAC] 142 nouvelles contributions à relire (récapitulatif)"
    assert digest.body.startswith("142 nouvelles contributions attendent votre relecture.")
    assert "au-delà de 10 notifications en 60 minutes" in digest.body
    # Each contribution is announced in exactly one mail, its own or the digest, with its moderation link.
    for contribution in Contribution.objects.all():
        link = submissions.moderation_url(contribution)
        assert link.endswith(f"/inspect/{contribution.pk}/")
        assert sum(link in message.body for message in moderator_mails()) == 1, contribution.title
    assert not Contribution.objects.filter(notification_sent_at__isnull=True).exists()
    assert send_pending_mails() == (0, 0)
    assert len(mail.outbox) == 1 + NOTIFICATION_LIMIT + 1, "nothing sent twice"


def test_an_address_gets_an_acknowledgement_again_once_the_hour_passed(tree, django_capture_on_commit_callbacks):
    def submit(email):
        with django_capture_on_commit_callbacks(execute=True):
            contribution = submit_contribution(
                data=service_data(tree, contributor_email=email), files=[], submission_token=uuid.uuid4()
            )
        contribution.refresh_from_db()
        return contribution

    first = submit("camille.dupont@cc-rochefort.be")
    second = submit("Camille.Dupont@cc-rochefort.be")
    other = submit("sacha.lambert@cc-ciney.be")
    period_ends()
    third = submit("camille.dupont@cc-rochefort.be")

    assert first.acknowledgement_sent_at and not first.acknowledgement_withheld_at
    assert second.acknowledgement_withheld_at and not second.acknowledgement_sent_at
    assert other.acknowledgement_sent_at, "the limit is per address"
    assert third.acknowledgement_sent_at
    assert [m.to for m in mail.outbox if m.to != ["plateforme@astrac.be"]] == [
        ["camille.dupont@cc-rochefort.be"],
        ["sacha.lambert@cc-ciney.be"],
        ["camille.dupont@cc-rochefort.be"],
    ]


@override_settings(NOTIFICATION_MAIL_LIMIT=1)
def test_a_digest_the_mail_server_refuses_is_sent_later_with_the_same_contributions(
    tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            submit_contribution(
                data=service_data(tree, title=f"Contribution n° {number}", contributor_email=f"c{number}@cc.be"),
                files=[],
                submission_token=uuid.uuid4(),
            )
    period_ends()
    with override_settings(EMAIL_BACKEND=FAILING_MAIL_BACKEND):
        assert submissions.send_notification_digest() == 0
    assert submissions.digest_queue().count() == 2

    assert submissions.send_notification_digest() == 2
    (digest,) = [m for m in moderator_mails() if "récapitulatif" in m.subject]
    assert "Contribution n° 1" in digest.body and "Contribution n° 2" in digest.body
    assert "Contribution n° 0" not in digest.body, "announced by its own notification"
    assert not submissions.digest_queue().exists()


def test_the_moderation_queue_shows_what_was_withheld_and_what_went_in_a_digest(
    client, admin_user, tree, django_capture_on_commit_callbacks
):
    with override_settings(NOTIFICATION_MAIL_LIMIT=0), django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            contribution = submit_contribution(data=service_data(tree), files=[], submission_token=uuid.uuid4())
    client.force_login(admin_user)

    response = client.get(reverse("contributions_modeladmin_inspect", args=[contribution.pk]))

    text = text_of(response)
    assert "Accusé de réception retenu (limite par adresse) le" in text
    assert "Notification reportée au récapitulatif le" in text


# --- Files stay private ------------------------------------------------------------------------------------------


def test_stored_files_have_no_public_url_and_are_outside_media_root(client, tree, private_media, settings):
    contribution = submit_contribution(
        data=service_data(tree), files=[upload("canevas.pdf", pdf_bytes())], submission_token=uuid.uuid4()
    )
    record = contribution.files.get()
    with pytest.raises(ValueError):
        record.file.url  # noqa: B018 — the storage has no base URL
    media_root = str(settings.MEDIA_ROOT)
    assert not str(private_media).startswith(media_root)
    assert not record.file.path.startswith(media_root)
    for url in (
        f"/media/{record.file.name}",
        f"/media/../{private_media.name}/{record.file.name}",
        f"/private-media/{record.file.name}",
        f"/{record.file.name}",
        f"/documents/{record.pk}/canevas.pdf",
    ):
        assert client.get(url).status_code == 404, url
