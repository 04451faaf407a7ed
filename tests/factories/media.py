"""Images and documents, stored under the test MEDIA_ROOT."""

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.models import Collection

from pages.models import PlatformDocument


def minimal_pdf(text="Dossier de reconnaissance", padding=2000):
    """A small, valid one-page PDF (correct cross-reference table), padded to a size worth showing in Ko."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    # A comment block makes the file big enough for its size to read "2 Ko" rather than bytes.
    out += b"%" + b"x" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def root_collection():
    return Collection.get_first_root_node()


class ImageFactory(wagtail_factories.ImageFactory):
    # wagtail-factories creates a new root collection per image; images belong in the root one.
    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Photo de la rencontre n° {n}")
    file = factory.django.ImageField(width=800, height=500, color="teal", filename="photo.jpg")


class DocumentFactory(factory.django.DjangoModelFactory):
    """A PlatformDocument holding a real (tiny) PDF file."""

    class Meta:
        model = PlatformDocument
        skip_postgeneration_save = True

    collection = factory.LazyFunction(root_collection)
    title = factory.Sequence(lambda n: f"Dossier de reconnaissance, partie {n}")
    description = "Projet d'action culturelle et analyse partagée du territoire."
    file = factory.LazyFunction(lambda: ContentFile(minimal_pdf(), name="dossier.pdf"))

    @factory.post_generation
    def file_metadata(obj, create, extracted, **kwargs):
        # What the admin's upload form does: size and hash are read from the file.
        obj._set_document_file_metadata()
        if create:
            obj.save(update_fields=["file_size", "file_hash"])
