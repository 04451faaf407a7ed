"""The examples of docs/api.md, as the tests read them (test_docs_examples.py).

Conventions of the guide (stated in its « Exemples par type de contenu »):

- a code block is a fenced block (```sh, ```python, ```ts…); the block's name, in the tests' messages, is the
  last `<!-- exemple : nom -->` comment before it under the same heading, or else that heading;
- every ```python block is run with the generated client, `http://127.0.0.1:8000` replaced by the live server's
  address, in a folder that holds `canevas.pdf` (the file the contribution example sends);
- every ```ts block is checked by tsc beside the generated types (`./api/schema`);
- every `http://127.0.0.1:8000/…` address that curl calls in a ```sh block is read, except in a command that
  writes (`-X`, `-d`, `-F`) and an address holding a shell variable (`$ID`). It must answer 200 unless its line
  ends with the expected status as a comment (`# 400`); a redirection is followed, to the same path on the live
  server (the API builds its addresses on the Site's hostname).
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

DOCS = Path(settings.BASE_DIR) / "docs" / "api.md"
DOCS_BASE_URL = "http://127.0.0.1:8000"

FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<code>.*?)^```[ \t]*$", re.M | re.S)
MARKER = re.compile(r"^<!--\s*exemple\s*:\s*(?P<name>.+?)\s*-->[ \t]*$", re.M)
HEADING = re.compile(r"^#{1,4} (?P<title>.+)$", re.M)
CURL = re.compile(r"\bcurl\b")
DOCS_URL = re.compile(re.escape(DOCS_BASE_URL) + r"/[^\s\"'|)]*")
WRITES = re.compile(r"\s-(X|d|F)\s")
EXPECTED_STATUS = re.compile(r"\s#\s*(?P<status>[1-5]\d\d)\b")


@dataclass(frozen=True)
class Block:
    lang: str
    code: str
    line: int  # the line of docs/api.md where the code starts (after the fence)
    name: str

    def __str__(self):
        return f"docs/api.md:{self.line} « {self.name} » ({self.lang})"


@dataclass(frozen=True)
class CurlCall:
    url: str
    status: int
    block: Block

    def __str__(self):
        return f"{self.block}: {self.url}"


def read_blocks(text=None):
    """Every fenced code block of docs/api.md, in order, with its name."""
    text = DOCS.read_text(encoding="utf-8") if text is None else text
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()]
        headings = [heading for heading in HEADING.finditer(before) if not _inside_fence(before, heading.start())]
        heading = headings[-1] if headings else None
        markers = [marker for marker in MARKER.finditer(before) if not heading or marker.start() > heading.start()]
        name = markers[-1]["name"] if markers else (heading["title"] if heading else "début")
        line = text.count("\n", 0, match.start("code")) + 1
        blocks.append(Block(match["lang"], match["code"], line, name))
    return blocks


def _inside_fence(text, position):
    return text.count("\n```", 0, position) % 2 == 1


def examples(blocks):
    """The names of the marked examples, each with the languages of its blocks: {name: {"sh", "python", "ts"}}."""
    found = {}
    for block in blocks:
        found.setdefault(block.name, set()).add(block.lang)
    text = DOCS.read_text(encoding="utf-8")
    return {marker["name"]: found.get(marker["name"], set()) for marker in MARKER.finditer(text)}


def curl_calls(blocks):
    """Every address read by curl in the ```sh blocks (see the module's docstring), with its expected status."""
    calls = []
    for block in blocks:
        if block.lang != "sh":
            continue
        for line in block.code.replace("\\\n", " ").splitlines():
            if line.lstrip().startswith("#") or not CURL.search(line) or WRITES.search(line):
                continue
            status = EXPECTED_STATUS.search(line)
            for segment in CURL.split(line)[1:]:
                url = DOCS_URL.search(segment)
                if url and "$" not in url[0]:
                    calls.append(CurlCall(url[0], int(status["status"]) if status else 200, block))
    return calls


# The operation of each path of the API, and the model of its 200 answer (None: any page model, by meta.type).
OPERATIONS = {
    r"/api/v2/pages/": ("pages.list_pages", "PageList"),
    r"/api/v2/pages/find/": ("pages.find_page", None),
    r"/api/v2/pages/\d+/": ("pages.get_page", None),
    r"/api/v2/images/": ("images.list_images", "ImageList"),
    r"/api/v2/images/\d+/": ("images.get_image", "ImageItem"),
    r"/api/v2/documents/": ("documents.list_documents", "DocumentList"),
    r"/api/v2/documents/\d+/": ("documents.get_document", "DocumentItem"),
    r"/api/v2/search/": ("search.search", "SearchResults"),
    r"/api/v2/search/autocomplete/": ("search.autocomplete", "Autocomplete"),
    r"/api/v2/contributions/form/": ("contributions.describe_contribution_form", "ContributionFormDescription"),
    r"/api/v2/dossiers/\d+/requests/form/": (
        "dossier_requests.describe_dossier_request_form",
        "DossierRequestFormDescription",
    ),
    r"/api/v2/preview/": ("preview.get_headless_preview", "PagePreview"),
}


def operation(package, url):
    """The generated module of the operation that serves `url`, and the model of its 200 answer (or None)."""
    path = urlsplit(url).path
    for pattern, (module, model) in OPERATIONS.items():
        if re.fullmatch(pattern, path):
            tag, name = module.split(".")
            return getattr(getattr(package.api, tag), name), model and getattr(package.models, model)
    raise AssertionError(f"no operation of the contract serves {path} (tests/api/clients/docs_examples.py)")


def read_with_client(api, package, url, status):
    """GETs `url` on the live server and parses the answer with its operation's generated parser: the status must be
    `status` (redirections followed), a 200 parses into its model and gives back the JSON sent (`to_dict()`), any
    other answer into the error model the contract documents. Returns the parsed answer."""
    http = api.get_httpx_client()
    response = http.get(url)
    for _ in range(3):
        if not response.is_redirect or response.status_code == status:
            break
        module, _model = operation(package, url)
        module._parse_response(client=api, response=response)  # raises on a status the contract does not document
        # The API's addresses are built on the Site's hostname, not the live server's: the same path, on it.
        location = urlsplit(response.headers["location"])
        url = urlunsplit(urlsplit(url)._replace(path=location.path, query=location.query))
        response = http.get(url)
    assert response.status_code == status, f"{response.status_code} instead of {status}: {response.content[:300]!r}"
    module, model = operation(package, url)
    parsed = module._parse_response(client=api, response=response)
    if status != 200:
        assert parsed is not None, f"the contract documents no body for this {status}"
        return parsed
    data = response.json()
    if model is None:
        model = getattr(package.models, data["meta"]["type"].split(".", 1)[1])
    assert isinstance(parsed, model), f"parsed as {type(parsed).__name__}, not {model.__name__}"
    assert parsed.to_dict() == data, "the model does not give back the JSON the API sent"
    return parsed


def typescript_sources(blocks, folder):
    """Writes each ```ts block into `folder` as its own module (NN-name.ts): {file name: block}."""
    sources = {}
    for number, block in enumerate((block for block in blocks if block.lang == "ts"), 1):
        slug = re.sub(r"[^a-z0-9]+", "-", block.name.lower()).strip("-") or "exemple"
        file_name = f"{number:02d}-{slug}.ts"
        (Path(folder) / file_name).write_text(block.code, encoding="utf-8")
        sources[file_name] = block
    return sources
