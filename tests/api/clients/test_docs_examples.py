"""docs/api.md cannot rot: every example of the front-end developers' guide is run against a live server with every
content type (tests/api/content.py) — each Python block with the generated client, each address that curl reads
parsed by the generated client's model of its operation — and each TypeScript block is type-checked (strict) beside
the generated types. A renamed model, a vanished field or a refused filter fails here.

How the examples are found: tests/api/clients/docs_examples.py (and the guide's « Exemples par type de contenu »).
"""

import contextlib
import io
import json
import re
import traceback
from pathlib import Path

import pytest

from tests.api.clients.docs_examples import (
    DOCS_BASE_URL,
    curl_calls,
    examples,
    read_blocks,
    read_with_client,
    typescript_sources,
)
from tests.api.clients.generated import NO_TYPESCRIPT, NODE_BIN, TYPESCRIPT, generate_typescript_types, type_check
from tests.pages.upload_samples import pdf_bytes

# Each content type of the API and the write operations: curl, the Python client and the TypeScript types.
EXAMPLES = {
    "ressources",
    "dossiers",
    "liens",
    "rencontres",
    "thématiques",
    "images",
    "documents",
    "recherche",
    "autocomplétion",
    "contribution",
}
TSC_ERROR = re.compile(r"^(?P<file>[^(\s]+)\((?P<line>\d+),(?P<column>\d+)\): (?P<message>error .*)$", re.M)


@pytest.fixture(scope="module")
def blocks():
    return read_blocks()


def failures_report(failures):
    return "\n\n".join(f"{where}:\n{what}" for where, what in failures)


# --- The guide's structure (no server) -----------------------------------------------------------------------------


def test_each_content_type_has_its_three_examples(blocks):
    found = examples(blocks)
    assert set(found) >= EXAMPLES, f"examples missing from docs/api.md: {sorted(EXAMPLES - set(found))}"
    incomplete = {name: sorted(langs) for name, langs in found.items() if not {"sh", "python", "ts"} <= langs}
    assert not incomplete, f"each example needs a curl (sh), a python and a ts block: {incomplete}"


def test_the_extractor_finds_what_the_guide_shows(blocks):
    calls = curl_calls(blocks)
    assert len([block for block in blocks if block.lang == "python"]) >= len(EXAMPLES)
    assert len([block for block in blocks if block.lang == "ts"]) >= len(EXAMPLES)
    assert len(calls) >= 25
    urls = {call.url for call in calls}
    # A read in a shell substitution, an address without quotes; not a write, not a shell variable.
    assert f"{DOCS_BASE_URL}/api/v2/contributions/form/" in urls
    assert not any("$" in url or url.endswith("/api/v2/contributions/") for url in urls)
    assert {call.status for call in calls} == {200, 400}
    assert all(call.status == 400 for call in calls if "status=perdu" in call.url or "limit=500" in call.url)


# --- Against the live server ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_python_example_runs_with_the_generated_client(api, live_server, blocks, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "canevas.pdf").write_bytes(pdf_bytes())
    failures = []
    python = [block for block in blocks if block.lang == "python"]
    for block in python:
        code = block.code.replace(DOCS_BASE_URL, live_server.url)
        output = io.StringIO()
        try:
            with contextlib.redirect_stdout(output):
                exec(compile(code, str(block), "exec"), {"__name__": "docs_example"})  # noqa: S102 — the guide's code
        except Exception:  # noqa: BLE001 — every broken example is reported, not only the first
            failures.append((block, traceback.format_exc(limit=-3)))
        else:
            if not output.getvalue().strip():
                failures.append((block, "printed nothing: the example showed nothing of the API"))
    assert not failures, failures_report(failures)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_curl_address_reads_into_the_generated_models(api, plateforme_client, live_server, blocks):
    failures = []
    for call in curl_calls(blocks):
        url = call.url.replace(DOCS_BASE_URL, live_server.url)
        try:
            read_with_client(api, plateforme_client, url, call.status)
        except Exception as error:  # noqa: BLE001 — every broken address is reported, not only the first
            failures.append((call, f"{type(error).__name__}: {error}"[:1000]))
    assert not failures, failures_report(failures)


# --- TypeScript ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not (NODE_BIN / "tsc").exists(), reason=NO_TYPESCRIPT)
def test_every_typescript_example_type_checks(blocks, tmp_path):
    types = tmp_path / "api" / "schema.d.ts"
    types.parent.mkdir()
    result = generate_typescript_types(types)
    assert result.returncode == 0, f"openapi-typescript failed:\n{result.stdout}\n{result.stderr}"
    sources = typescript_sources(blocks, tmp_path)
    # The example front end's options (typescript/tsconfig.json), strict, but unused names are allowed in a snippet.
    options = json.loads(
        "\n".join(line for line in (TYPESCRIPT / "tsconfig.json").read_text().splitlines() if not line.startswith("//"))
    )["compilerOptions"]
    options.update(noUnusedLocals=False, noUnusedParameters=False, strict=True)
    (tmp_path / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "files": sorted(sources)}))

    result = type_check(tmp_path / "tsconfig.json")
    errors = [
        (block, f"docs/api.md line {block.line + int(match['line']) - 1}: {match['message']}")
        for match in TSC_ERROR.finditer(result.stdout)
        if (block := sources.get(Path(match["file"]).name))
    ]
    assert not errors, failures_report(errors)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
