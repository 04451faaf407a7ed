"""Step 1: smoke, every page kind answers as it should."""

from urllib.parse import quote, urlsplit

from tests.production_check.context import describe, get, json_of, text_of
from tests.production_check.processes import SetupFailed

# --- 1. Smoke ---------------------------------------------------------------------------------------------------


def discover(run, port):
    """Resources, themes and pages of the seeded site, through the API."""
    site = run.site

    def listing(page_type, limit):
        response = get(port, f"/api/v2/pages/?type={page_type}&limit={limit}")
        if response.status != 200:
            raise SetupFailed(f"the API did not list {page_type}: {describe(response)}")
        return response.json()["items"]

    for item in listing("pages.ResourcePage", 4):
        site.resources.append((item["id"], urlsplit(item["meta"]["html_url"]).path, item["title"]))
    for item in listing("pages.ThemePage", 2):
        site.themes.append((item["id"], urlsplit(item["meta"]["html_url"]).path))
    for page_type in ("pages.DossierPage", "pages.DossierLibraryPage", "pages.ThemeIndexPage"):
        site.other_pages += [urlsplit(item["meta"]["html_url"]).path for item in listing(page_type, 1)]
    if not site.resources or not site.themes:
        raise SetupFailed("the seeded site has no resource or no theme")
    words = [word.strip(".,:;«»!?'’") for word in site.resource_title.split()]
    site.search_word = max(words, key=len)


def smoke(run, web):
    report, port = run.report, web.port
    report.step(f"1. Smoke: the production gunicorn on 127.0.0.1:{port}")
    report.info(" ".join(web.command))
    response = get(port, "/healthz/")
    report.check(response.status == 200 and json_of(response) == {"status": "ok"}, "/healthz/ 200", describe(response))
    response = get(port, "/readyz/")
    body = json_of(response) or {}
    report.check(
        response.status == 200 and body.get("status") == "ok", "/readyz/ 200, every dependency ok", describe(response)
    )
    if body.get("checks"):
        checks = ", ".join(f"{name} {check['status']}" for name, check in body["checks"].items())
        report.info(f"readyz checks: {checks}")
    discover(run, port)
    site = run.site
    response = get(port, "/")
    report.check(
        response.status == 200 and "Plateforme d'Échange et de Partage" in text_of(response),
        "home page 200",
        describe(response),
    )
    response = get(port, site.resource_path)
    report.check(
        response.status == 200 and site.resource_title in text_of(response),
        f"resource {site.resource_path} 200",
        describe(response),
    )
    response = get(port, f"/recherche/?q={quote(site.resource_title)}")
    report.check(
        response.status == 200 and site.resource_title in text_of(response),
        "search 200, finds the resource",
        describe(response),
    )
    response = get(port, "/api/v2/pages/?type=pages.ResourcePage")
    report.check(
        response.status == 200 and (json_of(response) or {}).get("meta", {}).get("total_count", 0) > 0,
        "API pages listing 200",
        describe(response),
    )
    response = get(port, f"/api/v2/pages/{site.resources[0][0]}/")
    report.check(response.status == 200, "API page detail 200", describe(response))
    response = get(port, "/api/v2/contributions/form/")
    report.check(
        response.status == 200 and bool((json_of(response) or {}).get("form_token")),
        "write API form 200",
        describe(response),
    )
    failing = []
    for url in site.reads():
        response = get(port, url)
        if response.status != 200:
            failing.append(f"{url}: {response.status}")
    report.check(not failing, f"every URL of the load run answers 200 ({len(site.reads())} URLs)", "; ".join(failing))
