"""A RUNDIR the Ray workers do not see is refused in one line, before any work (its own Ray: the
refused driver joins it from another process)."""

from __future__ import annotations

import os
import subprocess
import sys

from ray_helpers import ROOT, SEEDS


def test_a_rundir_the_workers_do_not_see_is_refused_in_one_line(tmp_path, test_model_dir, local_ray):
    """The driver sees RUNDIR on a disk of its own (a tmpfs in a private mount namespace); the
    workers of the cluster it joins see another folder at that path."""
    private = tmp_path / "private"
    private.mkdir()
    address = local_ray.get_runtime_context().gcs_address
    script = (
        f'mount -t tmpfs tmpfs "{private}" && exec "$0" -m translator run "{SEEDS}" -o "{private}/out" '
        f'--executor ray --ray-address {address} --model "{test_model_dir}" --no-cache -q'
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script, sys.executable], capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "cannot use this folder" in result.stderr and "every node mounts" in result.stderr
    assert not list(private.iterdir())  # nothing reached the workers' side
