"""What a PDF would do once opened, read by a real parser (pypdf) in a bounded child process.

`inspect_pdf(file)` returns one of the codes below: CLEAN, or why the PDF must be refused. The parse runs in a
child process (`cms.sandbox.run_bounded`: timeout, CPU and memory limits), so that a hostile file can only harm
that child. In the child, pypdf decodes names (`/J#61vaScript` is `/JavaScript`), reads object streams and
cross-reference streams, and every object is looked at: those reachable from the trailer (catalog, pages,
annotations, name trees, outlines…) and those the cross-reference lists without a reference to them.

Refused: JavaScript anywhere (document open action, additional actions of the document, pages, annotations and
form fields, the JavaScript name tree, `javascript:` links), launch actions, embedded files (the EmbeddedFiles
name tree, file specifications carrying a file, file attachment annotations, go-to-embedded actions); a file
pypdf cannot read as a PDF with at least one page; a password-protected PDF (its content cannot be checked);
a dictionary defining the same key twice (readers disagree on which one counts: one could hide an action);
more than MAX_OBJECTS objects, or a parse past the time or memory limit.

Nothing here touches Django: the fork server imports this module and pypdf once.
"""

import io
import logging
import re

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from cms import sandbox
from cms.sandbox import BoundedRunFailed, run_bounded

MB = 1024 * 1024
MAX_OBJECTS = 200_000
TIMEOUT = 20  # seconds of wall-clock time
MAX_MEMORY = 512 * MB  # address space of the child process

CLEAN = ""
JAVASCRIPT = "javascript"
LAUNCH = "launch"
EMBEDDED_FILE = "embedded_file"
ENCRYPTED = "encrypted"
UNREADABLE = "unreadable"
AMBIGUOUS = "ambiguous"
TOO_COMPLEX = "too_complex"
UNAVAILABLE = "unavailable"  # the check itself could not run (no child process): not the file's fault

SCRIPT_KEYS = {"/JS", "/JavaScript"}
EMBEDDED_FILE_KEYS = {"/EmbeddedFiles", "/EF"}
ACTION_TYPES = {"/JavaScript": JAVASCRIPT, "/Launch": LAUNCH, "/GoToE": EMBEDDED_FILE}
DUPLICATE_KEY_WARNING = "Multiple definitions in dictionary"
LINK_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def inspect_pdf(file):
    """CLEAN or the code of the first reason to refuse the PDF (an uploaded file, a path or bytes)."""
    try:
        return run_bounded(
            scan,
            _source_of(file),
            MAX_OBJECTS,
            timeout=TIMEOUT,
            max_memory=MAX_MEMORY,
            preload=[__name__],
            name="pdf-inspection",
        )
    except BoundedRunFailed as failure:
        if failure.kind == sandbox.ERROR:
            return UNREADABLE  # pypdf raised: not a PDF it can read
        if failure.kind == sandbox.START:
            return UNAVAILABLE
        return TOO_COMPLEX  # timeout, memory or CPU limit


def _source_of(file):
    """A path the child can open (a file spooled to disk) or the bytes themselves."""
    if isinstance(file, bytes | str):
        return file
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        return path()
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


# --- In the child process ---------------------------------------------------------------------------------------


class _DuplicateKeys(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        if record.getMessage().startswith(DUPLICATE_KEY_WARNING):
            self.seen = True


def scan(source, max_objects=MAX_OBJECTS):
    """The code for a PDF given as a path or bytes. Raises what pypdf raises on a file it cannot read."""
    pypdf_logger = logging.getLogger("pypdf")
    pypdf_logger.setLevel(logging.WARNING)
    pypdf_logger.propagate = False  # broken files make it chatty; only duplicate keys matter here
    duplicates = _DuplicateKeys()
    pypdf_logger.addHandler(duplicates)
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source, strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # an owner password alone still lets anyone read it
        except Exception:  # noqa: BLE001 - an encryption pypdf cannot undo
            opened = 0
        if not opened:
            return ENCRYPTED
    root = reader.trailer.get("/Root")
    if not isinstance(root.get_object() if root is not None else None, DictionaryObject) or len(reader.pages) < 1:
        return UNREADABLE
    found = _walk(reader, max_objects)
    if found == CLEAN and duplicates.seen:
        return AMBIGUOUS
    return found


def _walk(reader, max_objects):
    """Look at every object once, iteratively (a deeply nested file cannot exhaust the stack)."""
    stack = [reader.trailer]
    # Every object the cross-reference lists too, referenced or not (object streams' members included).
    stack += [
        IndirectObject(number, generation, reader) for generation, table in reader.xref.items() for number in table
    ]
    stack += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > max_objects:
                return TOO_COMPLEX
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found = _active_content(item)
            if found:
                return found
            stack.extend(dict.values(item))  # unresolved: references go through `seen`
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return CLEAN


def _value(dictionary, key):
    value = dict.get(dictionary, key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_script_link(uri):
    """True for a `javascript:` address, written as browsers read it (spaces, tabs and controls ignored)."""
    if isinstance(uri, bytes):
        uri = uri.decode("latin-1")
    return isinstance(uri, str) and LINK_IGNORED.sub("", uri).lower().startswith("javascript:")


def _active_content(dictionary):
    keys = set(dict.keys(dictionary))
    if keys & SCRIPT_KEYS:
        return JAVASCRIPT
    if keys & EMBEDDED_FILE_KEYS:
        return EMBEDDED_FILE
    action = _value(dictionary, "/S")
    if isinstance(action, str) and action in ACTION_TYPES:
        return ACTION_TYPES[action]
    if action == "/URI" and _is_script_link(_value(dictionary, "/URI")):
        return JAVASCRIPT
    if _value(dictionary, "/Type") == "/EmbeddedFile" or _value(dictionary, "/Subtype") == "/FileAttachment":
        return EMBEDDED_FILE
    return CLEAN
