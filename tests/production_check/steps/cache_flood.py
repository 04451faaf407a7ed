"""Step 5: cache flood, junk URLs never fill the page cache."""

import concurrent.futures
import time
from collections import Counter

from tests.production_check import load
from tests.production_check.context import MIN_FILL_SECONDS, RATE_PERIOD, describe, get
from tests.production_check.processes import PrivateRedis
from tests.production_check.submissions import is_french_429, prepare_all, submit

# --- 5. Cache flood ---------------------------------------------------------------------------------------------

FLOOD_REQUESTS = 240


def canonical_urls(site):
    """URLs whose answers the page cache keeps: pages, a listing with its (blank) filter, the API, a feed."""
    theme = site.themes[0][1]
    return [
        "/",
        site.resource_path,
        theme,
        f"{theme}?type=",
        "/api/v2/pages/?type=pages.ResourcePage&limit=20",
        f"/api/v2/pages/{site.resources[0][0]}/",
        "/flux/rss/",
        "/sitemap.xml",
    ]


def junk_requests(site, count):
    """`count` (path, headers) that a client can vary without end: none of them may add an entry to the cache."""
    first_id, theme = site.resources[0][0], site.themes[0][1]
    makers = [
        lambda n: (f"/?junk={n}", {}),
        lambda n: (f"{site.resource_path}?utm_source=lettre-{n}", {}),
        lambda n: (f"{theme}?page={n + 1000}", {}),  # past the last page: the last page is shown, not stored
        lambda n: (f"{theme}?type=inconnu-{n}", {}),  # a value the filter form refuses
        lambda n: (f"/flux/rss/?v={n}", {}),
        lambda n: (f"/sitemap.xml?{n}", {}),
        lambda n: (f"/api/v2/pages/?_={n}", {}),  # Wagtail's cache-buster
        lambda n: (f"/api/v2/pages/?type=pages.ResourcePage&offset={n * 20 + 3}", {}),  # not a page's start
        lambda n: (f"/api/v2/pages/{first_id}/?v={n}", {}),
        lambda n: (f"/api/v2/pages/?junk={n}", {}),  # the API's French 400
        lambda n: (f"/api/v2/pages/?search=mot{n}", {}),
        lambda n: (f"/api/v2/pages/{first_id}/", {"Accept": f"application/json, text/x-variante-{n}"}),
    ]
    return [makers[number % len(makers)](number // len(makers)) for number in range(count)]


def page_cache_keys(redis_server):
    return sum(1 for _key in redis_server.client().scan_iter(match="*pagecache*", count=1000))


def make_full(client):
    """A noeviction Redis past its maxmemory: 1 MB of filler, then a maxmemory 256 KB below what it uses.

    (Filling up to the limit leaves it a few bytes under or over at random: a refused big write frees its buffer.)
    """
    for number in range(10):
        client.set(f"filler:{number}", b"x" * 100_000)
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 256 * 1024)


def cache_flood(run, port):
    """Junk query strings on pages and the API add no entry to the page cache; with its Redis full (evicting), the
    site answers and caches again; the rate limit counts apart and, its own Redis full, refuses."""
    report, site = run.report, run.site
    report.step("5. Cache flood: junk query strings, then both Redis servers full (private redis-servers)")
    directory = run.workdir / "redis"
    pages = PrivateRedis("pages", directory, "--maxmemory", "16mb", "--maxmemory-policy", "allkeys-lru")
    counts = PrivateRedis("ratelimit", directory, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction")
    run.servers += [pages, counts]
    pages.start()
    counts.start()
    report.info("REDIS_URL: 16 MB, allkeys-lru (compose.yaml's 256 MB); RATELIMIT_REDIS_URL: 4 MB, noeviction")
    web = run.server("flood", port, REDIS_URL=pages.url, RATELIMIT_REDIS_URL=counts.url, CONTRIBUTION_RATE_LIMIT="2/h")
    try:
        web.start()
        marker = f"{run.marker}-flood"
        candidates = [f"127.0.0.{number}" for number in range(200, 255)]
        quiet = load.quiet_addresses(candidates, RATE_PERIOD, time.time(), margin=600)
        plan = [
            load.PlannedSubmission(number, 0, quiet[number // 3], "api", f"Contrôle de production {marker} n°{number}")
            for number in range(4)  # three from one address (the limit is 2), one from another
        ]
        prepared = prepare_all(port, plan)  # their minimum filling time runs during the flood…
        prepared_at = time.monotonic()

        urls = canonical_urls(site)
        for url in urls:
            get(port, url)
        missed = [url for url in urls if get(port, url).header("x-page-cache") != "HIT"]
        report.check(not missed, f"{len(urls)} canonical URLs served from the cache", missed)
        before, memory = page_cache_keys(pages), pages.client().info("memory")["used_memory"]

        junk = junk_requests(site, FLOOD_REQUESTS)
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda item: get(port, item[0], headers=item[1], timeout=30), junk))
        statuses = Counter(answer.status for answer in answers)
        bad = [
            f"{path}: {answer.status}" for (path, _h), answer in zip(junk, answers, strict=True) if answer.status >= 500
        ]
        stored = [
            path for (path, _h), answer in zip(junk, answers, strict=True) if answer.header("x-page-cache") == "HIT"
        ]
        report.check(
            not bad and statuses[200] > 0,
            f"{len(junk)} junk query strings (pages, listings, feeds, API, Accept headers) answered",
            "; ".join(bad[:5]) or dict(statuses),
        )
        after = page_cache_keys(pages)
        grown = pages.client().info("memory")["used_memory"] - memory
        report.check(
            after == before and not stored,
            f"the page cache did not grow with them: {before} keys before, {after} after "
            f"(memory {grown / 1024:+.0f} KB)",
            stored[:5],
        )
        missed = [url for url in urls if get(port, url).header("x-page-cache") != "HIT"]
        report.check(not missed, "the canonical URLs are still served from the cache", missed)

        # The page cache's Redis full: an evicting Redis never refuses, the site answers and caches again.
        client = pages.client()
        for number in range(40):
            client.set(f"filler:{number}", b"x" * 1_000_000)
        evicted = client.info("stats")["evicted_keys"]
        answers = [get(port, url) for url in urls for _twice in range(2)]
        report.check(
            evicted > 0
            and all(answer.status == 200 for answer in answers)
            and answers[-1].header("x-page-cache") == "HIT",
            f"the page cache's Redis filled with 40 MB ({evicted} keys evicted): pages answer 200, cached again",
            [describe(answer) for answer in answers if answer.status != 200][:3],
        )
        # …which a quiet machine floods in less than that time: the rest of it is waited for, as a person would.
        time.sleep(max(0.0, prepared_at + MIN_FILL_SECONDS - time.monotonic()))
        responses = [submit(port, item, marker) for item in prepared[:3]]
        report.check(
            [response.status for response in responses[:2]] == [201, 201] and is_french_429(responses[2], "api"),
            "with the page cache full, the contribution rate limit still counts: 2 accepted, the 3rd refused (429)",
            [describe(response) for response in responses],
        )

        # The counts' Redis full (noeviction): the limit cannot count, and refuses rather than lets through.
        make_full(counts.client())
        response = submit(port, prepared[3], marker)
        report.check(
            is_french_429(response, "api"),
            "with the rate limit's Redis full, a contribution from a new address is refused (French 429), "
            "not let through",
            describe(response),
        )
        stored = run.stored_titles(f"%{marker}%")
        report.check(
            sorted(stored) == sorted(item.planned.title for item in prepared[:2]),
            "only the 2 accepted contributions were stored",
            stored,
        )
        response = get(port, site.resource_path)
        report.check(response.status == 200, "the site still answers", describe(response))
    finally:
        web.stop()
        pages.stop()
        counts.stop()
