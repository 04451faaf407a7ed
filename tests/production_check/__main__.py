import sys

from tests.production_check.run import main

sys.exit(main())
