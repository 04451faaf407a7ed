"""Dossiers from a table (`manage.py import_dossiers`), with their centres: « Titre », « Centre » (an existing centre
by its name, or a new one with its « Commune » and « Province »), « Statut », « Année de dépôt », « Début » and
« Fin » of the recognition, « Mode d'accès », « Résumé », « Contextualisation », « Thématiques » and « Fichiers »
(several, separated by « ; »), « Clé ». Created as drafts in the dossiers' library unless published."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page

from pages.imports.common import checked_file, choice, find_theme, plain, store_document, unknown_value
from pages.models import AccessMode, CulturalCentre, DossierPage, DossierPageDocument, DossierStatus, Province

COLUMNS = {
    "title": ("titre", "title"),
    "centre": ("centre", "centreculturel"),
    "commune": ("commune", "localite", "town"),
    "province": ("province", "provinceregion", "region"),
    "status": ("statut", "status"),
    "year": ("anneededepot", "annee", "depot", "year"),
    "start": ("debut", "debutdelareconnaissance", "start"),
    "end": ("fin", "findelareconnaissance", "end"),
    "access": ("modedacces", "acces", "access", "accessmode"),
    "summary": ("resume", "summary"),
    "context": ("contextualisation", "contexte", "context"),
    "themes": ("thematiques", "thematique", "themes"),
    "files": ("fichiers", "fichier", "files", "documents"),
    "key": ("cle", "identifiant", "key", "id"),
}
REQUIRED = ("title", "centre", "year", "context")
LABELS = {"title": "Titre", "centre": "Centre", "year": "Année de dépôt", "context": "Contextualisation"}


@dataclass
class DossierRow:
    line: int
    parent: Page = None
    title: str = ""
    slug: str = ""
    centre: CulturalCentre = None
    new_centre: dict = None
    status: str = DossierStatus.PENDING
    year: int = None
    start: int = None
    end: int = None
    access_mode: str = AccessMode.PERSON_TO_PERSON
    summary: str = ""
    context: str = ""
    themes: list = field(default_factory=list)
    file_paths: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _year(value, what, errors, required=False):
    text = str(value or "").strip().split(".")[0]  # a spreadsheet's 2019.0
    if not text:
        if required:
            errors.append(f"{what} est vide.")
        return None
    if text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text)
    errors.append(f"{what} « {value} » n'est pas une année (par ex. 2024).")
    return None


def parse_dossier_row(line, values, library, themes, centres, files_dir):
    row = DossierRow(line=line, parent=library)
    errors = row.errors
    row.title = " ".join(str(values.get("title", "")).split())[:255]
    if not row.title:
        errors.append("le titre est vide.")
    row.slug = slugify(str(values.get("key", "")).strip() or row.title)[:80]
    name = " ".join(str(values.get("centre", "")).split())
    row.centre = centres.get(plain(name))
    if row.centre is None and name:
        province = choice(values.get("province", ""), Province, None)
        commune = str(values.get("commune", "")).strip()
        if province is None or not commune:
            errors.append(f"centre « {name} » inconnu : donnez sa commune et sa province pour le créer.")
        else:
            row.new_centre = {"name": name, "commune": commune, "province": province}
    elif not name:
        errors.append("le centre est vide.")
    row.status = choice(values.get("status", ""), DossierStatus, DossierStatus.PENDING)
    if row.status is None:
        errors.append(unknown_value("statut", values.get("status"), DossierStatus))
    row.year = _year(values.get("year"), "l'année de dépôt", errors, required=True)
    row.start = _year(values.get("start"), "le début de la reconnaissance", errors)
    row.end = _year(values.get("end"), "la fin de la reconnaissance", errors)
    if row.start and row.end and row.end < row.start:
        errors.append("la fin de la reconnaissance précède son début.")
    row.access_mode = choice(values.get("access", ""), AccessMode, AccessMode.PERSON_TO_PERSON)
    if row.access_mode is None:
        errors.append(unknown_value("mode d'accès", values.get("access"), AccessMode))
    row.summary = str(values.get("summary", "")).strip()
    row.context = str(values.get("context", "")).strip()
    if not row.context:
        errors.append("la contextualisation est vide.")
    for theme_name in filter(None, (t.strip() for t in str(values.get("themes", "")).split(";"))):
        theme = find_theme(theme_name, themes)
        if theme is None:
            errors.append(f"thématique « {theme_name} » inconnue.")
        else:
            row.themes.append(theme)
    for file_name in filter(None, (f.strip() for f in str(values.get("files", "")).split(";"))):
        path, error = checked_file(file_name, files_dir)
        if error:
            errors.append(error)
        else:
            row.file_paths.append(path)
    if row.access_mode == AccessMode.DOWNLOAD and not row.file_paths and not errors:
        errors.append("un dossier en téléchargement direct doit avoir au moins un fichier (colonne « Fichiers »).")
    return row


def create_dossier(row, *, publish=False, user=None):
    with transaction.atomic():
        centre = row.centre or CulturalCentre.objects.create(**row.new_centre)
        documents = [DossierPageDocument(document=store_document(path)) for path in row.file_paths]
        page = DossierPage(
            title=row.title,
            slug=row.slug,
            centre=centre,
            status=row.status,
            submission_year=row.year,
            recognition_start=row.start,
            recognition_end=row.end,
            access_mode=row.access_mode,
            summary=row.summary,
            contextualisation="".join(f"<p>{escape(part)}</p>" for part in row.context.split("\n") if part.strip()),
            live=False,
            owner=user,
            documents=documents,
        )
        page.themes = row.themes
        row.parent.add_child(instance=page)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
    return page
