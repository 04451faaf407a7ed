"""The API's clients generated from the committed contract (docs/openapi.json), as a front-end developer generates
them: the Python client of openapi-python-client, the TypeScript types of openapi-typescript checked by tsc.

A warning of the generator (a construct of the schema it does not support) is a failure: fix the schema's
generation (pages/api/openapi.py, docs/openapi*.yaml), not the tests.
"""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from pages.api.schema import GENERATED_SCHEMA

HERE = Path(__file__).parent
PYTHON_CLIENT_CONFIG = HERE / "python-client.yaml"
PYTHON_PACKAGE = "plateforme_client"
TYPESCRIPT = HERE / "typescript"
NODE_BIN = Path(settings.BASE_DIR) / "node_modules" / ".bin"
NO_TYPESCRIPT = f"{NODE_BIN / 'tsc'} is missing: `make install-dev` installs openapi-typescript and typescript (npm ci)"
GENERATION_TIMEOUT = 120


def run(command):
    """Runs `command` (a list of strings or paths): its CompletedProcess, output captured as text."""
    return subprocess.run(  # noqa: S603 — the suite's own commands
        [str(part) for part in command], capture_output=True, text=True, timeout=GENERATION_TIMEOUT, check=False
    )


def generate_python_client(destination):
    """Generates the Python client into `destination`/plateforme_client, imports it and every module of it."""
    destination = Path(destination)
    result = run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            GENERATED_SCHEMA,
            "--output-path",
            destination / PYTHON_PACKAGE,
            "--meta",
            "none",
            "--config",
            PYTHON_CLIENT_CONFIG,
            "--fail-on-warning",
        ]
    )
    assert result.returncode == 0, f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}"
    sys.path.insert(0, str(destination))
    package = importlib.import_module(PYTHON_PACKAGE)
    for module in pkgutil.walk_packages(package.__path__, f"{PYTHON_PACKAGE}."):
        importlib.import_module(module.name)
    return package


def forget_python_client(destination):
    """Takes the generated package out of sys.path and sys.modules."""
    if str(destination) in sys.path:
        sys.path.remove(str(destination))
    for name in [name for name in sys.modules if name == PYTHON_PACKAGE or name.startswith(f"{PYTHON_PACKAGE}.")]:
        del sys.modules[name]


def generate_typescript_types(output=TYPESCRIPT / "schema.d.ts"):
    """openapi-typescript: docs/openapi.json -> `output` (git-ignored), the types the example front end imports."""
    return run([NODE_BIN / "openapi-typescript", GENERATED_SCHEMA, "--output", output])


def type_check(project):
    """tsc --noEmit on a TypeScript project (a tsconfig.json, or a folder holding one)."""
    return run([NODE_BIN / "tsc", "--noEmit", "--pretty", "false", "-p", project])
