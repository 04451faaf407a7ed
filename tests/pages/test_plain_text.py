"""pages/blocks/plain_text.py reads stored rich text exactly as Django's strip_tags and Wagtail's
get_text_for_indexing do."""

import random

import pytest
from django.utils.html import strip_tags as django_strip_tags
from wagtail.blocks import RichTextBlock
from wagtail.rich_text import RichText, get_text_for_indexing

from pages.blocks.plain_text import SIMPLE_HTML, strip_tags, text_for_indexing
from pages.blocks.stream import BodyStreamBlock

EDITOR_HTML = [
    "<p>La rencontre a réuni <b>douze centres culturels</b> autour de l&#x27;analyse partagée.</p>",
    '<h2>Ce qu\'on retient</h2><ul><li>Écouter</li><li>Proposer</li></ul><p>Lire <a href="/rencontres/">la suite</a>'
    ' &amp; <a linktype="document" id="12">le procès-verbal</a>.</p>',
    "<p>Une ligne<br/>une autre</p><hr/><blockquote>Cité</blockquote><h3>Titre</h3>texte",
    '<p data-block-key="x1">Guillemets : <a title=\'« a > b »\' href="x">lien</a> &lt;balise&gt; &#233;t&eacute;</p>',
    "<p></p>",
    "Sans balise, R&D < 3",
]
TRICKY_HTML = [
    "a < b et c > d",
    "<p>R&D</p>",
    "<p>1 < 2</p>",
    "<!-- commentaire --><p>Texte</p>",
    "<p>Texte <b</p>",
    "<script>if (a<b) x()</script><p>Suite</p>",
    "<style>p > a { }</style>Fin",
    '<p title="a<b">x</p>',
    "<![CDATA[x]]><p>y</p>",
    "<p>&unknown fin</p>",
    "<p>&amp fin</p>",
    "<<p>>double",
    "</>vide",
]
FRAGMENTS = [
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    '<a href="/x?a=1&amp;b=2">',
    "<a title='>'>",
    "</a>",
    "<br/>",
    "<hr />",
    "<h2>",
    "</h2>",
    "<li>",
    "</li>",
    "&amp;",
    "&eacute;",
    "&#39;",
    "&#x27;",
    "&",
    "<",
    ">",
    "<!-- c -->",
    "<b",
    '"',
    "'",
    " ",
    "\n",
    "été",
    "décret",
    "l'analyse",
    "x",
]


def generated_html(count, seed=2013):
    rng = random.Random(seed)
    return ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize("html", EDITOR_HTML + TRICKY_HTML)
def test_strip_tags_gives_djangos_text(html):
    assert strip_tags(html) == django_strip_tags(html)
    assert text_for_indexing(html) == get_text_for_indexing(html)


def test_strip_tags_gives_djangos_text_on_generated_html():
    cases = generated_html(3000)
    assert sum(bool(SIMPLE_HTML.fullmatch(html)) for html in cases) > 300  # the fast way is taken, not only Django's
    for html in cases:
        assert strip_tags(html) == django_strip_tags(html), html
        assert text_for_indexing(html) == get_text_for_indexing(html), html


def test_the_editors_html_takes_the_fast_way():
    assert all(SIMPLE_HTML.fullmatch(html) for html in EDITOR_HTML[:4])
    assert not any(SIMPLE_HTML.fullmatch(html) for html in ["a < b", "<p>R&D</p>", "<!-- c --><p>x</p>"])


def test_a_paragraph_block_gives_the_search_wagtails_text():
    html = EDITOR_HTML[1]
    paragraph = BodyStreamBlock().child_blocks["paragraph"]
    assert paragraph.get_searchable_content(RichText(html)) == RichTextBlock().get_searchable_content(RichText(html))
    assert paragraph.get_searchable_content(RichText(html)) == [
        "Ce qu'on retient Écouter Proposer Lire la suite & le procès-verbal."
    ]


@pytest.mark.parametrize(
    "html",
    [
        "<p>" + "mot " * 50_000 + "<",  # long text, then a « < » opening no tag: Django's way
        "<p>" + "é&amp;" * 20_000 + "&",
        '<a title="' + "x'" * 20_000 + ">",
    ],
    ids=["long text", "long entities", "long attribute"],
)
def test_long_near_simple_html_is_read_without_backtracking(html):
    # A pattern that tried each split of the text again would not finish on these (possessive quantifiers).
    assert SIMPLE_HTML.fullmatch(html) is None
    assert strip_tags(html) == django_strip_tags(html)
