"""A dossier in one download: « Télécharger tout le dossier (ZIP) » (`<dossier URL>telecharger/`).

A directly downloadable dossier's public documents, and a short French `LISEZ-MOI.txt` (the centre, the years, the
status, the contextualisation and the « source d'inspiration, pas un modèle » notice), in one ZIP archive:

- only the documents anonymous visitors may download (`DossierPage.public_documents`): never a dossier shared « de
  personne à personne », never a document of a restricted collection;
- built once per version (`archive_version`: the page's publication and each document's file and hash), member by
  member from the documents' files in chunks, into a temporary file on disk, never whole in memory; kept in the
  default storage (`archives/dossiers/<id>-<version>.zip`; S3 in production) and served from there until a
  document or the page changes; the previous versions of the same dossier are then removed;
- served as a stream (`FileResponse`), with the version as its ETag (a repeated download answers 304).
"""

import hashlib
import logging
import os
import re
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pages.models import INSPIRATION_NOTICE

logger = logging.getLogger(__name__)

ARCHIVE_FOLDER = "archives/dossiers"
README_NAME = "LISEZ-MOI.txt"
CHUNK_SIZE = 64 * 1024
# What Windows, macOS or a ZIP reader refuse or misread in a file name; long titles are cut.
UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
MAX_TITLE_IN_NAME = 120
# Documents are compressed unless their format already is (PDF, images, office files are ZIPs themselves).
STORED_EXTENSIONS = {".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".jpg", ".jpeg", ".png", ".mp4"}


def archive_documents(dossier):
    """The documents the archive holds: the public ones of a directly downloadable dossier, in the page's order."""
    return list(dossier.public_documents()) if dossier.is_downloadable else []


def archive_version(dossier, documents):
    """A short hash of what the archive is made of: the page as published and each document's file and content."""
    parts = [str(dossier.pk), str(dossier.last_published_at or ""), dossier.title]
    for document in documents:
        parts += [str(document.pk), document.title, document.file.name, document.file_hash or str(document.file_size)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def download_name(dossier):
    """The archive's file name for the visitor: « dossier-<centre>-<year>.zip », ASCII."""
    return f"dossier-{slugify(dossier.centre.name)[:60]}-{dossier.submission_year}.zip"


def member_names(documents):
    """A file name in the archive for each document, in the page's order: « 01 - <its title>.<its extension> »
    (characters that systems refuse in file names replaced)."""
    names = []
    for position, document in enumerate(documents, start=1):
        extension = os.path.splitext(document.file.name)[1].lower()
        title = " ".join(UNSAFE_IN_NAMES.sub(" ", document.title).split())[:MAX_TITLE_IN_NAME].rstrip(" .")
        names.append(f"{position:02d} - {title or _('Document')}{extension}")
    return names


def readme_text(dossier, names):
    """The archive's LISEZ-MOI.txt: what the dossier is, and the notice that it is an inspiration, not a model."""
    centre = dossier.centre
    lines = [
        dossier.title,
        "=" * len(dossier.title),
        "",
        _("Centre culturel : %(name)s (%(commune)s, %(province)s)")
        % {"name": centre.name, "commune": centre.commune, "province": centre.get_province_display()},
        _("Statut : %(status)s") % {"status": dossier.get_status_display()},
        _("Année de dépôt : %(year)s") % {"year": dossier.submission_year},
    ]
    if dossier.recognition_period:
        lines.append(_("Période de reconnaissance : %(period)s") % {"period": dossier.recognition_period})
    lines += ["", str(INSPIRATION_NOTICE), "", _("Contextualisation"), "-----------------", ""]
    lines += [_plain(dossier.contextualisation), "", _("Documents de cette archive"), "--------------------------"]
    lines += [f"- {name}" for name in names]
    url = dossier.full_url
    if url:
        lines += ["", _("Le dossier en ligne : %(url)s") % {"url": url}]
    lines += ["", _("Plateforme d'Échange et de Partage — Réseau des professionnels en Centres culturels"), ""]
    return "\n".join(lines).replace("\n", "\r\n")  # read on every system, Windows' Notepad included


def _plain(html):
    """Rich text as plain text, one paragraph per block."""
    text = strip_tags(str(html).replace("</p>", "</p>\n\n").replace("<br/>", "\n").replace("</li>", "</li>\n"))
    return "\n".join(line.strip() for line in text.strip().splitlines()).replace("\n\n\n", "\n\n")


def write_archive(dossier, documents, fileobj):
    """Write the ZIP of `documents` and the LISEZ-MOI into `fileobj`, a document at a time in CHUNK_SIZE pieces.

    A document whose file is missing is left out (logged) rather than failing the whole archive."""
    present = []
    for document in documents:
        if document.file.storage.exists(document.file.name):
            present.append(document)
        else:
            logger.warning("Dossier archive %s: the file of document %s is missing", dossier.pk, document.pk)
    names = member_names(present)
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, readme_text(dossier, names).encode("utf-8"))
        for document, name in zip(present, names, strict=True):
            extension = os.path.splitext(name)[1].lower()
            info = zipfile.ZipInfo(name, date_time=_member_time(document))
            info.compress_type = zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED
            with document.file.open("rb") as source, archive.open(info, "w", force_zip64=True) as member:
                for chunk in iter(lambda: source.read(CHUNK_SIZE), b""):
                    member.write(chunk)
    return names


def _member_time(document):
    created = document.created_at
    return (max(created.year, 1980), created.month, created.day, created.hour, created.minute, created.second)


def stored_archive(dossier, documents):
    """The storage name of the dossier's archive at its current version, built now if it is not kept yet."""
    version = archive_version(dossier, documents)
    name = f"{ARCHIVE_FOLDER}/{dossier.pk}-{version}.zip"
    if default_storage.exists(name):
        return name, version
    with tempfile.TemporaryFile(suffix=".zip") as temporary:
        write_archive(dossier, documents, temporary)
        temporary.seek(0)
        if not default_storage.exists(name):  # another request may have built it meanwhile
            saved = default_storage.save(name, File(temporary, name=os.path.basename(name)))
            if saved != name:  # a concurrent save of the same version: keep one
                default_storage.delete(saved)
    _remove_older_versions(dossier, keep=name)
    return name, version


def _remove_older_versions(dossier, keep):
    try:
        _folders, files = default_storage.listdir(ARCHIVE_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    prefix = f"{dossier.pk}-"
    for filename in files:
        path = f"{ARCHIVE_FOLDER}/{filename}"
        if filename.startswith(prefix) and filename.endswith(".zip") and path != keep:
            default_storage.delete(path)


def archive_response(dossier, request):
    """The archive as a download; 404 for a dossier that offers no public document to download."""
    documents = archive_documents(dossier)
    if not documents:
        raise Http404(_("Ce dossier ne se télécharge pas en une archive."))
    name, version = stored_archive(dossier, documents)
    etag = f'"{version}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=download_name(dossier))
        response["Content-Type"] = "application/zip"
    response["ETag"] = etag
    # A dossier behind a login stays out of shared caches.
    shared = "private" if dossier.get_view_restrictions().exists() else "public"
    response["Cache-Control"] = f"{shared}, max-age=0, must-revalidate"
    return response
