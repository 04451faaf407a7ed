"""Background tasks with django-tasks' database backend (django-tasks-db), as production runs them.

TASKS_BACKEND selects the backend; with the database one, queued work is a row of the tasks table until the
worker (`manage.py db_worker`, here in batch mode: it stops once the queue is empty) runs it.
"""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction

from pages import models as m
from pages.contributions.services import submit_contribution
from search.models import SearchEntry
from search.queries import SearchParams, search_content
from tests.factories import DossierPageFactory, ResourcePageFactory
from tests.pages.contribution_helpers import build_contribution_tree, contribution_data
from tests.search.documents import pdf_bytes
from tests.test_production import production_setting, run_python

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PDF_LINES = ["Dossier de reconnaissance du Centre culturel de Ciney.", "Les ornithorynques de la vallée du Bocq."]


def test_tasks_backend_is_immediate_by_default_and_database_on_demand():
    assert production_setting("TASKS")["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    tasks = production_setting("TASKS", TASKS_BACKEND="database")
    assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in production_setting("INSTALLED_APPS")


def test_an_unknown_tasks_backend_is_refused():
    with pytest.raises(AssertionError, match="TASKS_BACKEND must be one of immediate, database"):
        run_python("import cms.settings.base", TASKS_BACKEND="celery")


@pytest.fixture
def worker(monkeypatch):
    """The worker in batch mode, in the test's own transaction (rolled back afterwards).

    The worker closes "old" connections between tasks as a request would; inside the test's transaction Django
    counts the test's connection as one (autocommit off) and would close it: that alone is switched off.
    """
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)

    return run


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_extracts_a_queued_document(site_tree, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = get_document_model()(
            title="Dossier de Ciney",
            collection=Collection.get_first_root_node(),
            file=ContentFile(pdf_bytes(PDF_LINES), name="ciney.pdf"),
        )
        document._set_document_file_metadata()
        document.save()
    dossier = DossierPageFactory(
        parent=site_tree.dossier_library,
        access_mode=m.AccessMode.DOWNLOAD,
        documents=[m.DossierPageDocument(document=document)],
    )
    dossier.save_revision().publish()

    queued = DBTaskResult.objects.get(task_path="search.tasks.extract_document_text")
    assert queued.status == "READY"
    assert queued.args_kwargs == {"args": [document.pk], "kwargs": {}}
    document.refresh_from_db()
    assert document.text_content == ""  # nothing ran in the request

    worker()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value["status"] == "ok"
    document.refresh_from_db()
    assert "ornithorynques" in document.text_content
    outcome = search_content(SearchParams(query="ornithorynques"))
    assert [hit.entry.page_id for hit in outcome.page.object_list] == [dossier.pk]
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()  # Wagtail's own tasks ran too


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_contribution_mails_are_sent_by_the_worker(client, worker, private_media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tree = build_contribution_tree()
        response = client.post(
            "/contribuer/", contribution_data(themes=[tree.theme["autres"]], url="https://www.astrac.be/canevas")
        )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert mail.outbox == []
    assert (
        DBTaskResult.objects.filter(
            task_path="pages.contributions.tasks.send_contribution_mails", status="READY"
        ).count()
        == 1
    )

    worker()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["camille.dupont@cc-rochefort.be", "plateforme@astrac.be"]
    contribution = m.Contribution.objects.get()
    assert contribution.acknowledgement_sent_at and contribution.notification_sent_at


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS, NOTIFICATION_MAIL_LIMIT=2)
def test_past_the_notification_limit_the_worker_sends_one_digest_when_the_hour_ends(
    worker, django_capture_on_commit_callbacks
):
    tree = build_contribution_tree()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(5):
            submit_contribution(
                data={
                    "kind": "lien",
                    "title": f"Contribution n° {number}",
                    "description": "Un lien utile.",
                    "url": f"https://exemple.be/{number}",
                    "themes": [tree.theme["autres"]],
                    "contributor_name": "Camille Dupont",
                    "contributor_email": "camille.dupont@cc-rochefort.be",
                    "consent_licence": True,
                    "consent_personal_data": True,
                },
                files=[],
                submission_token=uuid.uuid4(),
            )
    worker()

    notifications = [message for message in mail.outbox if message.to == ["plateforme@astrac.be"]]
    assert [message.subject for message in notifications] == [
        "[Plateforme ASTRAC] Nouvelle contribution : Contribution n° 0",
        "[Plateforme ASTRAC] Nouvelle contribution : Contribution n° 1",
    ]
    # The first notification held back queued the digest, once, for the end of the hour.
    (digest_task,) = DBTaskResult.objects.filter(task_path="pages.contributions.tasks.send_notification_digest")
    assert digest_task.status == "READY"
    quota = m.MailQuota.objects.get(purpose="contribution-notification")
    assert digest_task.run_after == quota.period_start + datetime.timedelta(hours=1)

    # The hour passes.
    m.MailQuota.objects.update(period_start=F("period_start") - datetime.timedelta(hours=1))
    DBTaskResult.objects.filter(pk=digest_task.pk).update(run_after=timezone.now())
    worker()

    digest = mail.outbox[-1]
    assert digest.subject == "[Plateforme ASTRAC] 3 nouvelles contributions à relire (récapitulatif)"
    assert all(f"Contribution n° {number}" in digest.body for number in (2, 3, 4))
    assert not m.Contribution.objects.filter(notification_sent_at__isnull=True).exists()


@override_settings(TASKS=DATABASE_TASKS)
def test_unpublishing_or_restricting_a_page_takes_it_out_of_search_without_waiting_for_the_worker(site_tree):
    withdrawn, restricted = (ResourcePageFactory(parent=site_tree.theme["autres"]) for _ in range(2))
    for page in (withdrawn, restricted):
        page.save_revision().publish()
    assert SearchEntry.objects.filter(page__in=[withdrawn, restricted]).count() == 2

    withdrawn.unpublish()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    assert not SearchEntry.objects.filter(page__in=[withdrawn, restricted]).exists()
