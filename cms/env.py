"""Settings read from the environment: django-environ, each value taken as it is written.

django-environ reads a value that starts with `$` as the name of another variable (`A=$B` gives B's value), always:
a secret key made by Django's `get_random_secret_key()` starts with `$` once in fifty, and the settings then failed
with « Set the <the rest of the key> environment variable », printing the secret (django-environ issues #98, #284,
#415: its `interpolate=False` is documented, not implemented; its `escape_proxy` asks every such value to be written
`\\$…`). This platform never refers to one variable from another, so `Env` reads every value as written.
"""

import os
from collections.abc import Mapping

import environ


class _Verbatim(str):
    """A value that starts with `$`, shown to django-environ so that its check for a reference (`startswith("$")`)
    says no; everything else it does with the value (splitting, parsing) is plain `str`."""

    def startswith(self, prefix, *args):
        return False if prefix == "$" else super().startswith(prefix, *args)


class _Environment(Mapping):
    """`os.environ` as django-environ reads it: a value starting with `$` as `_Verbatim`."""

    def __getitem__(self, name):
        value = os.environ[name]
        return _Verbatim(value) if value.startswith("$") else value

    def __iter__(self):
        return iter(os.environ)

    def __len__(self):
        return len(os.environ)


class Env(environ.Env):
    """`environ.Env` whose values are never read as references to other variables (see the module's docstring)."""

    ENVIRON = _Environment()

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        if type(default) is str and default.startswith("$"):  # a default too (django-environ looped on it)
            default = _Verbatim(default)
        value = super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        return str(value) if type(value) is _Verbatim else value
