"""Settings read from the environment (cms/env.py): a value is what it says, even when it starts with `$`."""

import pytest
from django.core.management.utils import get_random_secret_key

from cms.env import Env
from tests.test_production import production_setting


@pytest.fixture
def environment(monkeypatch):
    def set_variables(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return Env(FLAG=(bool, False), HOSTS=(list, []))

    return set_variables


def test_a_value_starting_with_a_dollar_is_read_as_written_not_as_another_variable(environment):
    env = environment(SECRET_KEY="$q*eo+c&2!)u9^tpd6f=0szxt6", OTHER="leaked", REFERENCE="$OTHER")
    assert env("SECRET_KEY") == "$q*eo+c&2!)u9^tpd6f=0szxt6"
    assert env("REFERENCE") == "$OTHER"
    assert env.str("REFERENCE") == "$OTHER"


def test_dollars_and_backslashes_anywhere_in_a_value_are_kept(environment):
    written = r"a$b\$c\\$d$"
    env = environment(PASSWORD=written, HOSTS=r"$un.example,deux\$.example")
    assert env("PASSWORD") == written
    assert env("HOSTS") == ["$un.example", r"deux\$.example"]


def test_typed_values_defaults_and_missing_variables_work_as_before(environment, monkeypatch):
    env = environment(FLAG="true", DATABASE_URL="postgres://user:pa$$word@db:5432/plateforme")
    assert env("FLAG") is True
    assert env("ABSENT", default="$défaut") == "$défaut"
    assert env.db("DATABASE_URL")["PASSWORD"] == "pa$$word"
    monkeypatch.delenv("FLAG")
    assert env("FLAG") is False
    with pytest.raises(Exception, match="Set the NOWHERE environment variable"):
        env("NOWHERE")


def test_production_settings_take_a_generated_secret_key_starting_with_a_dollar():
    key = "$" + get_random_secret_key()[1:]
    assert production_setting("SECRET_KEY", SECRET_KEY=key) == key
