"""The public contribution form at /contribuer/, and its anti-abuse."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import override_settings

from pages.contributions.antiabuse import client_ip
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.models import (
    AccessMode,
    Contribution,
    ContributionKind,
    CulturalCentre,
    Province,
)
from tests.factories import CulturalCentreFactory
from tests.pages.contribution_helpers import (
    contribution_data,
    files_on_disk,
    signed_token,
    text_of,
)
from tests.pages.upload_samples import pdf_bytes, upload

# --- Through the form -------------------------------------------------------------------------------------------


def test_the_page_shows_the_form_with_its_french_labels_and_the_privacy_link(client, page, tree):
    response = client.get(page.get_url())
    assert response.status_code == 200
    content = text_of(response)
    for text in (
        "Je propose",
        "Une ressource",
        "Un lien utile",
        "Le dossier de reconnaissance de mon centre",
        "Votre adresse e-mail",
        "sous licence CC BY-NC-SA 4.0",
        "Envoyer ma contribution",
        "Partagez vos ressources.",
    ):
        assert text in content
    assert f'href="{tree.privacy.get_url()}"' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'aria-hidden="true"' in content and 'name="site_web"' in content


def test_a_resource_with_two_pdfs_is_stored_and_the_visitor_is_redirected_to_the_thanks_page(
    client, page, tree, private_media, django_capture_on_commit_callbacks
):
    data = contribution_data(themes=[tree.theme["constituer-son-dossier"]])
    data["files"] = [upload("Canevas.pdf", pdf_bytes()), upload("Annexe.pdf", pdf_bytes("Annexe"))]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.get_url(), data)
    assert response.status_code == 302
    assert response["Location"] == "/contribuer/merci/"
    contribution = Contribution.objects.get()
    assert contribution.kind == ContributionKind.RESOURCE
    assert list(contribution.themes.all()) == [tree.theme["constituer-son-dossier"]]
    assert sorted(contribution.files.values_list("original_name", flat=True)) == ["Annexe.pdf", "Canevas.pdf"]
    assert len(files_on_disk(private_media)) == 2
    assert len(mail.outbox) == 2

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Merci pour votre contribution !" in text_of(thanks)
    assert "Merci de faire vivre le partage entre Centres culturels !" in text_of(thanks)


def test_a_double_submit_creates_one_contribution_and_shows_the_confirmation_twice(client, page, tree, private_media):
    token = signed_token()
    responses = []
    for _ in range(2):
        data = contribution_data(themes=[tree.theme["autres"]], form_token=token)
        data["files"] = [upload("canevas.pdf", pdf_bytes())]
        responses.append(client.post(page.get_url(), data))
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {"/contribuer/merci/"}
    assert Contribution.objects.count() == 1
    assert len(files_on_disk(private_media)) == 1


def test_bidi_controls_and_invisible_characters_are_removed_from_every_text(client, page, tree):
    """U+202E would show « Canevas fdp.exe » as « Canevas exe.pdf »; U+200B, U+FEFF, U+2066… hide in a text."""
    data = contribution_data(
        kind="lien",
        url="https://www.exemple.be/outil",
        title="Canevas \u202efdp.exe\u202c d'\u200banimation\ufeff",
        description="\u2066Le canevas\u2069 utilisé \u202bavec\u202c les habitants.\u200d",
        contributor_name="\u202aCamille\u200b Dupont\u202c",
        organisation="Centre culturel\u2068 de Rochefort\u2069",
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.title == "Canevas fdp.exe d'animation"
    assert contribution.description == "Le canevas utilisé avec les habitants."
    assert contribution.contributor_name == "Camille Dupont"
    assert contribution.organisation == "Centre culturel de Rochefort"


def test_a_title_made_only_of_invisible_characters_is_missing(client, page, tree):
    data = contribution_data(kind="lien", url="https://www.exemple.be/", title="\u202e\u200b\ufeff")
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in text_of(response)
    assert Contribution.objects.count() == 0


def test_a_link_a_new_centre_and_no_file(client, page, tree):
    data = contribution_data(
        kind="lien",
        url="www.culture.be/decret",
        new_centre_name="Centre culturel de Marchin",
        new_centre_commune="Marchin",
        new_centre_province=Province.LIEGE,
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.url == "https://www.culture.be/decret"
    assert (contribution.centre, contribution.new_centre_name) == (None, "Centre culturel de Marchin")
    assert contribution.new_centre_province == Province.LIEGE


def test_a_dossier_with_its_centre_status_year_and_access_mode(client, page, tree):
    centre = CulturalCentreFactory()
    data = contribution_data(
        kind="dossier",
        centre=centre.pk,
        dossier_status="approuve",
        dossier_year="2023",
        access_mode=AccessMode.PERSON_TO_PERSON,
        contextualisation="Un territoire rural, une équipe de cinq personnes.",
    )
    response = client.post(page.get_url(), data)
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.centre, contribution.dossier_year, contribution.access_mode) == (
        centre,
        2023,
        AccessMode.PERSON_TO_PERSON,
    )


def test_a_new_centre_named_like_an_existing_one_is_linked_to_it(client, page):
    centre = CulturalCentreFactory(name="Centre culturel de Rochefort", commune="Rochefort")
    data = contribution_data(kind="lien", url="https://www.exemple.be/", new_centre_name="centre culturel de rochefort")
    assert client.post(page.get_url(), data).status_code == 302
    assert Contribution.objects.get().centre == centre
    assert CulturalCentre.objects.count() == 1


CONDITIONAL = [
    ("link-without-url", {"kind": "lien"}, "url", "Indiquez l'adresse du lien que vous proposez."),
    (
        "resource-without-file-or-url",
        {"kind": "ressource"},
        "files",
        "Joignez au moins un fichier ou indiquez l'adresse de la ressource.",
    ),
    ("resource-without-theme", {"kind": "ressource", "url": "https://a.be"}, "themes", "au moins une thématique"),
    ("dossier-without-centre", {"kind": "dossier"}, "centre", "Choisissez le Centre culturel du dossier"),
    ("dossier-without-status", {"kind": "dossier"}, "dossier_status", "Indiquez le statut du dossier."),
    ("dossier-without-year", {"kind": "dossier"}, "dossier_year", "Indiquez l'année de dépôt du dossier."),
    ("dossier-without-access", {"kind": "dossier"}, "access_mode", "Choisissez le mode de partage du dossier."),
    (
        "download-dossier-without-file",
        {"kind": "dossier", "access_mode": "telechargement"},
        "files",
        "Un dossier en téléchargement direct doit comporter au moins un fichier.",
    ),
    (
        "new-centre-without-commune",
        {"kind": "lien", "url": "https://a.be", "new_centre_name": "Foyer culturel de Jette"},
        "new_centre_commune",
        "Indiquez la commune du nouveau Centre culturel.",
    ),
    ("no-licence-consent", {"consent_licence": None}, "consent_licence", "Votre accord de partage est nécessaire"),
    ("no-gdpr-consent", {"consent_personal_data": None}, "consent_personal_data", "Votre accord est nécessaire"),
    ("bad-email", {"contributor_email": "camille@"}, "contributor_email", "Saisissez une adresse e-mail valide, par"),
    (
        "email-with-header",
        {"contributor_email": "camille@cc.be\r\nBcc: espion@exemple.com"},
        "contributor_email",
        "Saisissez une adresse e-mail valide",
    ),
    ("name-with-newline", {"contributor_name": "Camille\r\nBcc: x@y.be"}, "contributor_name", "sur une ligne"),
    ("no-title", {"title": ""}, "title", "Ce champ est obligatoire."),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [c[1:] for c in CONDITIONAL], ids=[c[0] for c in CONDITIONAL]
)
def test_missing_or_invalid_answers_are_refused_in_french_linked_to_their_field(
    client, page, tree, private_media, overrides, field, message
):
    data = contribution_data(**overrides)
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    soup = BeautifulSoup(response.content, "html.parser")
    bound = form[field]
    # The error is next to its field, the field points at it, and the summary links to the field.
    error = soup.find(id=f"{bound.auto_id}-erreur")
    assert error is not None and message in error.get_text()
    anchor = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
    control = soup.find(id=anchor)
    assert f"{bound.auto_id}-erreur" in control["aria-describedby"].split()
    assert control["aria-invalid"] == "true"
    summary = soup.find(attrs={"data-error-summary": True})
    assert summary["tabindex"] == "-1" and summary["role"] == "alert"
    assert summary.find("a", href=f"#{anchor}") is not None
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_help_texts_are_linked_to_their_fields(client, page):
    soup = BeautifulSoup(client.get(page.get_url()).content, "html.parser")
    email = soup.find(id="id_contributor_email")
    assert email["aria-describedby"] == "id_contributor_email-aide"
    assert "jamais publiée" in soup.find(id="id_contributor_email-aide").get_text()


# --- Anti-abuse -------------------------------------------------------------------------------------------------

ABUSE = [
    ("honeypot", {"site_web": "https://spam.example"}, "Votre envoi n'a pas pu être accepté"),
    ("too-fast", {"form_token": lambda: signed_token(age=0)}, "envoyé trop rapidement"),
    ("tampered-token", {"form_token": signed_token()[:-3] + "abc"}, "Le formulaire a expiré ou a été modifié"),
    ("missing-token", {"form_token": None}, "Le formulaire a expiré ou a été modifié"),
    ("other-form-token", {"form_token": "x"}, "Le formulaire a expiré ou a été modifié"),
    ("expired-token", {"form_token": signed_token(age=2 * 24 * 3600)}, "Le formulaire a expiré ou a été modifié"),
]


@pytest.mark.parametrize(("overrides", "message"), [c[1:] for c in ABUSE], ids=[c[0] for c in ABUSE])
def test_robots_are_refused_with_a_french_message_and_nothing_is_stored(
    client, page, tree, private_media, overrides, message
):
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    data = contribution_data(themes=[tree.theme["autres"]], **overrides)
    data["files"] = [upload("canevas.pdf", pdf_bytes())]
    response = client.post(page.get_url(), data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert Contribution.objects.count() == 0
    assert files_on_disk(private_media) == []


def test_a_too_fast_form_can_be_sent_again_with_the_same_token_once_the_time_has_passed(client, page, tree):
    response = client.post(
        page.get_url(),
        contribution_data(themes=[tree.theme["autres"]], url="https://a.be", form_token=signed_token(age=0)),
    )
    assert response.status_code == 400
    reissued = response.context["form"]["form_token"].value()
    with override_settings(CONTRIBUTION_MIN_FILL_SECONDS=0):
        again = client.post(
            page.get_url(), contribution_data(themes=[tree.theme["autres"]], url="https://a.be", form_token=reissued)
        )
    assert again.status_code == 302


@pytest.mark.django_db
def test_the_form_token_is_signed_for_this_form_only():
    form = ContributionForm(data=contribution_data(form_token=signed_token(DossierRequestForm)))
    assert not form.is_valid()
    assert "bad_token" in form.abuse_codes


@override_settings(CONTRIBUTION_RATE_LIMIT="2/h")
def test_past_the_rate_limit_the_client_gets_the_french_429_page_and_nothing_is_stored(client, page, tree):
    statuses = []
    for number in range(3):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        statuses.append(client.post(page.get_url(), data).status_code)
    assert statuses == [302, 302, 429]
    response = client.post(page.get_url(), contribution_data(kind="lien", url="https://exemple.be/3"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Trop d'envois en peu de temps" in text_of(response)
    assert Contribution.objects.count() == 2
    # Reading the page is never limited.
    assert client.get(page.get_url()).status_code == 200


@override_settings(CONTRIBUTION_RATE_LIMIT="1/h", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_limit_and_cannot_forge_another_address(client, page, tree):
    def post(number, forwarded_for):
        data = contribution_data(kind="lien", url=f"https://exemple.be/{number}")
        return client.post(page.get_url(), data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert post(0, "203.0.113.7").status_code == 302
    assert post(1, "198.51.100.4").status_code == 302, "another visitor behind the same proxy is not limited"
    assert post(2, "192.0.2.99, 203.0.113.7").status_code == 429, "an address written before its own changes nothing"
    assert Contribution.objects.count() == 2


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (0, "203.0.113.7", "10.0.0.2"),  # no proxy configured: the header is the client's own words
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "192.0.2.99, 203.0.113.7", "203.0.113.7"),
        (2, "192.0.2.99, 203.0.113.7, 10.0.0.1", "203.0.113.7"),  # a CDN, then nginx
        (2, "203.0.113.7", "10.0.0.2"),  # fewer entries than proxies: not through them
        (1, "pas-une-adresse", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_entry_the_trusted_proxies_added(rf, settings, proxies, forwarded_for, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post("/contribuer/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == client
