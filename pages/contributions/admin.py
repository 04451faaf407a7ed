"""Admin views of the moderation queue: download a contribution's file, accept, refuse, mark as spam.

HTTP only: every change goes through `pages.contributions.moderation`. The URLs live under /admin/ (registered by the
ModelAdmin in wagtail_hooks.py), so Wagtail already requires a logged-in user with admin access; each view
checks the contribution permission itself. Actions are POST (CSRF-protected) and only for pending
contributions.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from cms.storage import private_storage
from pages.contributions.drafts import ModerationError
from pages.contributions.moderation import accept_contribution, mark_spam, refuse_contribution
from pages.models import Contribution, ContributionFile, ContributionStatus

INDEX_URL_NAME = "contributions_modeladmin_index"
INSPECT_URL_NAME = "contributions_modeladmin_inspect"


def isolated(text):
    """A contributor's text inside `<bdi>`: whatever direction its characters take, the page around keeps its own."""
    return format_html("<bdi>{}</bdi>", text)


def can_view_contributions(user):
    return user.has_perm("pages.view_contribution") or user.has_perm("pages.change_contribution")


def can_moderate(user):
    return user.has_perm("pages.change_contribution")


def inspect_url(contribution):
    return reverse(INSPECT_URL_NAME, args=[contribution.pk])


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        help_text=gettext_lazy("Envoyé tel quel au contributeur, par e-mail. Restez courtois et précis."),
        error_messages={"required": gettext_lazy("Indiquez le motif du refus : il est envoyé au contributeur.")},
    )


def download_file(request, pk):
    """Stream a private file to a moderator, as an attachment. Files never have a public URL."""
    if not can_view_contributions(request.user):
        raise PermissionDenied
    contribution_file = get_object_or_404(ContributionFile.objects.select_related("contribution"), pk=pk)
    if not contribution_file.file.name:
        raise Http404(_("Ce fichier a été publié comme document ou supprimé."))
    try:
        handle = private_storage.open(contribution_file.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("Ce fichier est introuvable.")) from error
    response = FileResponse(handle, as_attachment=True, filename=contribution_file.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _pending_for_action(request, pk, methods=("POST",)):
    """The contribution to act on, or a response refusing the action."""
    if not can_moderate(request.user):
        raise PermissionDenied
    contribution = get_object_or_404(Contribution, pk=pk)
    if request.method not in methods:
        return contribution, HttpResponseNotAllowed(methods)
    if contribution.status != ContributionStatus.PENDING:
        messages.error(
            request,
            _("Cette contribution a déjà été traitée (%(status)s) : aucune action n'est plus possible.")
            % {"status": contribution.get_status_display().lower()},
        )
        return contribution, redirect(inspect_url(contribution))
    return contribution, None


def _act(request, contribution, action, success, *, buttons=None, **arguments):
    """Run a moderation service on the contribution. Its ModerationError goes back to the contribution's page as an
    error message; otherwise `success` ({title}: the contribution's, isolated) and the queue, with `buttons(result)`."""
    try:
        result = action(contribution, moderator=request.user, **arguments)
    except ModerationError as error:
        messages.error(request, str(error))
        return redirect(inspect_url(contribution))
    messages.success(
        request,
        format_html(success, title=isolated(contribution.title)),
        buttons=buttons(result) if buttons else None,
    )
    return redirect(INDEX_URL_NAME)


def accept(request, pk):
    contribution, refusal = _pending_for_action(request, pk)
    if refusal:
        return refusal
    return _act(
        request,
        contribution,
        accept_contribution,
        _(
            "Contribution « {title} » acceptée : la page a été créée en brouillon et soumise à la validation. "
            "Complétez-la avant de la publier."
        ),
        buttons=lambda page: [
            messages.button(reverse("wagtailadmin_pages:edit", args=[page.pk]), _("Modifier le brouillon"))
        ],
    )


def refuse(request, pk):
    """GET: the refusal form; POST: refuse with the reason, e-mailed to the contributor."""
    contribution, refusal = _pending_for_action(request, pk, methods=("GET", "POST"))
    if refusal:
        return refusal
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            contribution,
            refuse_contribution,
            _("Contribution « {title} » refusée : le motif a été envoyé au contributeur."),
            reason=form.cleaned_data["reason"],
        )
    return TemplateResponse(
        request,
        "pages/admin/contribution_refuse.html",
        {
            "contribution": contribution,
            "isolated_title": isolated(contribution.title),
            "form": form,
            "inspect_url": inspect_url(contribution),
        },
    )


def spam(request, pk):
    contribution, refusal = _pending_for_action(request, pk)
    if refusal:
        return refusal
    return _act(request, contribution, mark_spam, _("Contribution « {title} » classée comme indésirable."))
