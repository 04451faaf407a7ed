"""`python -m tests.bench search|site [options]`: the benchmarks of docs/benchmarks.md (`make bench`).

Run from the project's directory, with DJANGO_SETTINGS_MODULE (cms.settings.dev by default); `--help` after the
benchmark's name lists its options.
"""

import os
import sys

import django

from tests.bench.commands import COMMANDS

PROG = "python -m tests.bench"


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.stderr.write(f"usage: {PROG} {{{'|'.join(COMMANDS)}}} [options]  (--help after the name)\n")
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    django.setup()
    COMMANDS[argv[1]]().run_from_argv([PROG, *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
