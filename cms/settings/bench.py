"""The site benchmark's server (tests/bench/site.py): the production settings, plus the floor view's URL.

Only `python -m tests.bench site` (make bench-site) starts a server with these settings; no other configuration
routes /_bench/floor/.
"""

from .production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
