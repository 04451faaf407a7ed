"""Background tasks of the pages app, run by django-tasks (settings.TASKS: at once by default, by
`manage.py db_worker` with TASKS_BACKEND=database).

Each takes primary keys (task arguments are stored as JSON) and calls the function that does the work, which
stays callable directly (`send_pending_mails` retries through them). Mails are queued once the transaction that
stored their subject commits. Wagtail queues its own work the same way: search index updates, reference index,
front-end cache purges (`purge_urls_from_cache`).

The work is imported when a task runs: the services and the moderation import this module to queue these tasks.
"""

from django_tasks import task


@task()
def send_contribution_mails(contribution_id):
    from pages.contributions.services import send_contribution_mails

    send_contribution_mails(contribution_id)


@task()
def send_dossier_request_mails(request_id):
    from pages.contributions.services import send_dossier_request_mails

    send_dossier_request_mails(request_id)


@task()
def send_refusal_mail(contribution_id):
    from pages.contributions.moderation import send_refusal_mail

    send_refusal_mail(contribution_id)


@task()
def send_notification_digest():
    from pages.contributions.services import send_notification_digest

    send_notification_digest()
