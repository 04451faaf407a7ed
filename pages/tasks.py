"""Background tasks of the pages: the link check (pages/link_checker.py), run by the tasks worker and scheduled
again after each run (every LINK_CHECK_INTERVAL_HOURS, 24 by default) when the backend can defer a task (the
database backend of `manage.py db_worker`; the immediate backend runs it once)."""

import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from pages import link_checker

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
