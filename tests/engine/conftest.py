"""Engine tests run with networking blocked: the engine must never need the internet."""

import pytest


@pytest.fixture(autouse=True)
def _offline(no_network):
    """Every engine test runs as on a machine without internet."""
