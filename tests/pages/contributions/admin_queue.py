"""The moderation queue tests' base: its URLs, a moderator, an editor, a superuser and one contribution."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from pages.contributions.drafts import MODERATORS_GROUP
from pages.contributions.moderation import EDITORS_GROUP
from tests.factories.contributions import ContributionFactory, ContributionFileFactory
from tests.pages.base import SiteTreeTestCase

LOGIN_URL = "/admin/login/"


def list_url():
    return reverse("contributions_modeladmin_index")


def inspect_url(contribution):
    return reverse("contributions_modeladmin_inspect", args=[contribution.pk])


def action_url(name, contribution):
    return reverse(f"contribution_{name}", args=[contribution.pk])


def download_url(contribution_file):
    return reverse("contribution_file_download", args=[contribution_file.pk])


class QueueTestCase(SiteTreeTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        User = get_user_model()
        cls.moderator = User.objects.create_user("moderatrice", "moderatrice@astrac.be", "x")
        cls.moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        cls.editor = User.objects.create_user("editeur", "editeur@astrac.be", "x")
        cls.editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        cls.admin = User.objects.create_superuser("admin", "admin@astrac.be", "x")

    def setUp(self):
        self.contribution = ContributionFactory(
            title="Canevas d'entretien avec les habitants",
            contributor_name="Camille Dupont",
            contributor_email="camille@cc-rochefort.be",
            themes=[self.tree.theme["analyse-partagee"]],
        )
        self.file = ContributionFileFactory(contribution=self.contribution, original_name="canevas entretien.pdf")

    def login(self, user):
        if user is None:
            self.client.logout()
        else:
            self.client.force_login(user)
