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

The content checks live in `pages.contributions.file_checks`; the first bytes are read by `filetype`.
Nothing here writes a file: the service (`pages.contributions.services`) stores the files under generated names.
"""

import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from filetype.types import archive, image

from pages.contributions.file_checks import (
    ACCEPTED_FORMATS,
    Refused,
    check_archive,
    check_image,
    check_pdf,
    hides_an_archive,
    read_head_and_scan,
)

MAX_NAME_LENGTH = 120


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

# What the first bytes announce, read by filetype's matchers: the format they are for this module ('' for none of
# the accepted ones) and how a refusal names them.
SIGNATURES = (
    (archive.Pdf(), "pdf", "un PDF"),
    (image.Png(), "png", "une image PNG"),
    (image.Jpeg(), "jpeg", "une image JPEG"),
    (archive.Zip(), "zip", "une archive ZIP"),
    (archive.Exe(), "", "un programme"),
    (archive.Elf(), "", "un programme"),
)
MATCHERS = [matcher for matcher, _code, _label in SIGNATURES]


@dataclass(frozen=True)
class ValidatedUpload:
    """An uploaded file that passed every check, with what the service records about it."""

    file: object  # the UploadedFile
    original_name: str
    file_type: str
    extension: str
    size: int
    sha256: str


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


def _signature(head):
    """(format, name) of what the first bytes announce, by filetype; ('', None) when none of SIGNATURES."""
    kind = filetype.match(head, MATCHERS)
    return next(((code, label) for matcher, code, label in SIGNATURES if matcher is kind), ("", None))


def _describe_foreign(head):
    """What a file of the wrong kind looks like, for the message: text (markup, scripts) by its first characters,
    binary formats by their signature."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    lowered = start[:512].lower()
    if b"<svg" in lowered:
        return "une image SVG"
    if start.startswith(b"<") or ACTIVE_MARKERS.search(lowered):
        return "une page HTML ou du XML"
    if start.startswith(b"#!"):
        return "un script"
    return _signature(start)[1] or ""


def _misnamed(head, extension, label):
    """The refusal of a file whose content is not what its extension says: what it is when it can be told."""
    found = _describe_foreign(head)
    if found:
        return f"ce fichier porte l'extension « .{extension} », mais c'est en réalité {found}."
    return f"ce fichier porte l'extension « .{extension} », mais son contenu n'est pas celui d'un fichier {label}."


def _sniff(head):
    """The format the first bytes announce: 'pdf', 'png', 'jpeg', 'zip' or ''."""
    return _signature(head)[0]


def _check_content(file, name, size):
    extension = extension_of(name)
    expected = EXTENSION_FORMAT[extension]
    sha256, real_size, head, zip_offsets, pdf_script = read_head_and_scan(file, expected)
    sniffed = _sniff(head)
    label = FORMATS[expected].label
    if expected in ("pdf", "jpeg", "png"):
        if sniffed != expected:
            raise Refused(_misnamed(head, extension, label))
        if ACTIVE_MARKERS.search(head[:1024]):
            raise Refused(f"ce {label} cache du HTML ou un script : il n'est pas accepté.")
        if hides_an_archive(file, zip_offsets):
            raise Refused(f"ce {label} cache une archive ZIP : il n'est pas accepté.")
        file.seek(0)
        if expected == "pdf":
            check_pdf(file, pdf_script)
        if expected in ("jpeg", "png"):
            check_image(file, expected)
        return expected, sha256, real_size
    if sniffed != "zip":
        raise Refused(_misnamed(head, extension, label))
    detected = check_archive(file, extension, real_size)
    if detected == "macro":
        raise Refused("le document contient des macros, qui ne sont pas acceptées.")
    if detected != expected:
        actual = FORMATS[detected]
        raise Refused(
            f"l'extension « .{extension} » ne correspond pas au contenu du fichier, qui est au format {actual.label} : "
            f"renommez-le en « .{actual.extensions[0]} »."
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
