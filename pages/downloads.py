"""What was downloaded: each document counts its downloads per day (pages/models/downloads.py), nothing personal.

A download is counted when Wagtail's serve view sends a document that the visitor may download (the
`before_serve_document` hook in pages/wagtail_hooks.py runs after the collection's restriction accepted the request,
before the redirect to S3): a GET from a browser, not a robot (by its user agent), and not the continuation of a
download already counted (a `Range` that does not start at the first byte). Editors read the counts in the admin
(« Téléchargements », pages/downloads_admin.py): per document and per dossier, day by day, and the ten most
downloaded on the dashboard.

Robots are recognised by a regular expression of the markers their user agents carry rather than a library: the
counts are an editor's indication, not an audit, and the markers below cover the crawlers, link checkers,
previewers and HTTP libraries seen in the logs of such sites.
"""

import datetime
import re
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from pages.models import DocumentDownloadDay, DossierPage, DossierPageDocument, PlatformDocument

ROBOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|whatsapp|telegram|discord|"
    r"monitor|uptime|pingdom|checker|validator|lighthouse|headless|phantomjs|selenium|puppeteer|playwright|"
    r"curl/|wget/|python-requests|python-urllib|aiohttp|httpx|go-http-client|java/|okhttp|libwww|axios|node-fetch|"
    r"scrapy|feedfetcher|ahrefs|semrush|mj12|yandex|baidu|bingpreview",
    re.IGNORECASE,
)
FIRST_BYTE_RANGE = re.compile(r"^\s*bytes\s*=\s*0\s*-")


def today():
    return timezone.localdate()


def is_counted(request):
    """Whether serving a document to `request` counts as a download."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or ROBOTS.search(agent):
        return False
    byte_range = request.headers.get("Range")
    return byte_range is None or bool(FIRST_BYTE_RANGE.match(byte_range))


def record_download(document, day=None):
    """One more download of `document` on `day` (today): an atomic increment, the day's row created if missing."""
    day = day or today()
    counters = DocumentDownloadDay.objects.filter(document_id=document.pk, day=day)
    if counters.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DocumentDownloadDay.objects.create(document_id=document.pk, day=day, count=1)
    except IntegrityError:  # created meanwhile by another request
        counters.update(count=F("count") + 1)


def most_downloaded(limit=10, since=None, user=None):
    """[(document, total, count since `since`)] of the most downloaded documents, the most first; with `user`, only
    the documents that user may edit (a restricted collection's are not every editor's)."""
    recent = Q(download_days__day__gte=since) if since else Q()
    documents = PlatformDocument.objects.all()
    if user is not None:
        documents = document_permissions().instances_user_has_permission_for(user, "change")
    rows = (
        documents.annotate(
            total=Coalesce(Sum("download_days__count"), 0),
            recent=Coalesce(Sum("download_days__count", filter=recent), 0),
        )
        .filter(total__gt=0)
        .select_related("collection")
        .order_by("-total", "title")[:limit]
    )
    return [(document, document.total, document.recent) for document in rows]


def dossiers_downloads(limit=50):
    """[(dossier, total)] of the dossiers whose documents were downloaded, the most first (a document attached to
    two dossiers counts for both)."""
    per_document = dict(
        DocumentDownloadDay.objects.values("document_id").annotate(n=Sum("count")).values_list("document_id", "n")
    )
    totals = defaultdict(int)
    attached = DossierPageDocument.objects.filter(document_id__in=per_document).values_list("page_id", "document_id")
    for page_id, document_id in attached:
        totals[page_id] += per_document[document_id]
    dossiers = DossierPage.objects.filter(pk__in=totals).only("title")
    ranked = sorted(((dossier, totals[dossier.pk]) for dossier in dossiers), key=lambda row: (-row[1], row[0].title))
    return ranked[:limit]


def daily_counts(documents, start, end):
    """[{date, downloads}] for every day from `start` to `end`: the downloads of `documents` (ids) added up."""
    counts = dict(
        DocumentDownloadDay.objects.filter(document_id__in=documents, day__range=(start, end))
        .values("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
    )
    days = (end - start).days + 1
    return [
        {"date": day, "downloads": counts.get(day, 0)}
        for day in (start + datetime.timedelta(days=offset) for offset in range(days))
    ]


def total_downloads(documents):
    return DocumentDownloadDay.objects.filter(document_id__in=documents).aggregate(n=Coalesce(Sum("count"), 0))["n"]


def dossier_document_ids(dossier):
    return list(dossier.documents.values_list("document_id", flat=True))


def document_permissions():
    """Wagtail's permission policy of documents (who may edit a document of which collection)."""
    return policy_registry.get_by_type(get_document_model())
