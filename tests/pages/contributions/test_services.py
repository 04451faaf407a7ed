"""The contribution service without HTTP, and its all-or-nothing storage."""

import io
import uuid
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client, override_settings

from cms.outages import UNAVAILABLE_MESSAGE as STORAGE_UNAVAILABLE_MESSAGE
from cms.outages import StorageUnavailable
from cms.storage import private_storage
from pages.contributions import services as submissions
from pages.contributions.services import send_pending_mails, submit_contribution
from pages.models import (
    Contribution,
    ContributionFile,
    ContributionStatus,
    ThemePage,
)
from tests.pages.contribution_helpers import (
    big_pdf_upload,
    build_contribution_tree,
    contribution_data,
    files_on_disk,
    full_upload_directory,
    text_of,
)
from tests.pages.contributions.submission_data import FAILING_MAIL_BACKEND, service_data
from tests.pages.upload_samples import docx_bytes, pdf_bytes, upload

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
