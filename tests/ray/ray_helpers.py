"""Shared by the Ray tests: Ray kept on 127.0.0.1 with small resources and no usage reports (set
here, before Ray loads), seed inputs, run folders compared across executors, process trees."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # before Ray is imported anywhere in this process
os.environ.setdefault("RAY_DATA_LOG_LEVEL", "ERROR")
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # every Ray here on 127.0.0.1, never the outward address

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "tests" / "run"))

OBJECT_STORE = 100 * 2**20
NOT_COMPARED = ("started", "finished", "executor")  # besides every timing
TIMED_TOTALS = ("seconds", "articles_per_second", "segments_per_second", "stage_seconds")


def seed_inputs(folder: Path, copies: int = 1, *, bad: bool = False) -> Path:
    """The seeds `copies` times over (distinct names), plus one input no run can use when `bad`."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in sorted(SEEDS.iterdir()):
            shutil.copy(seed, folder / f"{n:03d}-{seed.name}")
    if bad:
        (folder / "zz-empty.html").write_bytes(b"<html><body></body></html>")
    return folder


def files(rundir: Path) -> dict[str, bytes]:
    """Every article output and the index (not the manifest nor the run's own state)."""
    return {
        str(p.relative_to(rundir)): p.read_bytes()
        for p in sorted(rundir.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and ".run" not in p.relative_to(rundir).parts
    }


def manifest(rundir: Path) -> dict:
    """The manifest without what differs by nature between two runs: times and the executor's name."""
    data = json.loads((rundir / "manifest.json").read_text(encoding="utf-8"))
    for key in NOT_COMPARED:
        data.pop(key, None)
    data["totals"] = {k: v for k, v in data["totals"].items() if k not in TIMED_TOTALS}
    data["articles"] = {name: {k: v for k, v in e.items() if k != "timings"} for name, e in data["articles"].items()}
    return data


def settings(model: Path, executor: str, **more):
    from translator.settings import load_settings

    given = {"model.path": str(model), "model.offline": True, "run.executor": executor, "run.workers": 2}
    given.update({key.replace("__", "."): value for key, value in more.items()})
    return load_settings(None, given)


def descendants(pid: int) -> list[int]:
    """Every live process under `pid` (Ray's processes under the driver that started them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_gone(pids: list[int], seconds: float = 30) -> list[int]:
    """The pids still alive after waiting up to `seconds` for them to exit."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and _state(pid) != "Z"]
    return alive


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
