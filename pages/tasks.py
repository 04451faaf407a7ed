"""Background tasks of the pages: the link check (pages/link_checker.py, again every LINK_CHECK_INTERVAL_HOURS) and
the subscriptions' digests (pages/subscriptions.py, again every day), run by the tasks worker; each schedules its
next run when the backend can defer a task (the database backend of `manage.py db_worker`; the immediate backend
runs it once)."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from pages import link_checker, subscriptions

logger = logging.getLogger(__name__)


@task()
def check_links_task():
    counts, total = link_checker.run_check()
    logger.info("Link check: %s external links, %s", total, counts)
    backend = check_links_task.get_backend()
    if getattr(backend, "supports_defer", False):
        hours = getattr(settings, "LINK_CHECK_INTERVAL_HOURS", 24)
        check_links_task.using(run_after=timezone.now() + datetime.timedelta(hours=hours)).enqueue()
    return {"total": total, **{str(state): n for state, n in counts.items()}}


@task()
def send_digests_task():
    """The subscriptions' digests that are due (pages/subscriptions.py), then again in a day (if the backend defers)."""
    sent, empty = subscriptions.send_digests()
    backend = send_digests_task.get_backend()
    if getattr(backend, "supports_defer", False):
        send_digests_task.using(run_after=timezone.now() + datetime.timedelta(days=1)).enqueue()
    return {"sent": sent, "empty": empty}
