"""Search test fixtures: the engines started for the session are stopped at its end."""

import pytest

from tests.search.engines import ENGINES


@pytest.fixture(autouse=True, scope="session")
def _stop_search_engines():
    """osmem-server and the Elasticsearch compatibility shim start on first use (tests/search/engines.py);
    nothing of them outlives the test session."""
    yield
    ENGINES.stop_all()
