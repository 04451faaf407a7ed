"""Bounded text extraction from attached PDF, DOCX and ODT documents.

`extract_text(path_or_file, filename=...)` never raises: it returns an `ExtractionResult` whose `status` says what
happened and whose `reason` explains any shortfall. The parent process checks the size and the content's signature
(never the file name); the parsing itself runs in a child process (`cms.sandbox.run_bounded`: a wall-clock
timeout, a CPU-time limit and an address-space limit), so that a hostile or broken file (a parser loop, a
decompression bomb) can only kill that child.

Nothing here touches Django at import time: the fork server imports this module (and the parsers) once, so that
each child starts as a cheap fork.
Limits come from the `SEARCH_EXTRACTION_*` settings (defaults in cms/settings/base.py).
"""

import logging
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

import docx
from defusedxml import ElementTree
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from cms import sandbox
from cms.sandbox import BoundedRunFailed, run_bounded

logger = logging.getLogger(__name__)

MB = 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How far into the file a PDF header may start (readers tolerate a little junk before it).
PDF_HEADER_WINDOW = 1024


class Status(StrEnum):
    OK = "ok"
    TRUNCATED = "truncated"  # text of the first pages or characters only; `reason` says which
    EMPTY = "empty"  # a valid document without text (e.g. a scanned PDF: no OCR)
    UNSUPPORTED = "unsupported"  # not a PDF, DOCX or ODT, whatever its name
    TOO_LARGE = "too_large"
    ENCRYPTED = "encrypted"
    INVALID = "invalid"  # broken or truncated file
    UNSAFE = "unsafe"  # decompression bomb, suspicious archive
    TIMEOUT = "timeout"
    FAILED = "failed"  # the parser's process died (memory limit) or could not start


@dataclass(frozen=True)
class ExtractionResult:
    text: str
    status: Status
    reason: str = ""

    @property
    def ok(self):
        return self.status in (Status.OK, Status.TRUNCATED)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB
    max_pages: int = 300
    max_chars: int = 500_000
    timeout: float = 20
    max_uncompressed: int = 100 * MB
    max_ratio: int = 100
    max_memory: int = 512 * MB

    @classmethod
    def from_settings(cls):
        from django.conf import settings

        defaults = cls()
        return cls(
            **{
                name: getattr(settings, f"SEARCH_EXTRACTION_{name.upper()}", getattr(defaults, name))
                for name in cls.__dataclass_fields__
            }
        )


def extract_text(path_or_file, *, filename="", limits=None):
    """The text of a PDF, DOCX or ODT file (a path or a binary file object), within `limits` (default: settings)."""
    limits = limits or Limits.from_settings()
    label = filename or getattr(path_or_file, "name", "") or str(path_or_file)
    try:
        if isinstance(path_or_file, str | os.PathLike):
            return _extract_path(os.fspath(path_or_file), label, limits)
        return _extract_file_object(path_or_file, label, limits)
    except Exception as exc:  # never let a document break an upload or a worker
        logger.exception("Text extraction failed for %s", label)
        return ExtractionResult("", Status.FAILED, f"{type(exc).__name__}: {exc}")


def _extract_file_object(file, label, limits):
    """Copy at most `max_bytes` + 1 bytes to a temporary file (the storage may not be local), then extract."""
    with tempfile.NamedTemporaryFile(prefix="extraction-", suffix=PurePosixPath(label).suffix[:10]) as tmp:
        remaining = limits.max_bytes + 1
        if hasattr(file, "seek"):
            file.seek(0)
        while remaining > 0:
            chunk = file.read(min(MB, remaining))
            if not chunk:
                break
            tmp.write(chunk)
            remaining -= len(chunk)
        tmp.flush()
        return _extract_path(tmp.name, label, limits)


def _extract_path(path, label, limits):
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            head = file.read(PDF_HEADER_WINDOW)
    except OSError as exc:
        return ExtractionResult("", Status.FAILED, f"cannot read {label}: {exc.strerror or exc}")
    if size > limits.max_bytes:
        return ExtractionResult(
            "", Status.TOO_LARGE, f"{label} is larger than {limits.max_bytes // MB} MB: text not extracted"
        )
    if PDF_MAGIC not in head and not head.startswith(ZIP_MAGIC):
        return ExtractionResult("", Status.UNSUPPORTED, f"{label} is neither a PDF nor a DOCX or ODT document")
    return _run_in_child(path, label, limits)


# --- The child process -----------------------------------------------------------------------------------------


def _run_in_child(path, label, limits):
    try:
        text, status, reason = run_bounded(
            _parse,
            path,
            limits,
            timeout=limits.timeout,
            max_memory=limits.max_memory,
            preload=[__name__],
            name="text-extraction",
        )
    except BoundedRunFailed as failure:
        if failure.kind == sandbox.TIMEOUT:
            return ExtractionResult(
                "", Status.TIMEOUT, f"{label}: extraction stopped after {limits.timeout:g} s (document too complex)"
            )
        if failure.kind == sandbox.ERROR:
            return ExtractionResult("", Status.INVALID, f"{label}: unreadable document ({failure.reason})")
        if failure.kind == sandbox.DIED:
            return ExtractionResult("", Status.FAILED, f"{label}: {failure.reason}, memory limit?")
        return ExtractionResult("", Status.FAILED, f"{label}: {failure.reason}")
    return ExtractionResult(text, Status(status), f"{label}: {reason}" if reason else "")


def _parse(path, limits):
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # broken files make it chatty
    with open(path, "rb") as file:
        head = file.read(PDF_HEADER_WINDOW)
    if PDF_MAGIC in head:
        return _pdf_text(path, limits)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        return "", Status.INVALID.value, f"damaged archive ({exc})"
    with archive:
        problem = _unsafe_archive(archive, limits)
        if problem:
            return "", Status.UNSAFE.value, problem
        names = set(archive.namelist())
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            archive.close()
            return _docx_text(path, limits)
        if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
            return _odt_text(archive, limits)
    return "", Status.UNSUPPORTED.value, "an archive that is neither a DOCX nor an ODT document"


def _unsafe_archive(archive, limits):
    """Why the archive must not be opened (decompression bomb, suspicious names), or ''."""
    members = archive.infolist()
    if len(members) > 10_000:
        return f"too many files in the archive ({len(members)})"
    total = 0
    for member in members:
        name = member.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or re.match(r"^[A-Za-z]:", name):
            return f"suspicious file name in the archive ({member.filename[:100]!r})"
        total += member.file_size
        if member.file_size > MB and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            return f"compression ratio too high for {member.filename[:100]!r} (decompression bomb?)"
    if total > limits.max_uncompressed:
        return f"uncompressed contents larger than {limits.max_uncompressed // MB} MB"
    return ""


def _finish(parts, limits, *, truncated_reason="", stopped=False):
    """The cleaned text and its status; `stopped`: the parts end early, at the character limit."""
    text = _clean("\n".join(parts))
    reasons = [truncated_reason] if truncated_reason else []
    if stopped or len(text) > limits.max_chars:
        text = text[: limits.max_chars].rsplit(None, 1)[0] if len(text) > limits.max_chars else text
        reasons.append(f"text cut at {limits.max_chars} characters")
    if not text:
        return "", Status.EMPTY.value, "no text found (scanned document or images only?)"
    return text, (Status.TRUNCATED if reasons else Status.OK).value, "; ".join(reasons)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(\n\s*)+")


def _clean(text):
    """No control characters (PostgreSQL refuses NUL), single spaces, at most one blank line in a row."""
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()


def _pdf_text(path, limits):
    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password alone still lets anyone read the text
        except Exception:  # noqa: BLE001 - e.g. an algorithm pypdf cannot decrypt without an optional dependency
            opened = 0
        if not opened:
            return "", Status.ENCRYPTED.value, "password-protected PDF"
    total = len(reader.pages)
    count = min(total, limits.max_pages)
    parts, size = [], 0
    for number in range(count):
        text = reader.pages[number].extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > limits.max_chars:
            break
    truncated = f"only the first {count} of {total} pages were read" if total > count else ""
    return _finish(parts, limits, truncated_reason=truncated, stopped=size > limits.max_chars)


def _docx_text(path, limits):
    document = docx.Document(path)
    parts, size = [], 0

    def add(container):
        nonlocal size
        # Every paragraph in document order, those of tables (nested ones included) too.
        for element in container.iter(qn("w:p")):
            text = Paragraph(element, document).text
            parts.append(text)
            size += len(text)
            if size > limits.max_chars:
                return False
        return True

    if add(document.element.body):
        for section in document.sections:
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous and not add(part._element):
                    break
    return _finish(parts, limits, stopped=size > limits.max_chars)


_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_BLOCKS = {f"{_TEXT_NS}p", f"{_TEXT_NS}h"}


def _odt_inline(element, out):
    if element.text:
        out.append(element.text)
    for child in element:
        if child.tag == f"{_TEXT_NS}s":
            count = child.get(f"{_TEXT_NS}c", "1")
            out.append(" " * (min(int(count), 100) if count.isdigit() else 1))
        elif child.tag == f"{_TEXT_NS}tab":
            out.append("\t")
        elif child.tag == f"{_TEXT_NS}line-break":
            out.append("\n")
        elif child.tag not in _ODT_BLOCKS:  # nested paragraphs (frames, notes) get their own line
            _odt_inline(child, out)
        if child.tail:
            out.append(child.tail)


def _odt_text(archive, limits):
    # The declared size was checked by _unsafe_archive, and zipfile never inflates past it.
    root = ElementTree.fromstring(archive.read("content.xml"))
    parts, size = [], 0
    for element in root.iter():
        if element.tag in _ODT_BLOCKS:
            out = []
            _odt_inline(element, out)
            parts.append("".join(out))
            size += len(parts[-1])
            if size > limits.max_chars:
                break
    return _finish(parts, limits, stopped=size > limits.max_chars)
