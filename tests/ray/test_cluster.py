"""A simulated cluster on this machine: a head and two worker nodes of 1 CPU each
(`ray.cluster_utils.Cluster`, all on 127.0.0.1); one worker node is removed mid-run and the run
still ends with every article written and identical to a clean local run."""

from __future__ import annotations

import threading
import time

from ray_helpers import OBJECT_STORE, files, seed_inputs, settings

from translator.run import run_batch

COPIES = 10


def test_a_worker_node_removed_mid_run_loses_nothing(tmp_path, test_model_dir):
    from ray.cluster_utils import Cluster

    inputs = seed_inputs(tmp_path / "in", COPIES)
    local = run_batch([str(inputs)], tmp_path / "local" / "out", settings(test_model_dir, "local", model__cache=False))
    assert local.ok == 4 * COPIES
    node = {"node_ip_address": "127.0.0.1", "object_store_memory": OBJECT_STORE}
    cluster = Cluster(initialize_head=True, head_node_args={**node, "num_cpus": 0, "include_dashboard": False})
    try:
        workers = [cluster.add_node(num_cpus=1, **node) for _ in range(2)]
        cluster.wait_for_nodes()
        rundir = tmp_path / "ray" / "out"
        removed: list[int] = []

        def remove_a_node() -> None:
            deadline = time.monotonic() + 300
            while not list(rundir.glob("*.en.md")) and time.monotonic() < deadline:
                time.sleep(0.05)
            removed.append(len(list(rundir.glob("*.en.md"))))
            cluster.remove_node(workers[0], allow_graceful=False)

        watcher = threading.Thread(target=remove_a_node, daemon=True)
        watcher.start()
        given = settings(test_model_dir, "ray", model__cache=False, run__workers=0, run__ray_address=cluster.address)
        summary = run_batch([str(inputs)], rundir, given)
        watcher.join(timeout=30)
    finally:
        cluster.shutdown()
    assert removed and removed[0] < 4 * COPIES, "the run had finished before the node was removed"
    assert (summary.ok, summary.failed) == (4 * COPIES, 0), summary.failures
    assert files(rundir) == files(tmp_path / "local" / "out")
