"""Files for the upload tests, generated on the fly: genuine documents and hostile ones."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as DocxDocument
from fpdf import FPDF
from openpyxl import Workbook
from PIL import Image

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes(text="Canevas d'animation pour une analyse partagée", pages=1):
    pdf = FPDF()
    pdf.set_font("Helvetica", size=14)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"{text} - page {number + 1}")
    return bytes(pdf.output())


def docx_bytes(text="Grille d'autoévaluation du Centre culturel"):
    document = DocxDocument()
    document.add_heading("Ressource partagée", level=1)
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Action", "Public", "Budget"])
    sheet.append(["Atelier d'écriture", "Habitants", 1200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odf_bytes(mimetype=ODT_MIMETYPE, extra=(), mimetype_compressed=False):
    """An OpenDocument file: `mimetype` stored first, then content.xml and the manifest (and `extra` members)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            mimetype,
            compress_type=zipfile.ZIP_DEFLATED if mimetype_compressed else zipfile.ZIP_STORED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            "<text:p>Le projet d'action culturelle</text:p></office:text></office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        for name, data, method in extra:
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def ods_bytes():
    return odf_bytes(ODS_MIMETYPE)


def docx_with(extra=(), content_types=None):
    """A genuine DOCX with more members (a bomb, a traversal) or another [Content_Types].xml."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml" and content_types is not None:
                data = content_types(data.decode()).encode()
            archive.writestr(info.filename, data)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def image_bytes(image_format="PNG", size=(64, 48)):
    image = Image.new("RGB", size, (28, 94, 110))
    out = io.BytesIO()
    image.save(out, format=image_format)
    return out.getvalue()


def zip_bytes(members=(("notes.txt", b"bonjour"),)):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()
