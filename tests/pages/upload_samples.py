"""Files for the upload tests, generated on the fly: genuine documents and hostile ones."""

import io
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as DocxDocument
from fpdf import FPDF
from openpyxl import Workbook
from PIL import Image
from PIL.PngImagePlugin import PngInfo

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


def build_pdf(objects, *, compressed=()):
    """A PDF of the given object bodies (numbered from 1, the first one the catalog), every offset exact.

    The objects whose numbers are in `compressed` go into one compressed object stream listed by a
    cross-reference stream (PDF 1.5), as a writer that compresses does; otherwise a classic cross-reference table.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in range(1, len(objects) + 1):
        if number not in compressed:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number - 1])
    size = len(objects) + 1
    if not compressed:
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        out += b"".join(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
        return bytes(out)
    stream_number, xref_number = size, size + 1
    members = sorted(compressed)
    header, body = [], b""
    for number in members:
        header.append(b"%d %d" % (number, len(body)))
        body += objects[number - 1] + b"\n"
    header = b" ".join(header) + b"\n"
    data = zlib.compress(header + body)
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stream_number,
        len(members),
        len(header),
        len(data),
    )
    out += data + b"\nendstream\nendobj\n"
    offsets[xref_number] = len(out)
    rows = [b"\x00" + bytes(4) + b"\xff\xff"]
    for number in range(1, xref_number + 1):
        if number in compressed:
            rows.append(b"\x02" + stream_number.to_bytes(4, "big") + members.index(number).to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + bytes(2))
    table = zlib.compress(b"".join(rows))
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def pdf_document(catalog=b"", page=b"", extra=(), compressed=()):
    """A one-page PDF with more entries in its catalog or its page, and more objects (numbered from 6)."""
    content = b"BT /F1 18 Tf 72 720 Td (Projet d'action culturelle) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page + b" >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,
    ]
    return build_pdf(objects, compressed=compressed)


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


def image_bytes(image_format="PNG", size=(64, 48), mode="RGB"):
    image = Image.new(mode, size, (28, 94, 110) if mode == "RGB" else 0)
    out = io.BytesIO()
    image.save(out, format=image_format)
    return out.getvalue()


GPS_LATITUDE, GPS_LONGITUDE = (50.0, 9.0, 45.0), (5.0, 13.0, 20.0)  # Rochefort
PRIVATE_WORDS = (b"Camille Dupont", b"Appareil-Serie-4242", b"http://ns.adobe.com/xap/1.0/", b"Photoshop 3.0")


def photo_with_metadata(image_format="JPEG", size=(64, 48)):
    """A photo as a phone takes it: turned by its EXIF orientation (6: rotate 90° clockwise to view), with its
    GPS position, the camera's serial number, the author in XMP, IPTC and a comment (JPEG) or text chunks (PNG).
    Its top-left quarter is red, the rest teal."""
    image = Image.new("RGB", size, (28, 94, 110))
    image.paste((220, 20, 20), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x013B] = "Camille Dupont"  # Artist
    exif[0xA431] = "Appareil-Serie-4242"  # BodySerialNumber
    exif.get_ifd(0x8825).update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: GPS_LONGITUDE})
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="Camille Dupont"/>'
        b"</rdf:RDF></x:xmpmeta>"
    )
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", exif=exif, xmp=xmp, comment=b"Camille Dupont", quality=95)
        data = out.getvalue()
        iptc = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x12\x1c\x02\x50\x00\x0eCamille Dupont"
        return data[:2] + b"\xff\xed" + (len(iptc) + 2).to_bytes(2, "big") + iptc + data[2:]
    info = PngInfo()
    info.add_text("Author", "Camille Dupont")
    info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    image.save(out, "PNG", exif=exif, pnginfo=info)
    return out.getvalue()


def is_red(pixel):
    """The red quarter of `photo_with_metadata`, give or take JPEG's compression."""
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def zip_bytes(members=(("notes.txt", b"bonjour"),)):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()
