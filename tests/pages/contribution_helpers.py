"""What the contribution and dossier request tests share: the pages, a valid submission, what was stored."""

import contextlib
import html
import resource
import signal
import time
import uuid

from django.test import override_settings

from pages.contributions.antiabuse import FormToken
from pages.contributions.forms import ContributionForm, DossierRequestForm
from pages.models import ContributionPage, StandardPage
from tests.factories import build_site_tree
from tests.pages.upload_samples import pdf_bytes, upload


def build_contribution_tree():
    """The site tree with « Vie privée » and the ContributionPage at /contribuer/."""
    tree = build_site_tree()
    tree.privacy = StandardPage(title="Vie privée", slug="vie-privee", intro="Vos données.")
    tree.home.add_child(instance=tree.privacy)
    tree.contribution_page = ContributionPage(
        title="Contribuer",
        slug="contribuer",
        intro="<p>Partagez vos ressources.</p>",
        thank_you_text="<p>Merci de faire vivre le partage entre Centres culturels !</p>",
        privacy_page=tree.privacy,
    )
    tree.home.add_child(instance=tree.contribution_page)
    return tree


def signed_token(form_class=ContributionForm, *, age=60, submission_token=None):
    """The hidden form token as the page would have issued it `age` seconds ago."""
    token = FormToken(submission_token=submission_token or uuid.uuid4(), issued_at=time.time() - age)
    return token.sign(form_class.token_salt)


def contribution_data(themes=(), **overrides):
    data = {
        "kind": "ressource",
        "title": "Canevas d'animation pour une analyse partagée",
        "description": "Le canevas utilisé avec les habitants de trois quartiers pour l'analyse partagée.",
        "themes": [theme.pk for theme in themes],
        "contributor_name": "Camille Dupont",
        "contributor_email": "camille.dupont@cc-rochefort.be",
        "organisation": "Centre culturel de Rochefort",
        "role": "Animatrice",
        "consent_licence": "on",
        "consent_personal_data": "on",
        "form_token": signed_token(),
        "site_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def request_data(**overrides):
    data = {
        "name": "Alex Martin",
        "email": "alex.martin@cc-dinant.be",
        "centre": "Centre culturel de Dinant",
        "message": "Nous préparons notre propre dossier et aimerions voir comment l'analyse partagée a été menée.",
        "consent_personal_data": "on",
        "form_token": signed_token(DossierRequestForm),
        "site_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def files_on_disk(root):
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file())


def text_of(response):
    """The response's HTML with entities decoded (apostrophes are escaped by the templates)."""
    return html.unescape(response.content.decode())


@contextlib.contextmanager
def file_size_limit(limit):
    """Writes past `limit` bytes into any file of this process fail with EFBIG, as they would on a full disk.

    A real limit (RLIMIT_FSIZE), with SIGXFSZ ignored so that the write fails instead of killing the process;
    the previous limit and signal handler are restored on the way out.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)


@contextlib.contextmanager
def full_upload_directory(directory, limit=256 * 1024):
    """Files sent with a request are spooled to `directory` (not kept in memory), where writing past `limit`
    bytes fails: the temporary directory of the uploads is full."""
    with (
        override_settings(FILE_UPLOAD_TEMP_DIR=str(directory), FILE_UPLOAD_MAX_MEMORY_SIZE=1024),
        file_size_limit(limit),
    ):
        yield


def big_pdf_upload(name="rapport.pdf", size=600 * 1024):
    """A file bigger than `full_upload_directory` lets through (its content is never checked)."""
    content = pdf_bytes()
    return upload(name, content + b"%" + b"0" * (size - len(content)) + b"\n")
