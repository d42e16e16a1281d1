"""The Ray tests' fixture: each test module starts and stops its own Ray (this module-scoped
fixture, or a cluster in the test); a module that leaves a Ray process behind fails."""

from __future__ import annotations

import os

import pytest
from ray_helpers import OBJECT_STORE, descendants, wait_gone


@pytest.fixture(scope="module")
def local_ray():
    """A Ray for this module's tests: 2 CPUs on 127.0.0.1, no dashboard, a small object store."""
    import ray

    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=OBJECT_STORE,
        _node_ip_address="127.0.0.1",
        log_to_driver=False,
        logging_level="ERROR",
    )
    started = descendants(os.getpid())
    try:
        yield ray
    finally:
        ray.shutdown()
        assert not wait_gone(started), "Ray processes left running"
