"""Resources from a table (`manage.py import_resources`): « Titre », « Thématique » (its title or slug), « Type »
(code or label), « Résumé », « Mots-clés », « Date », « Fichier » (in the files folder) or « URL », « Clé » (the
stable key, else the title). Created as drafts under their theme unless published. Sample:
docs/import/exemple-ressources.csv."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from pages.imports.common import checked_file, choice, find_theme, parse_date, store_document, unknown_value
from pages.models import ResourcePage, ResourcePageDocument, ResourceType, ThemePage

COLUMNS = {
    "title": ("titre", "title", "nom"),
    "theme": ("thematique", "theme", "themes"),
    "type": ("type", "typederessource", "resourcetype"),
    "summary": ("resume", "summary", "description"),
    "keywords": ("motscles", "motcle", "keywords", "tags"),
    "date": ("date",),
    "file": ("fichier", "file", "document", "nomdufichier"),
    "url": ("url", "lien", "adresse", "link"),
    "key": ("cle", "identifiant", "key", "id"),
}
REQUIRED = ("title", "theme", "summary")
LABELS = {"title": "Titre", "theme": "Thématique", "summary": "Résumé"}


@dataclass
class ResourceRow:
    line: int
    title: str = ""
    slug: str = ""
    theme: ThemePage = None  # where it is created (`parent`)
    resource_type: str = ResourceType.OTHER
    summary: str = ""
    keywords: list = field(default_factory=list)
    date: datetime.date = None
    file_path: Path = None
    url: str = ""
    errors: list = field(default_factory=list)

    @property
    def parent(self):
        return self.theme


def parse_row(line, values, themes, files_dir):
    row = ResourceRow(line=line)
    row.title = " ".join(str(values.get("title", "")).split())[:255]
    row.summary = str(values.get("summary", "")).strip()
    key = str(values.get("key", "")).strip() or row.title
    row.slug = slugify(key)[:80]
    if not row.title:
        row.errors.append("le titre est vide.")
    if not row.summary:
        row.errors.append("le résumé est vide.")
    row.theme = find_theme(values.get("theme", ""), themes)
    if row.theme is None:
        known = ", ".join(f"« {theme.title} »" for theme in themes)
        row.errors.append(f"thématique « {values.get('theme', '')} » inconnue (attendue : {known}).")
    row.resource_type = choice(values.get("type", ""), ResourceType, ResourceType.OTHER)
    if row.resource_type is None:
        row.errors.append(unknown_value("type", values.get("type"), ResourceType))
    raw_date = values.get("date", "")
    row.date = parse_date(raw_date) if str(raw_date).strip() else datetime.date.today()
    if row.date is None:
        row.errors.append(f"date « {raw_date} » illisible (écrivez 2026-11-20 ou 20/11/2026).")
    row.keywords = [word.strip() for word in str(values.get("keywords", "")).replace(";", ",").split(",")]
    row.keywords = [word for word in row.keywords if word][:20]
    row.url = str(values.get("url", "")).strip()
    if row.url:
        try:
            URLValidator(schemes=["http", "https"])(row.url)
        except ValidationError:
            row.errors.append(f"adresse « {row.url} » invalide (elle doit commencer par https://).")
    if str(values.get("file", "")).strip():
        row.file_path, error = checked_file(values["file"], files_dir)
        if error:
            row.errors.append(error)
    return row


def create_resource(row, *, publish=False, user=None):
    """The resource of a valid row (a draft unless `publish`), its keywords and its document, in one transaction."""
    with transaction.atomic():
        documents = []
        if row.file_path is not None:
            documents.append(ResourcePageDocument(document=store_document(row.file_path)))
        page = ResourcePage(
            title=row.title,
            slug=row.slug,
            summary=row.summary,
            resource_type=row.resource_type,
            date=row.date,
            external_url=row.url,
            live=False,
            owner=user,
            documents=documents,
        )
        page.tags.add(*row.keywords)
        row.theme.add_child(instance=page)
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
    return page
