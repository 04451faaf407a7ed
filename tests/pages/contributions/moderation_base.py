"""The moderation tests' base: a moderator, and acceptance with its on-commit work run."""

from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from pages.contributions.drafts import MODERATORS_GROUP
from pages.contributions.moderation import accept_contribution
from tests.pages.base import SiteTreeTestCase


def in_progress_workflow(page):
    return WorkflowState.objects.filter(
        object_id=str(page.pk), base_content_type__model="page", status=WorkflowState.STATUS_IN_PROGRESS
    ).first()


class ModerationTestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from django.contrib.auth import get_user_model

        cls.moderator = get_user_model().objects.create_user("moderatrice", "moderatrice@astrac.be", "x")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))

    def accept(self, contribution):
        with self.captureOnCommitCallbacks(execute=True):
            return accept_contribution(contribution, moderator=self.moderator)
