"""The TypeScript types generated from docs/openapi.json (openapi-typescript), checked by tsc on a small typed example
front end (typescript/example.ts, strict), and proved strict: tsc refuses each mistake of typescript/misuse.ts.

openapi-typescript and typescript come from package.json (`make install-dev` runs `npm ci`)."""

import re

import pytest

from tests.api.clients.generated import NO_TYPESCRIPT, NODE_BIN, TYPESCRIPT, generate_typescript_types, type_check

pytestmark = pytest.mark.skipif(not (NODE_BIN / "tsc").exists(), reason=NO_TYPESCRIPT)

MUST_REFUSE = "tsc must refuse"
TSC_ERROR = re.compile(r"^(?P<file>[^(\s]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+): ", re.M)


@pytest.fixture(scope="module")
def typescript_types():
    result = generate_typescript_types()
    assert result.returncode == 0, f"openapi-typescript failed:\n{result.stdout}\n{result.stderr}"
    return TYPESCRIPT / "schema.d.ts"


def output(result):
    return f"{result.stdout}\n{result.stderr}".strip()


def test_the_example_front_end_type_checks(typescript_types):
    schema = typescript_types.read_text(encoding="utf-8")
    assert '"pages.DossierPage"' in schema and 'type: "heading"' in schema
    result = type_check(TYPESCRIPT / "tsconfig.json")
    assert result.returncode == 0, f"tsc refuses the example front end:\n{output(result)}"


def test_tsc_refuses_each_misuse_of_the_types(typescript_types):
    source = (TYPESCRIPT / "misuse.ts").read_text(encoding="utf-8").splitlines()
    expected = {
        number
        for number, line in enumerate(source, 1)
        if not line.lstrip().startswith("//") and line.rstrip().endswith(f"// {MUST_REFUSE}")
    }
    assert len(expected) >= 5

    result = type_check(TYPESCRIPT / "tsconfig.misuse.json")
    assert result.returncode != 0, "tsc accepted misuse.ts: the generated types are not strict"
    errors = [match for match in TSC_ERROR.finditer(result.stdout) if match["file"].endswith("misuse.ts")]
    assert errors, f"tsc failed without an error in misuse.ts:\n{output(result)}"
    assert {int(match["line"]) for match in errors} == expected, output(result)
