"""HTTP for the public forms (called from ContributionPage and DossierPage routes): rate limit, form, service, PRG.

Nothing is stored here: the services in `pages.contributions.services` do that. A refused submission is shown again with
its errors (status 400), a client past the rate limit gets the French 429 page, a database or file storage failure
the French 503 page (nothing of the submission was kept).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.errors import french_error
from cms.outages import UNAVAILABLE_MESSAGE as STORAGE_UNAVAILABLE_MESSAGE
from cms.outages import StorageUnavailable
from pages.contributions.antiabuse import rate_limited, too_many_requests
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.contributions.services import NotPersonToPerson, request_dossier, submit_contribution
from pages.models import ContributionPage
from pages.models.form_views import public_form_views

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "Votre envoi n'a pas pu être enregistré à cause d'une panne de notre base de données. "
    "Rien n'a été conservé : merci de réessayer dans quelques minutes."
)


def privacy_url(request, contribution_page=None):
    """The « Vie privée » page linked from the consent boxes."""
    page = contribution_page or ContributionPage.objects.live().first()
    target = page.privacy_page if page is not None and page.privacy_page_id else None
    if target is None or not target.live:
        target = Page.objects.live().filter(slug="vie-privee").first()
    return target.get_url(request) if target is not None else ""


def service_unavailable(request, message=UNAVAILABLE_MESSAGE):
    """The French 503 of a form whose submission was not kept (the page says the form is one click back)."""
    return french_error(request, 503, message, context={"form_sent": True}, retry_after=300)


def page_response(page, request, status=200, **context):
    full_context = page.get_context(request)
    full_context.update(context)
    return TemplateResponse(request, page.get_template(request), full_context, status=status)


def contribution_form(page, request):
    """GET: the empty form. POST: store the contribution and redirect to the thanks page, or show the errors."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method != "POST":
        return page_response(page, request)
    if rate_limited(request, "contribution"):
        return too_many_requests(request)
    form = ContributionForm(request.POST, request.FILES, privacy_url=privacy_url(request, page))
    if form.is_valid():
        try:
            contribution = save_contribution(form)
        except DatabaseError:
            logger.exception("A contribution could not be stored; nothing of it was kept")
            return service_unavailable(request)
        except StorageUnavailable:
            logger.exception("A contribution's file could not be stored; nothing of it was kept")
            return service_unavailable(request, STORAGE_UNAVAILABLE_MESSAGE)
        if contribution is not None:
            return HttpResponseRedirect(page.url + page.reverse_subpage("contribution_thanks"))
    return page_response(page, request, status=400, form=form, files_were_sent=bool(request.FILES))


def save_contribution(form):
    """Store a valid ContributionForm through the service (shared with the API).

    Returns the contribution, or None when the service refused a file (the refusal is added to the form's
    `files` errors). DatabaseError and StorageUnavailable go through: nothing was stored and the caller answers 503.
    """
    try:
        return submit_contribution(
            data=form.contribution_data(),
            files=form.cleaned_data["files"],
            submission_token=form.form_token.submission_token,
        )
    except ValidationError as error:
        form.add_error("files", error)
        return None


def dossier_request(page, request):
    """POST only, on a person-to-person dossier: store the request, then show the dossier with a confirmation."""
    if page.is_downloadable:
        raise Http404("Ce dossier se télécharge directement sur sa page : inutile de le demander.")
    if request.method != "POST":
        return HttpResponseRedirect(page.url + "#demande")
    if rate_limited(request, "dossier-request"):
        return too_many_requests(request)
    form = DossierRequestForm(request.POST, privacy_url=privacy_url(request))
    if form.is_valid():
        try:
            request_dossier(dossier=page, data=form.request_data(), submission_token=form.form_token.submission_token)
        except NotPersonToPerson as error:
            raise Http404 from error
        except DatabaseError:
            logger.exception("A dossier request could not be stored")
            return service_unavailable(request)
        return HttpResponseRedirect(page.url + page.reverse_subpage("dossier_request_sent") + "#demande")
    return page_response(page, request, status=400, request_form=form)


def dossier_request_sent(page, request):
    if page.is_downloadable:
        raise Http404("Ce dossier se télécharge directement sur sa page : inutile de le demander.")
    return page_response(page, request, request_sent=True)


def contribution_form_for(page, request):
    """The empty contribution form (the page's own context, also used by previews)."""
    return ContributionForm(privacy_url=privacy_url(request, page))


def request_form_for(page, request):
    """The empty request form shown on a person-to-person dossier."""
    return DossierRequestForm(privacy_url=privacy_url(request))


def connect_form_views():
    """Plug the views into the pages that route to them (PagesConfig.ready): the models import nothing from here."""
    public_form_views.update(
        contribution_form=contribution_form,
        contribution_form_for=contribution_form_for,
        dossier_request=dossier_request,
        dossier_request_sent=dossier_request_sent,
        request_form_for=request_form_for,
    )
