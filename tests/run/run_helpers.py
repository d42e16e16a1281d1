"""Shared by the run tests: the CLI in a subprocess, and run folders read back."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import ROOT, SEEDS, run_cli  # noqa: F401 (re-exported for the run tests)

from translator.document import Article


def records(rundir: Path) -> dict[str, Article]:
    return {p.stem: Article.from_json(p.read_text()) for p in rundir.glob("*.json") if p.name != "manifest.json"}


def outputs(rundir: Path) -> dict[str, bytes]:
    """Every article output file (not the manifest, whose timings differ by nature, nor the run's lock)."""
    return {
        str(p.relative_to(rundir)): p.read_bytes()
        for p in sorted(rundir.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and ".run" not in p.relative_to(rundir).parts
    }


def without_cache_marks(files: dict[str, bytes]) -> dict[str, object]:
    """Outputs with `segment.cached` dropped: whether a segment came from the memory is not a result."""
    out: dict[str, object] = {}
    for name, data in files.items():
        if name.endswith(".json"):
            record = json.loads(data)
            for block in record["blocks"]:
                for segment in block["segments"]:
                    segment.pop("cached")
            out[name] = record
        else:
            out[name] = data
    return out
