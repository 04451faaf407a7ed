"""Links that stay alive: every external link the live pages hold, checked, and what was found kept per URL.

- `collect_links()`: {URL: ids of the live pages holding it}: URL fields (a link entry's `link_url`, a resource's
  `external_url`), the links of rich text fields, and the URLs and rich text inside StreamField bodies; http(s)
  only, the site's own hosts left out.
- `check_url(url)`: a HEAD, then a GET when the HEAD fails or is refused (some servers answer HEAD with 403, 405 or
  nothing); redirects followed one by one (at most MAX_REDIRECTS) and recorded; a timeout per request.
- `check_links(urls)`: one request at a time per host, POLITENESS_DELAY seconds apart, several hosts at once, and
  a bounded total time (what is left unchecked keeps its last result).
- `run_check()`: all of it, stored in `LinkCheck` (the date of the first failure kept while a link stays broken,
  rows of URLs no page holds any more removed). `python manage.py check_links` and the tasks worker
  (pages/tasks.py) run it; the admin report « Liens à vérifier » and the dashboard read it.
"""

import re
import threading
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from pages.models import LinkCheck, LinkState

MAX_REDIRECTS = 5
HREF = re.compile(r"""href\s*=\s*["'](https?://[^"'\s<>]+)["']""", re.IGNORECASE)
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
USER_AGENT = "PlateformeEchangePartage-LinkChecker/1.0 (+verification des liens)"
# HEAD answers after which a GET is tried: refused, unknown, or an error some servers give only to HEAD.
RETRY_WITH_GET = {400, 403, 404, 405, 406, 429, 500, 501, 502, 503}


def setting(name, default):
    return getattr(settings, name, default)


# --- What the pages hold ---------------------------------------------------------------------------------------


def _strings(value):
    """Every string inside a StreamField's raw data (blocks, structs, lists)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, Sequence):  # lists, and Wagtail's RawDataView of a StreamValue
        for item in value:
            yield from _strings(item)


def urls_in_text(text):
    """The http(s) URLs a string holds: itself if it is one (a URL block), else the links of its HTML."""
    text = text.strip()
    if URL.match(text):
        return [text]
    return HREF.findall(text) if "href" in text else []


def _page_models():
    return [model for model in apps.get_app_config("pages").get_models() if issubclass(model, Page)]


def _link_fields(model):
    """(URL fields, rich text fields, StreamFields) that `model` itself declares (not Wagtail's own)."""
    own = [f for f in model._meta.get_fields() if getattr(f, "model", None) is model and f.concrete]
    url_fields = [f.name for f in own if isinstance(f, models.URLField)]
    rich = [f.name for f in own if isinstance(f, RichTextField)]
    streams = [f.name for f in own if isinstance(f, StreamField)]
    return url_fields, rich, streams


def own_hosts():
    return {site.hostname.lower() for site in Site.objects.all()} | {"localhost", "127.0.0.1"}


def collect_links():
    """{URL: sorted ids of the live pages holding it}, external http(s) links only."""
    found = defaultdict(set)
    hosts = own_hosts()
    for model in _page_models():
        url_fields, rich, streams = _link_fields(model)
        if not (url_fields or rich or streams):
            continue
        pages = model.objects.live().only("pk", *url_fields, *rich, *streams)
        for page in pages.iterator(chunk_size=200):
            urls = [getattr(page, name) for name in url_fields if getattr(page, name)]
            for name in rich:
                urls += urls_in_text(getattr(page, name) or "")
            for name in streams:
                for text in _strings(getattr(page, name).raw_data):
                    urls += urls_in_text(text)
            for url in urls:
                host = (urlsplit(url).hostname or "").lower()
                if host and host not in hosts:
                    found[url].add(page.pk)
    return {url: sorted(ids) for url, ids in found.items()}


# --- Checking ----------------------------------------------------------------------------------------------------


@dataclass
class Result:
    url: str
    state: str = LinkState.OK
    status_code: int | None = None
    final_url: str = ""
    redirects: list = field(default_factory=list)
    error: str = ""


def _request(session, method, url, timeout):
    response = session.request(method, url, allow_redirects=False, timeout=timeout, stream=True)
    response.close()  # the status and headers are enough: the body is never read
    return response


def _fetch(session, url, timeout):
    """(status, Location header) of `url`: HEAD, then GET when the HEAD fails or is refused."""
    try:
        response = _request(session, "HEAD", url, timeout)
        if response.status_code not in RETRY_WITH_GET:
            return response.status_code, response.headers.get("Location")
    except requests.RequestException:
        pass
    response = _request(session, "GET", url, timeout)
    return response.status_code, response.headers.get("Location")


def _error_text(error):
    if isinstance(error, requests.Timeout):
        return "Délai dépassé : le serveur n'a pas répondu à temps."
    if isinstance(error, requests.ConnectionError):
        return "Connexion impossible : le serveur est injoignable ou n'existe plus."
    return f"Erreur : {type(error).__name__}"[:255]


def check_url(url, session=None, timeout=None):
    """What `url` answers now (a `Result`)."""
    session = session or requests.Session()
    session.headers.setdefault("User-Agent", USER_AGENT)
    timeout = timeout or setting("LINK_CHECK_TIMEOUT", 10.0)
    result = Result(url)
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = _fetch(session, current, timeout)
            if 300 <= status < 400 and location:
                result.redirects.append([status, urljoin(current, location)])
                current = urljoin(current, location)
                continue
            result.status_code = status
            break
        else:
            result.state, result.error = LinkState.BROKEN, f"Trop de redirections (plus de {MAX_REDIRECTS})."
            return result
    except requests.RequestException as error:
        result.state, result.error = LinkState.BROKEN, _error_text(error)
        return result
    result.final_url = current if result.redirects else ""
    if result.status_code >= 400:
        result.state = LinkState.BROKEN
        result.error = f"Le serveur répond {result.status_code}."
    elif result.redirects:
        result.state = LinkState.REDIRECTED
    return result


def check_links(urls, *, delay=None, budget=None, timeout=None, workers=4, progress=None):
    """{URL: Result} of the URLs checked before the budget (seconds) ran out; one request at a time per host."""
    delay = setting("LINK_CHECK_DELAY", 1.0) if delay is None else delay
    budget = setting("LINK_CHECK_BUDGET", 1800.0) if budget is None else budget
    deadline = time.monotonic() + budget
    by_host = defaultdict(list)
    for url in urls:
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    results = {}
    lock = threading.Lock()

    def check_host(host_urls):
        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        for position, url in enumerate(host_urls):
            if time.monotonic() >= deadline:
                return
            if position:
                time.sleep(delay)  # politeness: the same host is never asked twice at once, nor in a burst
            result = check_url(url, session=session, timeout=timeout)
            with lock:
                results[url] = result
                if progress:
                    progress(result)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(by_host)))) as pool:
        list(pool.map(check_host, by_host.values()))
    return results


def store(results, links, now=None):
    """Keep `results` (the URLs checked) and the pages of every link; forget the URLs no page holds any more."""
    now = now or timezone.now()
    known = {check.url: check for check in LinkCheck.objects.filter(url__in=list(links))}
    for url, page_ids in links.items():
        check = known.get(url) or LinkCheck(url=url, checked_at=now)
        check.page_ids = page_ids
        result = results.get(url)
        if result is not None:
            check.state, check.status_code, check.error = result.state, result.status_code, result.error
            check.final_url, check.redirects, check.checked_at = result.final_url, result.redirects, now
            if result.state == LinkState.BROKEN:
                check.first_failure_at = check.first_failure_at or now
            else:
                check.first_failure_at = None
        elif check.pk is None:
            continue  # never checked yet (the budget ran out): nothing to say about it
        check.save()
    LinkCheck.objects.exclude(url__in=list(links)).delete()


def run_check(progress=None, **options):
    """Collect, check and store; returns {state: count} of the URLs checked."""
    links = collect_links()
    results = check_links(list(links), progress=progress, **options)
    store(results, links)
    counts = defaultdict(int)
    for result in results.values():
        counts[result.state] += 1
    return dict(counts), len(links)
