"""French texts of the demo content, as data (content.json). All people, centres and projects are fictional.

Structure only: `builders.py` turns these into pages, `files.py` into PDFs and images. Bodies are lists of
`(block_type, value)` pairs in the vocabulary of `pages.blocks.BodyStreamBlock`. The data, by name:

- HOME, THEME_INDEX, DOSSIER_LIBRARY, LINK_LIBRARY, WORKSHOP_INDEX: the sections (slug, title, intro…).
- THEMES: the toolbox's themes; THEME_FRAGMENTS: hand-written paragraphs of resource bodies, by theme, that
  builders combine; USAGE_PARAGRAPHS, TESTIMONIES: more of them.
- RESOURCES: titles and summaries hand-written. `theme` is the main theme (parent page), `secondary` other
  themes, `pdf` asks for an attached PDF, `url` an external address, `body` a short hand-written body (else one
  is combined from the theme's fragments).
- HIDDEN_PAGES: resources a visitor must never find (the search's tests check it): a `draft` never published, and
  a page restricted by a `password`.
- CENTRES: fictional centres (name, town, province); their e-mail addresses are on example.org and never
  shown on the site. DOSSIERS: `project` appears on the page and in the PDF; `keyword` is a made-up word
  found only in the dossier's PDF, as is `heritage` (a paragraph on a local craft) when given; `period` is (first
  year, last year).
- LINK_CATEGORIES: (name, slug); LINKS: (title, category slug, url or None for a generated PDF, source,
  themes, description).
- WORKSHOPS: `offset_days` (upcoming, relative to today) or `date` (past). Past workshops have participants
  (name, role, function, centre) and a write-up (WORKSHOP_REGISTRATION, _PROGRAMME, _REPORT_PARAGRAPHS,
  _LESSONS).
- STANDARD_PAGES: the pages under the home page (the contribution page's entry is not a StandardPage: the
  ContributionPage with the public form, built by `build_contribution_page`).
- SYNTHETIC_*: the vocabulary of the synthetic content at scale (`generate_content`); a synthetic centre is
  « Centre culturel » + prefix + place: « Centre culturel du Val de la Lesse ».

JSON has no tuples: a list inside a list (but a list of words two levels down) and a dossier's `period` are
read back as tuples.
"""

import json
from pathlib import Path


def _tuples(value, depth=0):
    """JSON's lists as the data was written: tuples for records in a list (pairs, rows), lists of words below."""
    if isinstance(value, list):
        items = [_tuples(item, depth + 1) for item in value]
        if depth == 0 or (depth > 1 and all(isinstance(item, str) for item in items)):
            return items
        return tuple(items)
    if isinstance(value, dict):
        return {key: tuple(item) if key == "period" else _tuples(item) for key, item in value.items()}
    return value


_DATA = {
    name: _tuples(value) for name, value in json.loads((Path(__file__).with_name("content.json")).read_text()).items()
}

HOME = _DATA["HOME"]
THEME_INDEX = _DATA["THEME_INDEX"]
THEMES = _DATA["THEMES"]
THEME_FRAGMENTS = _DATA["THEME_FRAGMENTS"]
USAGE_PARAGRAPHS = _DATA["USAGE_PARAGRAPHS"]
TESTIMONIES = _DATA["TESTIMONIES"]
RESOURCES = _DATA["RESOURCES"]
HIDDEN_PAGES = _DATA["HIDDEN_PAGES"]
CENTRES = _DATA["CENTRES"]
DOSSIERS = _DATA["DOSSIERS"]
DOSSIER_LIBRARY = _DATA["DOSSIER_LIBRARY"]
LINK_LIBRARY = _DATA["LINK_LIBRARY"]
LINK_CATEGORIES = _DATA["LINK_CATEGORIES"]
LINKS = _DATA["LINKS"]
WORKSHOP_INDEX = _DATA["WORKSHOP_INDEX"]
WORKSHOPS = _DATA["WORKSHOPS"]
WORKSHOP_REGISTRATION = _DATA["WORKSHOP_REGISTRATION"]
WORKSHOP_PROGRAMME = _DATA["WORKSHOP_PROGRAMME"]
WORKSHOP_REPORT_PARAGRAPHS = _DATA["WORKSHOP_REPORT_PARAGRAPHS"]
WORKSHOP_LESSONS = _DATA["WORKSHOP_LESSONS"]
FACEBOOK_URL = _DATA["FACEBOOK_URL"]
STANDARD_PAGES = _DATA["STANDARD_PAGES"]
SYNTHETIC_RESOURCE_KINDS = _DATA["SYNTHETIC_RESOURCE_KINDS"]
SYNTHETIC_TOPICS = _DATA["SYNTHETIC_TOPICS"]
SYNTHETIC_SUMMARY_OPENINGS = _DATA["SYNTHETIC_SUMMARY_OPENINGS"]
SYNTHETIC_SUMMARY_ENDINGS = _DATA["SYNTHETIC_SUMMARY_ENDINGS"]
SYNTHETIC_PLACE_PREFIXES = _DATA["SYNTHETIC_PLACE_PREFIXES"]
SYNTHETIC_PLACE_NAMES = _DATA["SYNTHETIC_PLACE_NAMES"]
