"""What decides the order of search results by relevance: one score, the same ideas on every backend.

A BM25-style score over weighted fields (after Robertson and Zaragoza's BM25F). For the words of the query, each
field of an entry gives a term frequency, divided by its length relative to a reference length (BM25's
normalisation, `length_factor`): the same words in a shorter field weigh more. The fields then weigh
`FIELD_WEIGHTS` (title 6, summary and centre 2, body 1, documents' text ½; the engines' boosts too). The long text
(body and documents) saturates: its contribution tends to `TEXT_WEIGHT` (4, two thirds of a title match) as it
repeats the words, so a long text repeating them forty times gains little over a short page that says them four
times; a title (or summary) match is not saturated, titles rarely repeat.

So a title match weighs more than any one field below it can give, as much as a summary match with a text full of
the words (2 + 4), a long title (of which the words are a small part) less, and a title match with a text about the
words more than either alone: it weighs more without being a wall. A short guide whose whole text is about the words
passes pages that merely have them in their summary (a summary weighs 2, the guide's text up to 4), and among pages
titled with the words, the short focused one (short title, dense text) comes first.

Words standing together count more. On PostgreSQL the text's frequency of a query of several words is the number
of covers (`ts_rank_cd`: the shortest stretches holding every word), each divided by one plus the number of other
words inside it: « analyse partagée » side by side counts 1, « l'analyse du territoire est partagée » ⅓. In a title
or a summary, a few words long, the words count wherever they stand: the frequency there is the number of
occurrences of the query's words divided by the number of words (« Fédération Wallonie-Bruxelles » in a title: 1,
although the hyphenated word stands between its parts). On the engines, a phrase clause (`PHRASE_SLOP`,
`PHRASE_BOOST`) adds to the fields' scores (search/backends.py).

Dates only break ties, newest first (undated entries, themes and pages, first, as in PostgreSQL's descending
order); `sort=date` orders by date alone. There is no inverse document frequency on PostgreSQL: every match holds
every word of the query (they must all match), so it would only weigh which word repeats; the engines apply theirs.
"""

import datetime

# Relative weights of the fields: title, summary and centre (PostgreSQL's weight B holds both), body, documents.
FIELD_WEIGHTS = {"title": 6.0, "summary": 2.0, "centre": 2.0, "body": 1.0, "documents_text": 0.5}
TEXT_WEIGHT = 4.0  # what the long text's contribution tends to as it repeats the words: two thirds of a title match
TEXT_HALF = 2.0  # the (normalised) frequency at which the long text gives half of TEXT_WEIGHT
# Reference lengths in bytes (a title of about six words, a summary of thirty, a text of about 500 words) and how
# much of the length normalisation applies (0: none, 1: proportional to the length). Constants rather than the
# site's averages, so that a page's score does not move with the rest of the site.
TITLE_BYTES, SUMMARY_BYTES, TEXT_BYTES = 40, 200, 3000
HEAD_LENGTH_B, TEXT_LENGTH_B = 0.3, 0.75
# Engines: the phrase clause (words at most PHRASE_SLOP positions apart, in order) and its weight.
PHRASE_SLOP = 2
PHRASE_BOOST = 2.0

# PostgreSQL's ts_rank_cd weights {D, C, B, A} reading one field of a vector at a time (weight 0: not read).
TITLE_ONLY = [0.0, 0.0, 0.0, 1.0]
HEAD_REST = [0.0, 0.0, 1.0, 0.0]  # summary and centre
TEXT_ONLY = [FIELD_WEIGHTS["documents_text"], FIELD_WEIGHTS["body"], 0.0, 0.0]  # body, documents at half


def length_factor(size, reference, b):
    """BM25's length normalisation: 1 for a field of the reference length, less when shorter, more when longer."""
    return 1 - b + b * (size or 0) / reference


def score(frequencies, sizes):
    """The relevance of an entry: `frequencies` and `sizes` (bytes) of its "title", "summary" (summary and centre)
    and "text" (body and documents' text, the documents' frequencies counted half)."""
    title = (frequencies["title"] or 0) / length_factor(sizes["title"], TITLE_BYTES, HEAD_LENGTH_B)
    summary = (frequencies["summary"] or 0) / length_factor(sizes["summary"], SUMMARY_BYTES, HEAD_LENGTH_B)
    text = (frequencies["text"] or 0) / length_factor(sizes["text"], TEXT_BYTES, TEXT_LENGTH_B)
    return FIELD_WEIGHTS["title"] * title + FIELD_WEIGHTS["summary"] * summary + TEXT_WEIGHT * text / (text + TEXT_HALF)


def order_key(entry_score, date, pk):
    """Sort key: best score first, then the newest (undated first, as PostgreSQL orders DESC), then the last made."""
    undated = date is None
    return (-round(entry_score, 9), not undated, -(date or datetime.date.min).toordinal(), -pk)
