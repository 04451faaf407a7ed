"""Background tasks of the search, run by django-tasks (the immediate backend runs them at once by default)."""

import logging

from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import indexing
from search.extraction import ExtractionResult, Status, extract_text

logger = logging.getLogger(__name__)


def extract_and_store(document):
    """Extract the text of `document`'s file, store it and refresh the search entries of the pages attaching it.

    The text is written with a queryset update, which sends no `post_save`: storing it never asks for another
    extraction. A failed extraction stores an empty text (the previous one described another file, or none).
    """
    result = _extract(document)
    if result.status not in (Status.OK, Status.EMPTY):
        logger.warning("Text of document %s (%s): %s, %s", document.pk, document.title, result.status, result.reason)
    if result.text != document.text_content:
        type(document).objects.filter(pk=document.pk).update(text_content=result.text)
        document.text_content = result.text
        indexing.refresh_entries_for_document(document)
    return result


def _extract(document):
    if not document.file:
        return ExtractionResult("", Status.FAILED, "no file")
    filename = document.filename
    try:
        if document.is_stored_locally():
            return extract_text(document.file.path, filename=filename)
        with document.open_file() as file:  # remote storage: the extractor copies at most the size limit
            return extract_text(file, filename=filename)
    except Exception as exc:  # noqa: BLE001 - a missing file or an unreachable storage must not fail the task loudly
        return ExtractionResult("", Status.FAILED, f"{filename}: {type(exc).__name__}: {exc}")


@task()
def extract_document_text(document_id):
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:  # deleted before the task ran
        return {"status": "missing"}
    result = extract_and_store(document)
    return {"status": result.status.value, "reason": result.reason, "characters": len(result.text)}


# Search entries of many pages at once (a subtree unpublished, moved or made private, a centre renamed, a document
# renamed or moved between collections): queued, so that the editor's request does not wait for them.


@task()
def refresh_subtree(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        indexing.refresh_subtree(page)


@task()
def refresh_entries_for_centre(centre_id):
    from pages.models import CulturalCentre

    centre = CulturalCentre.objects.filter(pk=centre_id).first()
    if centre is not None:
        indexing.refresh_entries_for_centre(centre)


@task()
def refresh_entries_for_document(document_id):
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is not None:
        indexing.refresh_entries_for_document(document)
