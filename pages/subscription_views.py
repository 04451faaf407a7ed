"""HTTP only: `/abonnements/` (choose and subscribe), and the signed links of the mails: confirm, change, unsubscribe.
The subscriptions themselves are pages/subscriptions.py's."""

from django import forms
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pages import subscriptions
from pages.contributions.antiabuse import AntiAbuseFormMixin, rate_limited, too_many_requests
from pages.contributions.forms import AccessibleFormMixin
from pages.models import Frequency, ThemePage

NOTHING_CHOSEN = _("Choisissez au moins une thématique, les dossiers ou les rencontres-ateliers.")


class ChoicesForm(AccessibleFormMixin, forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Les nouvelles ressources et liens des thématiques"),
        queryset=ThemePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    dossiers = forms.BooleanField(label=_("Les nouveaux dossiers de reconnaissance"), required=False)
    workshops = forms.BooleanField(
        label=_("Les nouvelles rencontres-ateliers (annonces et comptes rendus)"), required=False
    )
    frequency = forms.ChoiceField(
        label=_("Recevoir un récapitulatif"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemePage.objects.live().order_by("path")
        self.fields["themes"].label_from_instance = lambda theme: theme.title
        self.use_plain_required_message()
        self.describe_fields()

    def clean(self):
        data = super().clean()
        if not (data.get("themes") or data.get("dossiers") or data.get("workshops")):
            raise forms.ValidationError(NOTHING_CHOSEN)
        return data


class SubscribeForm(ChoicesForm, AntiAbuseFormMixin):
    token_salt = "pages.subscription-form"  # noqa: S105 — a signing salt, not a secret

    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("Nous vous envoyons un lien pour confirmer : rien ne part avant votre confirmation."),
    )
    field_order = ["email", "themes", "dossiers", "workshops", "frequency"]


@never_cache
def subscribe(request):
    if request.method == "POST":
        if rate_limited(request, "subscription"):
            return too_many_requests(request)
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscriptions.subscribe(form.cleaned_data["email"], form.cleaned_data)
            return TemplateResponse(request, "pages/subscriptions/sent.html", {})
        return TemplateResponse(request, "pages/subscriptions/subscribe.html", {"form": form}, status=400)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    # From a theme's « S'abonner » box (?theme=<slug>): that theme already ticked.
    themes = ThemePage.objects.live().filter(slug=request.GET.get("theme", ""))
    form = SubscribeForm(initial={"themes": list(themes)})
    return TemplateResponse(request, "pages/subscriptions/subscribe.html", {"form": form})


def _invalid_link(request):
    return TemplateResponse(request, "pages/subscriptions/invalid_link.html", {}, status=404)


@never_cache
@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    subscription = subscriptions.confirm(token)
    if subscription is None:
        return _invalid_link(request)
    context = {"subscription": subscription, "followed": subscriptions.followed_labels(subscription)}
    context["manage_url"] = subscriptions.manage_url(subscription, absolute=False)
    return TemplateResponse(request, "pages/subscriptions/confirmed.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    subscription = subscriptions.subscription_for(token)
    if subscription is None:
        return _invalid_link(request)
    context = {
        "subscription": subscription,
        "unsubscribe_url": subscriptions.unsubscribe_url(subscription, absolute=False),
    }
    if request.method == "POST":
        if rate_limited(request, "subscription"):
            return too_many_requests(request)
        form = ChoicesForm(request.POST)
        if form.is_valid():
            subscriptions.save_choices(subscription, form.cleaned_data)
            context["saved"] = True
        else:
            return TemplateResponse(request, "pages/subscriptions/manage.html", {**context, "form": form}, status=400)
    else:
        form = ChoicesForm(
            initial={
                "themes": list(subscription.themes.all()),
                "dossiers": subscription.dossiers,
                "workshops": subscription.workshops,
                "frequency": subscription.frequency,
            }
        )
    return TemplateResponse(request, "pages/subscriptions/manage.html", {**context, "form": form})


@never_cache
@csrf_exempt  # the mail clients' one-click POST carries no CSRF token: the signed link is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a button (a link previewer must not unsubscribe anyone); POST, from it or from a mail client's one-click
    (`List-Unsubscribe-Post`): the subscription is deleted."""
    subscription = subscriptions.subscription_for(token)
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return TemplateResponse(request, "pages/subscriptions/unsubscribed.html", {})
    if subscription is None:
        return _invalid_link(request)
    return TemplateResponse(request, "pages/subscriptions/unsubscribe.html", {"subscription": subscription})
