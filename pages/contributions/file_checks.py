"""The content checks behind `pages.contributions.uploads`: polyglots, office archives, images, PDFs.

Each raises `Refused` with the French reason. Archives (DOCX, XLSX, ODT, ODS) are checked for decompression bombs,
path traversal, macros and encryption, and recognised by their internals (OOXML content types, the ODF mimetype);
images by their header then by Pillow; PDFs by a real parser in a bounded child process (`pages.pdf_inspection`).
"""

import hashlib
import re
import warnings
import zipfile

from django.conf import settings
from PIL import Image

from pages import pdf_inspection

MB = 1024 * 1024

# Archives (DOCX, XLSX, ODT, ODS): all members together, members per archive, compression ratio of a large member.
MAX_UNCOMPRESSED = 100 * MB
MAX_MEMBERS = 2_000
MAX_RATIO = 100
NARROW_NBSP = "\u202f"  # between groups of digits, as French writes them

ACCEPTED_FORMATS = "PDF, DOCX, ODT, XLSX, ODS, JPEG, PNG"

# A second net under the parser (pages.pdf_inspection), on the raw bytes: an action pypdf would not see (in an
# object no cross-reference lists) is still refused when its name is written plainly. Long names only: a short
# one like /JS turns up by chance in megabytes of compressed data.
PDF_ACTIVE_CONTENT = re.compile(rb"/(?:JavaScript|Launch)(?![A-Za-z0-9])")
ZIP_LOCAL_HEADER = re.compile(rb"PK\x03\x04")
HEAD_BYTES = 4096

PDF_REFUSALS = {
    pdf_inspection.JAVASCRIPT: "le PDF contient du JavaScript, qui n'est pas accepté.",
    pdf_inspection.LAUNCH: "le PDF contient une action qui lance un programme (« Launch »), qui n'est pas acceptée.",
    pdf_inspection.EMBEDDED_FILE: (
        "le PDF contient des fichiers incorporés (pièces jointes), qui ne sont pas acceptés : "
        "envoyez ces fichiers séparément."
    ),
    pdf_inspection.ENCRYPTED: "le PDF est protégé par un mot de passe : envoyez-le sans protection.",
    pdf_inspection.UNREADABLE: "le fichier n'est pas un PDF lisible (structure endommagée ou incomplète).",
    pdf_inspection.AMBIGUOUS: (
        "le PDF est mal formé (une même information y est définie deux fois) : "
        "enregistrez-le à nouveau depuis votre logiciel."
    ),
    pdf_inspection.TOO_COMPLEX: "le PDF est trop complexe pour être vérifié : enregistrez-le à nouveau, plus léger.",
    pdf_inspection.UNAVAILABLE: (
        "le PDF n'a pas pu être vérifié pour le moment : merci de réessayer dans quelques minutes."
    ),
}

OOXML_TYPES = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


class Refused(Exception):
    pass


def read_head_and_scan(file, file_type_hint):
    """Read the whole file once: sha256, size, first bytes, offsets of ZIP local headers, PDF active content."""
    digest = hashlib.sha256()
    head = b""
    tail = b""
    size = 0
    zip_offsets = set()
    pdf_script = False
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
        window = tail + chunk
        window_start = size - len(tail)
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        if file_type_hint in ("pdf", "jpeg", "png") and len(zip_offsets) < 100:
            zip_offsets.update(window_start + match.start() for match in ZIP_LOCAL_HEADER.finditer(window))
        if file_type_hint == "pdf" and PDF_ACTIVE_CONTENT.search(window):
            pdf_script = True
        tail = window[-16:]
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size, head, sorted(zip_offsets), pdf_script


def hides_an_archive(file, offsets):
    """True when one of the `PK\\x03\\x04` found is a real ZIP local file header, not four random bytes of
    compressed data: plausible version, method and a printable member name."""
    for offset in offsets[:100]:
        file.seek(offset)
        header = file.read(30)
        if len(header) < 30:
            continue
        version = int.from_bytes(header[4:6], "little")
        method = int.from_bytes(header[8:10], "little")
        name_length = int.from_bytes(header[26:28], "little")
        if version > 63 or method not in (0, 8, 9, 12, 14, 93, 95) or not 0 < name_length <= 512:
            continue
        name = file.read(name_length)
        if len(name) == name_length and all(32 <= byte < 127 for byte in name):
            file.seek(0)
            return True
    file.seek(0)
    return zipfile.is_zipfile(file)


def ends_with_central_directory(file, size):
    """True when the archive ends exactly with its end-of-central-directory record (nothing appended)."""
    span = min(size, 65_535 + 22)
    file.seek(size - span)
    tail = file.read(span)
    file.seek(0)
    position = tail.rfind(b"PK\x05\x06")
    if position < 0 or position + 22 > len(tail):
        return False
    comment_length = int.from_bytes(tail[position + 20 : position + 22], "little")
    return position + 22 + comment_length == len(tail)


def check_archive(file, extension, size):
    """The office format of a ZIP archive, after checking it is not a bomb, a traversal or a macro carrier."""
    if not ends_with_central_directory(file, size):
        raise Refused("le document est incomplet, ou suivi de données qui n'en font pas partie.")
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Refused("le document est endommagé (archive illisible).") from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused(f"le document contient trop d'éléments ({len(members)}).")
        total = 0
        for member in members:
            name = member.filename
            normalised = name.replace("\\", "/")
            if (
                normalised.startswith("/")
                or ".." in normalised.split("/")
                or re.match(r"^[A-Za-z]:", normalised)
                or any(ord(ch) < 32 for ch in name)
            ):
                raise Refused("le document contient un chemin de fichier dangereux (« .. » ou chemin absolu).")
            if member.flag_bits & 0x1:
                raise Refused("le document est chiffré ou protégé par un mot de passe.")
            total += member.file_size
            if member.file_size > MB and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise Refused("le document est anormalement compressé : il n'est pas accepté.")
            if total > MAX_UNCOMPRESSED:
                raise Refused(
                    f"une fois décompressé, le document dépasse {MAX_UNCOMPRESSED // MB} Mo : il n'est pas accepté."
                )
        names = {member.filename for member in members}
        detected = office_type(archive, members, names)
        if not detected:
            raise Refused(f"cette archive n'est pas un document accepté. Formats acceptés : {ACCEPTED_FORMATS}.")
        lowered = {name.lower() for name in names}
        if any(name.endswith("vbaproject.bin") for name in lowered) or any(
            name.startswith(("basic/", "scripts/")) for name in lowered
        ):
            raise Refused("le document contient des macros, qui ne sont pas acceptées.")
        # Read every member (bounded by the total above): a damaged archive is refused now, not by a moderator.
        try:
            bad = archive.testzip()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError) as error:
            raise Refused("le document est endommagé (archive illisible).") from error
        if bad is not None:
            raise Refused("le document est endommagé (un élément de l'archive est corrompu).")
    file.seek(0)
    return detected


def office_type(archive, members, names):
    first = members[0] if members else None
    if first is not None and first.filename == "mimetype":
        if first.compress_type != zipfile.ZIP_STORED or first.file_size > 100:
            return ""
        return ODF_TYPES.get(archive.read(first).strip(), "")
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > MB:
            return ""
        content_types = archive.read(info).decode("utf-8", "replace")
        if "macroEnabled" in content_types:
            return "macro"
        for code, (main_part, content_type) in OOXML_TYPES.items():
            if main_part in names and content_type in content_types:
                return code
    return ""


def pixel_limit_label(limit):
    return f"{format(limit, ',').replace(',', NARROW_NBSP)}{NARROW_NBSP}pixels"


def check_image(file, expected):
    """Format and size from the header first: an image over WAGTAILIMAGES_MAX_IMAGE_PIXELS is refused before
    anything is decoded. Then Pillow verifies the file and decodes it (a JPEG at an eighth of its size)."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            # Past Pillow's own limit it only warns (twice the limit: an error, below): ours is lower anyway.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file)  # reads the header only
        with image:
            image_format = (image.format or "").lower()
            width, height = image.size
            if image_format != expected:
                raise Refused("le contenu de l'image ne correspond pas à son format.")
            if limit and width * height > limit:
                raise Refused(
                    f"l'image est trop grande ({width} × {height} pixels ; {pixel_limit_label(limit)} au maximum)."
                )
            image.verify()
        file.seek(0)
        with Image.open(file) as image:
            if image_format == "jpeg":
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
    except Refused:
        raise
    except Image.DecompressionBombError as error:
        raise Refused(f"l'image est trop grande (plus de {pixel_limit_label(limit)}).") from error
    except Exception as error:
        raise Refused("l'image est endommagée ou illisible.") from error
    finally:
        file.seek(0)


def check_pdf(file, script_in_raw_bytes):
    """A PDF a parser reads, with nothing a reader would run or open; Refused otherwise."""
    finding = pdf_inspection.inspect_pdf(file)
    file.seek(0)
    if finding != pdf_inspection.CLEAN:
        raise Refused(PDF_REFUSALS[finding])
    if script_in_raw_bytes:
        raise Refused("le PDF contient du JavaScript ou une action de lancement, qui ne sont pas acceptés.")
