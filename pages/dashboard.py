"""What the admin dashboard lists for one user: the queries behind its panels (drawn in pages/wagtail_hooks.py).

Each list is bounded (`SHOWN` rows) and costs a fixed number of queries whatever its length: the pages of a list
come in one query, their types from Django's content type cache.

- `my_drafts`: pages whose latest revision is the user's and that have unpublished changes, newest first, each
  marked « En relecture » while it is submitted; those sent back are in `changes_requested` instead.
- `changes_requested`: the user's pages (submitted by them, or theirs) whose review asked for changes, with the
  reviewer's comment.
- `awaiting_review`: the pages in a workflow task the user may approve (`is_reviewer`: « Modérateurs » in the
  « Relecture » workflow), oldest submission last.
- `workshop_index`, `new_workshop_url`: where the user writes a new rencontre, when they may.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Exists, IntegerField, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState, get_default_page_content_type

from pages.models import WorkshopIndexPage, WorkshopReportPage

SHOWN = 10

DRAFT = "Brouillon"
IN_REVIEW = "En relecture"


@dataclass(frozen=True)
class PageRow:
    """One page of a panel: what it is, when it last changed, and what the panel says of it."""

    page: Page
    changed_at: datetime.datetime | None
    status: str = ""
    person: str = ""
    comment: str = ""

    @property
    def title(self):
        return self.page.get_admin_display_title()

    @property
    def type_label(self):
        model = self.page.specific_class
        return model._meta.verbose_name if model else ""

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _page_states(status):
    """The workflow states of status `status` of the outer page."""
    return WorkflowState.objects.filter(
        base_content_type_id=get_default_page_content_type().id,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=status,
    )


def _pages_by_id(object_ids):
    return Page.objects.in_bulk([int(object_id) for object_id in object_ids])


def my_drafts(user, limit=SHOWN):
    pages = (
        Page.objects.filter(has_unpublished_changes=True, latest_revision__user=user)
        .exclude(Exists(_page_states(WorkflowState.STATUS_NEEDS_CHANGES)))
        .annotate(in_review=Exists(_page_states(WorkflowState.STATUS_IN_PROGRESS)))
        .order_by("-latest_revision_created_at", "-pk")[:limit]
    )
    return [
        PageRow(page, page.latest_revision_created_at, status=IN_REVIEW if page.in_review else DRAFT) for page in pages
    ]


def changes_requested(user, limit=SHOWN):
    owned = Exists(Page.objects.filter(owner=user, pk=Cast(OuterRef("object_id"), output_field=IntegerField())))
    states = list(
        WorkflowState.objects.filter(
            base_content_type_id=get_default_page_content_type().id, status=WorkflowState.STATUS_NEEDS_CHANGES
        )
        .filter(Q(requested_by=user) | owned)
        .select_related("current_task_state__finished_by")
        .order_by("-current_task_state__finished_at", "-pk")[:limit]
    )
    pages = _pages_by_id(state.object_id for state in states)
    rows = []
    for state in states:
        page = pages.get(int(state.object_id))
        task_state = state.current_task_state
        if page is None or task_state is None:
            continue
        rows.append(
            PageRow(
                page,
                task_state.finished_at,
                person=_person(task_state.finished_by),
                comment=task_state.comment,
            )
        )
    return rows


def is_reviewer(user):
    """May the user act on a task of the workflows in progress (approve, ask for changes)?"""
    if user.is_superuser:
        return True
    return GroupApprovalTask.objects.filter(active=True, groups__in=user.groups.all()).exists()


def awaiting_review(user, limit=SHOWN):
    task_states = list(
        TaskState.objects.reviewable_by(user)
        .filter(workflow_state__base_content_type_id=get_default_page_content_type().id)
        .select_related("workflow_state__requested_by")
        .order_by("-started_at", "-pk")[:limit]
    )
    pages = _pages_by_id(state.workflow_state.object_id for state in task_states)
    return [
        PageRow(page, task_state.started_at, person=_person(task_state.workflow_state.requested_by))
        for task_state in task_states
        if (page := pages.get(int(task_state.workflow_state.object_id)))
    ]


def awaiting_review_url():
    return f"{reverse('wagtailadmin_reports:workflow')}?reviewable=true"


def changes_requested_url(user):
    status = WorkflowState.STATUS_NEEDS_CHANGES
    return f"{reverse('wagtailadmin_reports:workflow')}?status={status}&requested_by={user.pk}"


def workshop_index():
    """The rencontres' index (the first one, should a site ever have two)."""
    return WorkshopIndexPage.objects.order_by("path").first()


def new_workshop_url(user, index=None):
    """The form of a new rencontre under the rencontres' index, or None if there is none or the user may not."""
    index = index or workshop_index()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    model = WorkshopReportPage._meta
    return reverse("wagtailadmin_pages:add", args=[model.app_label, model.model_name, index.pk])
