"""Real PDF, DOCX and ODT files for the extraction tests, built in memory (fpdf2, pypdf, python-docx, zipfile)."""

import io
import zipfile
import zlib

import docx
from fpdf import FPDF
from pypdf import PdfWriter

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"


def pdf_bytes(pages):
    """A PDF with one page per text (fpdf2's core fonts: latin-1, accents included)."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def encrypted_pdf_bytes(text, *, user_password):
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes([text])))
    # RC4 needs no optional cryptography package, in pypdf as in the extractor.
    writer.encrypt(user_password=user_password, owner_password="proprietaire", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def slow_pdf_bytes(operators=1_000_000):
    """A small, valid one-page PDF whose compressed content stream holds so many text operators that
    parsing it takes pypdf tens of seconds: a file that is slow to read, not a broken one."""
    content = zlib.compress(b"BT /F1 12 Tf " + b"1 0 Td (a) Tj " * operators + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes(paragraphs, *, table=None):
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(paragraphs, *, content_xml=None):
    """An ODT package built by hand: `mimetype` first and stored, then content.xml and the manifest."""
    if content_xml is None:
        body = "".join(f"<text:p>{text}</text:p>" for text in paragraphs[1:])
        content_xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
            f'<office:body><office:text><text:h text:outline-level="1">{paragraphs[0]}</text:h>{body}'
            "</office:text></office:body></office:document-content>"
        )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content_xml, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_with_extra_member(name, size, *, pattern=b"\0"):
    """A valid DOCX plus a member `name` of `size` bytes of `pattern`, written in chunks (deflated)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["Projet d'action culturelle"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member))
        with archive.open(name, "w", force_zip64=True) as extra:
            chunk = (pattern * (1024 * 1024 // len(pattern) + 1))[: 1024 * 1024]
            for _ in range(size // len(chunk)):
                extra.write(chunk)
    return out.getvalue()
