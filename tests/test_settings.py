"""Settings are safe by default and read the environment once, typed.

Each configuration is imported in a fresh interpreter with a controlled environment, so that the
variables of the machine running the tests (or a developer's .env) cannot hide a bad default.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
database = module.DATABASES["default"]
print(json.dumps({
    "DEBUG": module.DEBUG,
    "SECRET_KEY": module.SECRET_KEY,
    "ALLOWED_HOSTS": module.ALLOWED_HOSTS,
    "LANGUAGE_CODE": module.LANGUAGE_CODE,
    "TIME_ZONE": module.TIME_ZONE,
    "USE_TZ": module.USE_TZ,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "PORT": database.get("PORT", ""),
    "USER": database.get("USER", ""),
}))
"""


def load_settings(module, **environ):
    """The values of a settings module imported with only `environ` (plus PATH) in the environment."""
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ}
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", PROBE, module],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result


def settings_of(module, **environ):
    result = load_settings(module, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_base_settings_without_environment_have_debug_off_and_no_secret_key():
    values = settings_of("cms.settings.base")
    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] is None
    assert values["ALLOWED_HOSTS"] == []


def test_base_settings_are_in_belgian_french_and_brussels_time():
    values = settings_of("cms.settings.base")
    assert values["LANGUAGE_CODE"] == "fr-be"
    assert values["TIME_ZONE"] == "Europe/Brussels"
    assert values["USE_TZ"] is True


def test_base_settings_default_to_the_embedded_sqlite_database():
    values = settings_of("cms.settings.base")
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(BASE_DIR / "db.sqlite3")


def test_database_url_selects_postgresql():
    values = settings_of("cms.settings.base", DATABASE_URL="postgres://astrac@db.example:5433/plateforme")
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["NAME"], values["HOST"], values["PORT"], values["USER"]) == (
        "plateforme",
        "db.example",
        5433,
        "astrac",
    )


def test_environment_values_are_typed():
    values = settings_of("cms.settings.base", DEBUG="false", ALLOWED_HOSTS="plateforme.astrac.be,astrac.be")
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["plateforme.astrac.be", "astrac.be"]
    assert settings_of("cms.settings.base", DEBUG="true")["DEBUG"] is True


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = load_settings("cms.settings.production", ALLOWED_HOSTS="plateforme.astrac.be")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_keep_debug_off_whatever_the_environment():
    values = settings_of(
        "cms.settings.production", SECRET_KEY="k" * 50, ALLOWED_HOSTS="plateforme.astrac.be", DEBUG="true"
    )
    assert values["DEBUG"] is False


def test_dev_settings_work_out_of_the_box():
    values = settings_of("cms.settings.dev")
    assert values["DEBUG"] is True
    assert values["SECRET_KEY"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("DEBUG", False), ("LANGUAGE_CODE", "fr-be"), ("TIME_ZONE", "Europe/Brussels")],
)
def test_the_test_run_uses_the_shared_defaults(name, expected):
    assert getattr(settings, name) == expected


def test_test_settings_use_a_fast_hasher_and_a_local_cache():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
