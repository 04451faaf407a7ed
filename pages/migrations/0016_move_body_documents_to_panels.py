"""One way to attach documents: the page's « Documents joints » panel. The documents of the bodies' « Documents »
blocks move into their page's panel (after those it already lists, each once) and the blocks leave the body: in
the pages' current content and in their latest revision (a draft in progress, or the published one), so that
publishing it later does not bring them back. Older revisions keep their blocks: Wagtail skips a block type its
StreamField no longer knows (0017 removes it) when it loads them.

Reversing adds no block back; the documents stay in the panels.
"""

import json

from django.db import migrations

BLOCK = "documents"
# (page model, its inline of documents): the page types whose body offered the block.
PAGE_TYPES = (
    ("resourcepage", "resourcepagedocument"),
    ("standardpage", "standardpagedocument"),
    ("themepage", "themepagedocument"),
    ("workshopreportpage", "workshopdocument"),
)


def _items(raw):
    """A StreamField's raw blocks, from the database's JSON or a revision's (a string there)."""
    if isinstance(raw, str):
        raw = json.loads(raw) if raw else []
    return list(raw or [])


def _document_ids(value):
    """The document ids of a « Documents » block's raw value (a ListBlock: plain ids, or items with an id)."""
    ids = []
    for item in (value or {}).get("documents") or []:
        document_id = item.get("value") if isinstance(item, dict) else item
        if isinstance(document_id, int) or (isinstance(document_id, str) and document_id.isdigit()):
            ids.append(int(document_id))
    return ids


def split_body(raw):
    """(the body's blocks without the « Documents » ones, the ids of their documents in order, each once)."""
    kept, ids = [], []
    for block in _items(raw):
        if block.get("type") == BLOCK:
            ids.extend(i for i in _document_ids(block.get("value")) if i not in ids)
        else:
            kept.append(block)
    return kept, ids


def move_documents(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    Document = apps.get_model("pages", "PlatformDocument")
    existing_documents = set(Document.objects.values_list("pk", flat=True))
    for page_model, inline_model in PAGE_TYPES:
        Page = apps.get_model("pages", page_model)
        Inline = apps.get_model("pages", inline_model)
        for page in Page.objects.order_by("pk").iterator():
            _move_in_page(page, Inline, existing_documents)
            if page.latest_revision_id:
                _move_in_revision(page, Inline, Revision, existing_documents)


def _move_in_page(page, Inline, existing_documents):
    raw = _raw_body(page)
    kept, ids = split_body(raw)
    if len(kept) == len(raw):
        return
    # The panel's rows as visitors see them (rows made outside the editor have no order: numbered as they are
    # listed), then the body's documents after them.
    rows = list(Inline.objects.filter(page=page).order_by("sort_order", "pk"))
    for position, row in enumerate(rows):
        if row.sort_order != position:
            row.sort_order = position
            row.save(update_fields=["sort_order"])
    attached = {row.document_id for row in rows}
    order = len(rows)
    for document_id in ids:
        if document_id in attached or document_id not in existing_documents:
            continue
        Inline.objects.create(page=page, document_id=document_id, sort_order=order)
        attached.add(document_id)
        order += 1
    type(page).objects.filter(pk=page.pk).update(body=kept)


def _raw_body(page):
    body = page.body
    raw = getattr(body, "raw_data", body)
    return [dict(item) for item in raw] if raw is not None else []


def _move_in_revision(page, Inline, Revision, existing_documents):
    revision = Revision.objects.filter(pk=page.latest_revision_id).first()
    if revision is None or not isinstance(revision.content, dict):
        return
    content = revision.content
    kept, ids = split_body(content.get("body"))
    if not ids and len(kept) == len(_items(content.get("body"))):
        return
    rows = list(content.get("documents") or [])
    live = dict(Inline.objects.filter(page=page).values_list("document_id", "pk"))
    attached = {row.get("document") for row in rows}
    order = max((row.get("sort_order") or 0 for row in rows), default=-1) + 1
    for document_id in ids:
        if document_id in attached or document_id not in existing_documents:
            continue
        rows.append({"pk": live.get(document_id), "page": page.pk, "document": document_id, "sort_order": order})
        attached.add(document_id)
        order += 1
    content["body"] = json.dumps(kept) if isinstance(content.get("body"), str) else kept
    content["documents"] = rows
    revision.content = content
    revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0015_documents_panels"),
    ]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop)]
