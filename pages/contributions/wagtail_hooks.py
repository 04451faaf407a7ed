"""The contribution flow's admin hooks: the « Contributions » menu (moderation queue, dossier requests) and the
moderators' dashboard panels. Wagtail discovers only pages/wagtail_hooks.py, which imports this module.
"""

from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from pages.contributions.admin import can_view_contributions
from pages.contributions.admin_queue import (
    ContributionsGroup,
    PendingContributionsPanel,
    RecentDossierRequestsPanel,
    can_view_dossier_requests,
)

modeladmin_register(ContributionsGroup)


@hooks.register("construct_homepage_panels")
def add_moderation_panels(request, panels):
    """Moderators' panels; editors see neither (they have no right on contributions or requests)."""
    if can_view_contributions(request.user):
        panels.append(PendingContributionsPanel())
    if can_view_dossier_requests(request.user):
        panels.append(RecentDossierRequestsPanel())
