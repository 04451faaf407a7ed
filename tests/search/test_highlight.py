"""Excerpts: the window around the first match, every match marked, whatever the length of the text."""

import random
import re
from types import SimpleNamespace

import pytest
from django.utils.html import escape

from search import highlight
from search.text import normalise, root


def entry(summary="", body="", centre=""):
    return SimpleNamespace(summary=summary, body=body, centre=centre)


def document(title, text):
    return SimpleNamespace(title=title, text_content=text)


def marked(html):
    return re.findall(r"<mark>(.*?)</mark>", html)


def reference_excerpt(text, roots):
    """The straightforward algorithm: tokenise the whole text, mark the words that begin with a root (that are
    the root, for a root of three letters or fewer)."""
    tokens = re.findall(r"\w+|\W+", text or "")
    positions = [i for i, token in enumerate(tokens) if token[:1].isalnum() or token[:1] == "_"]

    def matches(token):
        word = normalise(token)
        return any(word == r if len(r) <= highlight.WHOLE_WORD_LENGTH else word.startswith(r) for r in roots)

    first = next((i for i in positions if matches(tokens[i])), None)
    if first is None:
        return ""
    index = positions.index(first)
    start_word = max(0, index - highlight.EXCERPT_WORDS // 3)
    end_word = min(len(positions) - 1, start_word + highlight.EXCERPT_WORDS)
    parts = ["… " if start_word > 0 else ""]
    for token in tokens[positions[start_word] : positions[end_word] + 1]:
        if (token[:1].isalnum() or token[:1] == "_") and matches(token):
            parts.append(f"<mark>{escape(token)}</mark>")
        else:
            parts.append(" " if not token.strip() else escape(token))
    if end_word < len(positions) - 1:
        parts.append(" …")
    return "".join(parts)


def test_the_matched_words_are_marked_whatever_their_accents_and_capitals():
    html, source = highlight.excerpt_for(
        entry(body="Le DÉCRET du 21 novembre 2013 : les décrets d'application suivent."), [], ["decret"]
    )
    assert source == ""
    assert marked(html) == ["DÉCRET", "décrets"]


def test_plural_and_singular_share_a_root():
    html, _source = highlight.excerpt_for(entry(summary="Constituer son dossier de reconnaissance."), [], ["dossiers"])
    assert marked(html) == ["dossier"]


def test_a_word_is_marked_only_from_its_start():
    html, _source = highlight.excerpt_for(
        entry(body="Un non-décret, puis l'indécret et enfin le décret."), [], ["decret"]
    )
    assert marked(html) == ["décret", "décret"], "« non-décret » is two words; « indécret » is not « décret »"


def test_the_excerpt_is_a_window_of_words_around_the_first_match():
    words = [f"mot{n}" for n in range(200)]
    words[100] = "territoire"
    html, _source = highlight.excerpt_for(entry(body=" ".join(words)), [], ["territoire"])
    assert html.startswith("… mot88 ")
    assert html.endswith("mot124 …")
    assert len(html.split()) == highlight.EXCERPT_WORDS + 1 + 2  # the words and the two ellipses


def test_the_match_inside_a_long_document_is_found_and_the_document_named():
    filler = "Les centres culturels coopèrent avec leurs partenaires. " * 20_000  # about a million characters
    text = filler + "La cartographie des acteurs du territoire. " + filler
    html, source = highlight.excerpt_for(
        entry(summary="Un dossier", body="Sans rapport."), [document("Annexe 3", text)], ["cartographie"]
    )
    assert source == "Annexe 3"
    assert marked(html) == ["cartographie"]
    assert html.startswith("… ") and html.endswith(" …")
    assert len(html) < 1_000


def test_the_text_is_escaped_and_only_the_marks_are_html():
    html, _source = highlight.excerpt_for(
        entry(body="<script>alert(1)</script> le décret & ses <b>arrêtés</b>"), [], ["décret"]
    )
    assert "script&gt;alert(1)&lt;/script&gt;" in html, "an excerpt starts and ends with a word"
    assert "<script" not in html and "<b" not in html
    assert "&amp;" in html and "&lt;b&gt;arrêtés&lt;/b" in html
    assert marked(html) == ["décret"]


def test_without_a_match_the_start_of_the_summary_is_shown():
    html, source = highlight.excerpt_for(entry(summary="Un guide pour les équipes.", body="Rien."), [], ["budget"])
    assert (html, source) == ("Un guide pour les équipes.", "")


@pytest.mark.parametrize("seed", range(40))
def test_excerpts_are_those_of_the_straightforward_algorithm(seed):
    """The same excerpt as tokenising the whole text, on random French texts with accents, capitals and
    punctuation, matches at the start, in the middle and at the end."""
    rng = random.Random(seed)
    vocabulary = [
        "décret", "Décrets", "DÉCRET", "analyse", "partagée", "Partagées", "territoire", "l'équipe", "d'été",
        "œuvre", "Œuvres", "coopération", "été", "Été", "x", "2013", "_note_", "ça", "Ça", "naïveté", "Noël",
    ]  # fmt: skip
    separators = [" ", "  ", ", ", " : ", ". ", " – ", "\n", " (", ") ", " « ", " » ", "'", "-", "/"]
    text = "".join(rng.choice(vocabulary) + rng.choice(separators) for _ in range(rng.randint(1, 120)))
    if rng.random() < 0.3:
        text = rng.choice(separators) + text
    terms = rng.sample(["decret", "partagee", "oeuvre", "ete", "ca", "naivete", "noel", "territoires", "2013"], 2)
    roots = [root(normalise(term)) for term in terms]
    html, _found = highlight._excerpt(text, highlight._pattern(tuple(roots)))
    assert html == reference_excerpt(text, roots)
