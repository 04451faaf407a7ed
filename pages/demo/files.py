"""Files of the demo content, generated locally and deterministically: PDFs (fpdf2) and photos (Pillow).

The same arguments always give the same bytes, so that reseeding never produces different files.
PDFs use fpdf2's core fonts (latin-1) without compression: their text stays readable in the raw bytes,
which lets the search tests find a dossier by the words of its PDF without a PDF parser.
"""

import io
import random
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# A fixed date, written in every PDF's metadata instead of "now".
PDF_CREATION_DATE = datetime(2024, 1, 15, 10, 0, tzinfo=UTC)

_LATIN1_REPLACEMENTS = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u2013": "-",
    "\u2014": "-",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2022": "-",
    "\u00b7": "-",
    "\u20ac": "EUR",
}


def to_latin1(text):
    """Text the PDF core fonts can draw: typographic characters replaced by their latin-1 equivalents."""
    for char, replacement in _LATIN1_REPLACEMENTS.items():
        text = text.replace(char, replacement)
    return text.encode("latin-1", "replace").decode("latin-1")


class _DemoPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(120, 120, 120)
        self.cell(0, 10, to_latin1(f"{self.footer_text} - page {self.page_no()}"), align="C")


def make_pdf(title, paragraphs, *, subtitle="", sections=None, footer="Plateforme d'Échange et de Partage - ASTRAC"):
    """A sober A4 document: a title, an optional subtitle, paragraphs, then optional (heading, paragraphs) sections.

    Returns the PDF's bytes; identical arguments give identical bytes.
    """
    pdf = _DemoPDF(format="A4")
    pdf.footer_text = to_latin1(footer)
    pdf.set_compression(False)
    pdf.set_creation_date(PDF_CREATION_DATE)
    pdf.set_title(to_latin1(title))
    pdf.set_author("ASTRAC - Plateforme d'Echange et de Partage")
    pdf.set_creator("Plateforme d'Echange et de Partage (contenu de demonstration)")
    pdf.set_producer("fpdf2")
    pdf.set_margins(22, 22, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()

    pdf.set_fill_color(38, 84, 124)
    pdf.rect(0, 0, 210, 8, style="F")
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(38, 84, 124)
    pdf.multi_cell(0, 9, to_latin1(title), new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.ln(1)
        pdf.set_font("Helvetica", "I", 11)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(0, 6, to_latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    def write_paragraphs(items):
        pdf.set_font("Helvetica", "", 11)
        pdf.set_text_color(30, 30, 30)
        for paragraph in items:
            pdf.multi_cell(0, 6, to_latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)

    write_paragraphs(paragraphs)
    for heading, items in sections or []:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 13)
        pdf.set_text_color(38, 84, 124)
        pdf.multi_cell(0, 7, to_latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        write_paragraphs(items)
    return bytes(pdf.output())


# Palettes of soft, natural colours: (sky top, sky bottom, far hills, near hills, accent).
PALETTES = [
    ((126, 168, 201), (233, 214, 180), (110, 140, 120), (62, 96, 74), (214, 122, 76)),
    ((82, 113, 160), (244, 196, 160), (118, 112, 150), (70, 72, 110), (240, 200, 120)),
    ((170, 200, 215), (240, 236, 220), (140, 165, 130), (92, 128, 86), (190, 90, 70)),
    ((60, 80, 120), (220, 150, 120), (100, 90, 110), (50, 50, 70), (250, 220, 150)),
    ((150, 190, 210), (250, 240, 215), (160, 150, 110), (115, 105, 70), (60, 110, 150)),
    ((200, 170, 190), (250, 225, 200), (150, 130, 150), (100, 80, 100), (90, 140, 120)),
]

_FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
]


@cache
def _caption_font(size):
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _ridge(rng, width, base, amplitude, steps=9):
    """Points of a smooth hill line across the picture."""
    xs = [round(i * width / steps) for i in range(steps + 1)]
    ys = [base + rng.randint(-amplitude, amplitude) for _ in xs]
    points = []
    for i in range(steps):
        for k in range(8):
            t = k / 8
            smooth = t * t * (3 - 2 * t)
            points.append((xs[i] + (xs[i + 1] - xs[i]) * t, ys[i] + (ys[i + 1] - ys[i]) * smooth))
    points.append((width, ys[-1]))
    return points


def _draw_building(draw, rng, width, height, horizon, accent):
    """A small building on the hills, like the cultural centre seen from afar."""
    bx = rng.randint(width // 8, width * 6 // 8)
    by = horizon + height // 6
    bw, bh = width // 9, height // 10
    draw.rectangle([bx, by - bh, bx + bw, by], fill=(236, 228, 214))
    draw.polygon([(bx - 6, by - bh), (bx + bw // 2, by - bh - bh // 2), (bx + bw + 6, by - bh)], fill=accent)
    for i in range(3):
        wx = bx + bw // 8 + i * bw // 3
        draw.rectangle([wx, by - bh * 2 // 3, wx + bw // 8, by - bh // 3], fill=(90, 110, 130))


def make_landscape_image(seed, caption="", *, size=(1200, 800), image_format="JPEG"):
    """A photo-like landscape: a gradient sky, a sun, rolling hills, trees, and a caption band.

    Deterministic for a given seed and caption. Returns the encoded image's bytes.
    """
    rng = random.Random(seed)
    width, height = size
    sky_top, sky_bottom, far, near, accent = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    horizon = round(height * rng.uniform(0.5, 0.62))
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_lerp(sky_top, sky_bottom, min(y / horizon, 1)))

    sun_x, sun_y, radius = rng.randint(width // 6, width * 5 // 6), rng.randint(height // 8, horizon // 2), height // 12
    glow = Image.new("L", size, 0)
    ImageDraw.Draw(glow).ellipse(
        [sun_x - radius * 3, sun_y - radius * 3, sun_x + radius * 3, sun_y + radius * 3], fill=110
    )
    glow = glow.filter(ImageFilter.GaussianBlur(radius))
    image = Image.composite(Image.new("RGB", size, _lerp(accent, (255, 250, 235), 0.7)), image, glow)
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        [sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=_lerp(accent, (255, 250, 235), 0.6)
    )

    for layer, colour in enumerate((far, _lerp(far, near, 0.5), near)):
        base = horizon + layer * height // 10
        ridge = _ridge(rng, width, base, height // (14 + layer * 4))
        draw.polygon([(0, height), *ridge, (width, height)], fill=colour)
        if layer == 1:
            _draw_building(draw, rng, width, height, horizon, accent)
        if layer == 2:
            for _ in range(rng.randint(5, 11)):
                x = rng.randint(0, width)
                y = base + rng.randint(-10, height // 8)
                h = rng.randint(height // 14, height // 7)
                trunk = _lerp(near, (40, 30, 20), 0.6)
                draw.rectangle([x - 3, y - h // 3, x + 3, y + 4], fill=trunk)
                draw.ellipse([x - h // 4, y - h, x + h // 4, y - h // 4], fill=_lerp(near, (20, 50, 30), 0.35))

    image = image.filter(ImageFilter.GaussianBlur(0.6))
    if caption:
        band = Image.new("RGBA", (width, height // 9), (20, 24, 30, 150))
        image = image.convert("RGBA")
        image.alpha_composite(band, (0, height - band.height))
        draw = ImageDraw.Draw(image)
        font = _caption_font(max(14, height // 28))
        draw.text((width // 30, height - band.height // 2), caption, font=font, fill=(250, 248, 240), anchor="lm")
        image = image.convert("RGB")

    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=82, optimize=False, progressive=False)
    else:
        image.save(buffer, image_format)
    return buffer.getvalue()
