"""Files sent through the public contribution form: accepted by what they contain, not by their name.

`validate_uploads(files)` returns one `ValidatedUpload` per file or raises a `ValidationError` whose
messages (in French) each name the file and say why it is refused. A file is accepted when:
- its name is harmless (no path, no control character, no hidden or double extension, no reserved name);
- its size is within the limits (per file and per submission, from the settings);
- its content signature is one of the accepted formats and agrees with its extension;
- it is not a polyglot (HTML or script markers in its first bytes, a ZIP archive inside a PDF or an image);
- a PDF is read by a real parser in a bounded child process (`pages.pdf_inspection`): it has pages, no
  JavaScript, no launch action, no embedded file, no password;
- an office document is a sane archive (no decompression bomb, no path traversal, no macros, no encryption);
- an image has no more pixels than WAGTAILIMAGES_MAX_IMAGE_PIXELS (read from its header, before decoding) and
  is verified and decoded by Pillow.

Nothing here writes a file: the service (`pages.contributions.services`) stores the files under generated names.
"""

import hashlib
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image

from pages import pdf_inspection

MB = 1024 * 1024

# Archives (DOCX, XLSX, ODT, ODS): all members together, members per archive, compression ratio of a large member.
MAX_UNCOMPRESSED = 100 * MB
MAX_MEMBERS = 2_000
MAX_RATIO = 100
MAX_NAME_LENGTH = 120
NARROW_NBSP = "\u202f"  # between groups of digits, as French writes them

ACCEPTED_FORMATS = "PDF, DOCX, ODT, XLSX, ODS, JPEG, PNG"


@dataclass(frozen=True)
class FileFormat:
    code: str  # stored in ContributionFile.file_type
    label: str
    extensions: tuple


FORMATS = {
    fmt.code: fmt
    for fmt in (
        FileFormat("pdf", "PDF", ("pdf",)),
        FileFormat("docx", "DOCX (Word)", ("docx",)),
        FileFormat("xlsx", "XLSX (Excel)", ("xlsx",)),
        FileFormat("odt", "ODT (texte OpenDocument)", ("odt",)),
        FileFormat("ods", "ODS (tableur OpenDocument)", ("ods",)),
        FileFormat("jpeg", "JPEG", ("jpg", "jpeg")),
        FileFormat("png", "PNG", ("png",)),
    )
}
EXTENSION_FORMAT = {ext: fmt.code for fmt in FORMATS.values() for ext in fmt.extensions}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in EXTENSION_FORMAT)

# Extensions that must not hide inside a name (« rapport.pdf.exe », « photo.php.png »).
RISKY_EXTENSIONS = {
    *EXTENSION_FORMAT,
    "exe", "com", "bat", "cmd", "msi", "scr", "pif", "dll", "cpl", "jar", "vbs", "vbe", "js", "jse", "mjs",
    "wsf", "wsh", "ps1", "psm1", "sh", "bash", "zsh", "py", "pl", "rb", "php", "php3", "php4", "php5", "phtml",
    "phar", "asp", "aspx", "jsp", "cgi", "html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "hta", "lnk",
    "reg", "iso", "img", "dmg", "apk", "app", "zip", "rar", "7z", "gz", "tar", "doc", "xls", "ppt", "docm",
    "xlsm", "pptm", "rtf", "txt",
}  # fmt: skip
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

# Markers of a document that a browser would run or render as a page, looked for in the first bytes.
ACTIVE_MARKERS = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?php)|javascript:",
    re.IGNORECASE,
)
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


@dataclass(frozen=True)
class ValidatedUpload:
    """An uploaded file that passed every check, with what the service records about it."""

    file: object  # the UploadedFile
    original_name: str
    file_type: str
    extension: str
    size: int
    sha256: str


class Refused(Exception):
    pass


def refusal(name, reason):
    return f"« {display_name(name)} » : {reason}"


def display_name(name):
    """The file's name as it may be shown back: printable characters only, bounded length."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in str(name))
    return shown if len(shown) <= 80 else shown[:60] + "…" + shown[-15:]


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_name(name):
    """Raise Refused when the name could be used against a file system, a browser or a person."""
    if not name or not name.strip():
        raise Refused("le fichier n'a pas de nom.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in name):
        raise Refused("le nom du fichier contient des caractères de contrôle ou invisibles. Renommez-le.")
    if "/" in name or "\\" in name or ":" in name:
        raise Refused("le nom du fichier contient un chemin de dossier (« / », « \\ » ou « : »). Renommez-le.")
    if ".." in name:
        raise Refused("le nom du fichier contient « .. ». Renommez-le.")
    if name.startswith("."):
        raise Refused("le nom du fichier commence par un point (fichier caché). Renommez-le.")
    if name != name.strip() or name.endswith("."):
        raise Refused("le nom du fichier commence ou se termine par une espace ou un point. Renommez-le.")
    if len(name) > MAX_NAME_LENGTH:
        raise Refused(f"le nom du fichier est trop long ({len(name)} caractères, {MAX_NAME_LENGTH} au maximum).")
    parts = name.split(".")
    if parts[0].strip().lower() in WINDOWS_RESERVED:
        raise Refused(f"« {parts[0]} » est un nom réservé par Windows. Renommez le fichier.")
    extension = extension_of(name)
    if extension not in EXTENSION_FORMAT:
        raise Refused(f"ce type de fichier n'est pas accepté. Formats acceptés : {ACCEPTED_FORMATS}.")
    inner = [part.lower() for part in parts[1:-1]]
    if any(part in RISKY_EXTENSIONS for part in inner):
        raise Refused("le nom du fichier contient une double extension. Renommez-le avec une seule extension.")


def _read_head_and_scan(file, file_type_hint):
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


def _hides_an_archive(file, offsets):
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


def _describe_foreign(head):
    """What a file of the wrong kind looks like, for the message."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    lowered = start[:512].lower()
    if b"<svg" in lowered:
        return "une image SVG"
    if start.startswith(b"<") or ACTIVE_MARKERS.search(lowered):
        return "une page HTML ou du XML"
    if start.startswith(b"#!"):
        return "un script"
    if start.startswith((b"MZ", b"\x7fELF")):
        return "un programme"
    if start.startswith(b"PK\x03\x04"):
        return "une archive ZIP"
    if start.startswith(b"%PDF-"):
        return "un PDF"
    if start.startswith(b"\x89PNG"):
        return "une image PNG"
    if start.startswith(b"\xff\xd8\xff"):
        return "une image JPEG"
    return "un contenu d'un autre type"


def _sniff(head):
    """The format the first bytes announce: 'pdf', 'png', 'jpeg', 'zip' or ''."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return ""


def _ends_with_central_directory(file, size):
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


def _check_archive(file, extension, size):
    """The office format of a ZIP archive, after checking it is not a bomb, a traversal or a macro carrier."""
    if not _ends_with_central_directory(file, size):
        raise Refused("l'archive du document est incomplète ou suivie d'autres données.")
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
                raise Refused("le document contient une archive anormalement compressée (bombe de décompression).")
            if total > MAX_UNCOMPRESSED:
                raise Refused(
                    f"le document décompressé dépasse {MAX_UNCOMPRESSED // MB} Mo (bombe de décompression ?)."
                )
        names = {member.filename for member in members}
        detected = _office_type(archive, members, names)
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


def _office_type(archive, members, names):
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


def _check_image(file, expected):
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


def _check_pdf(file, script_in_raw_bytes):
    """A PDF a parser reads, with nothing a reader would run or open; Refused otherwise."""
    finding = pdf_inspection.inspect_pdf(file)
    file.seek(0)
    if finding != pdf_inspection.CLEAN:
        raise Refused(PDF_REFUSALS[finding])
    if script_in_raw_bytes:
        raise Refused("le PDF contient du JavaScript ou une action de lancement, qui ne sont pas acceptés.")


def _check_content(file, name, size):
    extension = extension_of(name)
    expected = EXTENSION_FORMAT[extension]
    sha256, real_size, head, zip_offsets, pdf_script = _read_head_and_scan(file, expected)
    sniffed = _sniff(head)
    label = FORMATS[expected].label
    if expected in ("pdf", "jpeg", "png"):
        if sniffed != expected:
            raise Refused(f"le fichier n'est pas un {label} : c'est {_describe_foreign(head)}.")
        if ACTIVE_MARKERS.search(head[:1024]):
            raise Refused(f"le fichier contient du HTML ou du script en plus du {label} (fichier polyglotte).")
        if _hides_an_archive(file, zip_offsets):
            raise Refused(f"le fichier contient une archive ZIP cachée dans le {label} (fichier polyglotte).")
        file.seek(0)
        if expected == "pdf":
            _check_pdf(file, pdf_script)
        if expected in ("jpeg", "png"):
            _check_image(file, expected)
        return expected, sha256, real_size
    if sniffed != "zip":
        raise Refused(f"le fichier n'est pas un document {label} : c'est {_describe_foreign(head)}.")
    detected = _check_archive(file, extension, real_size)
    if detected == "macro":
        raise Refused("le document contient des macros, qui ne sont pas acceptées.")
    if detected != expected:
        raise Refused(
            f"l'extension « .{extension} » ne correspond pas au contenu du fichier ({FORMATS[detected].label})."
        )
    return expected, sha256, real_size


def validate_upload(file, *, max_size=None):
    """One file: a `ValidatedUpload`, or a ValidationError naming the file and the reason."""
    max_size = settings.CONTRIBUTION_MAX_FILE_SIZE if max_size is None else max_size
    name = getattr(file, "name", "") or ""
    try:
        check_name(name)
        size = file.size
        if size is not None and size > max_size:
            raise Refused(
                f"le fichier est trop volumineux ({filesizeformat(size)} ; {filesizeformat(max_size)} au maximum)."
            )
        if not size:
            raise Refused("le fichier est vide.")
        file_type, sha256, real_size = _check_content(file, name, size)
        if real_size > max_size:
            raise Refused(
                f"le fichier est trop volumineux ({filesizeformat(real_size)} ; {filesizeformat(max_size)} au maximum)."
            )
    except Refused as reason:
        raise ValidationError(refusal(name, str(reason)), code="file_refused") from reason
    return ValidatedUpload(
        file=file,
        original_name=name,
        file_type=file_type,
        extension=extension_of(name),
        size=real_size,
        sha256=sha256,
    )


def validate_uploads(files):
    """All the files of one submission, each checked; every refusal is reported, not only the first."""
    files = [file for file in files if file is not None]
    if len(files) > settings.CONTRIBUTION_MAX_FILES:
        raise ValidationError(
            f"Vous avez joint {len(files)} fichiers : {settings.CONTRIBUTION_MAX_FILES} au maximum par contribution.",
            code="too_many_files",
        )
    validated, errors = [], []
    for file in files:
        if isinstance(file, ValidatedUpload):
            validated.append(file)
            continue
        try:
            validated.append(validate_upload(file))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors, code="file_refused")
    total = sum(upload.size for upload in validated)
    if total > settings.CONTRIBUTION_MAX_TOTAL_SIZE:
        raise ValidationError(
            f"Les fichiers joints pèsent ensemble {filesizeformat(total)} : "
            f"{filesizeformat(settings.CONTRIBUTION_MAX_TOTAL_SIZE)} au maximum par contribution.",
            code="too_large_total",
        )
    return validated
