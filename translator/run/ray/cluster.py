"""Ray itself: started on this machine or joined, the resources each operator asks for, and the
check that every node sees and can write RUNDIR (outputs are written by the workers)."""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translator.errors import TranslatorError

INSTALL = "--executor ray needs Ray, an optional extra: pip install 'translator[ray]' (or pip install 'ray[data]')"
OBJECT_STORE_BYTES = 256 * 2**20  # a local Ray's shared memory: articles in flight are small
QUIET = {
    "RAY_USAGE_STATS_ENABLED": "0",  # Ray never reports usage: a run reaches no network of its own accord
    "RAY_DATA_LOG_LEVEL": "ERROR",  # Ray Data's per-dataset lines would interleave with our progress
}


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def require_ray(address: str | None = None) -> Any:
    """The `ray` module, or the one line saying what to install. Set before Ray loads: no usage
    reports, quiet logs, and for a Ray on this machine (no address, or a loopback one) loopback
    only, so Ray never looks up an outward address."""
    for name, value in QUIET.items():
        os.environ.setdefault(name, value)
    host = (address or "").removeprefix("ray://").rsplit(":", 1)[0]
    if address is None or host in LOOPBACK:
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # Ray's single-machine switch
    try:
        import ray
        import ray.data  # the [data] part of the extra
    except ImportError as error:
        if (error.name or "").split(".")[0] in ("ray", "pyarrow", "pandas"):
            raise TranslatorError(INSTALL) from None
        raise
    return ray


def connect(address: str | None, cpus: int) -> bool:
    """Join the cluster at `address`, or start a local Ray with `cpus` CPUs on 127.0.0.1 (no
    dashboard, a small object store). Returns whether this process started Ray (and must stop it);
    a Ray the caller already started is used as it is."""
    ray = require_ray(address)
    if ray.is_initialized():
        return False
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=cpus, object_store_memory=OBJECT_STORE_BYTES, _node_ip_address="127.0.0.1", **quiet)
    except (ConnectionError, RuntimeError, ValueError) as error:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise TranslatorError(f"cannot start or join {where} ({first_line(error)})") from None
    ray.data.DataContext.get_current().enable_progress_bars = False  # the run draws its own
    return True


@dataclass(frozen=True)
class Resources:
    """What each translate actor asks Ray for, and how many actors the pool holds."""

    actors: int
    cpus: float
    gpus: float


def actor_resources(workers: int, threads: int, device: str) -> Resources:
    """One GPU per actor when the model runs on CUDA (`device` cuda, or auto on a cluster with
    GPUs); else `threads` CPUs each. The pool: `workers` actors, else as many as the cluster holds."""
    import ray

    total = ray.cluster_resources()
    gpus = 1.0 if device == "cuda" or (device == "auto" and total.get("GPU", 0) >= 1) else 0.0
    cpus = float(max(1, threads))
    fits = int(total.get("GPU", 0)) if gpus else int(total.get("CPU", 1) // cpus)
    return Resources(actors=workers or max(1, fits), cpus=cpus, gpus=gpus)


def check_rundir(rundir: Path) -> None:
    """Every alive node must see the folder this process writes and be able to write into it;
    otherwise one line saying so, before any work is dispatched."""
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    token = uuid.uuid4().hex
    state = rundir / ".run"
    mine = state / f"probe-{token}"
    mine.write_text(token, encoding="utf-8")
    probe = ray.remote(num_cpus=0, max_retries=0)(_probe)
    nodes = [node for node in ray.nodes() if node.get("Alive")]
    try:
        answers = ray.get(
            [
                probe.options(scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)).remote(
                    str(state), token, node["NodeID"][:12]
                )
                for node in nodes
            ],
            timeout=120,
        )
        for node, answer in zip(nodes, answers, strict=True):
            written = state / f"probe-{token}-{node['NodeID'][:12]}"
            if answer is None and not written.is_file():
                answer = "what it writes there does not appear here"
            if answer is not None:
                where = node.get("NodeManagerAddress", "?")
                raise TranslatorError(
                    f"{rundir}: a Ray worker on node {where} cannot use this folder ({answer}); "
                    "put RUNDIR on storage every node mounts at the same path"
                )
    finally:
        for path in state.glob(f"probe-{token}*"):
            path.unlink(missing_ok=True)


def _probe(state: str, token: str, node: str) -> str | None:
    """On one node: read the driver's token and write an answer beside it; the problem, or None."""
    folder = Path(state)
    try:
        if (folder / f"probe-{token}").read_text(encoding="utf-8") != token:
            return "it holds other contents there"
        (folder / f"probe-{token}-{node}").write_text(token, encoding="utf-8")
    except FileNotFoundError:
        return "it does not see the files written here"
    except OSError as error:
        return error.strerror or str(error)
    return None


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
