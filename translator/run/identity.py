"""The run key: a hash of everything that decides an article's output, so a rerun knows what is done.

It covers the tool and record versions, the model identity, the glossary (files and a hash of the
effective entries), the boilerplate rules, the post-edit rules and settings, and the output
options. Each article's key adds its input's SHA-256. Settings that only change speed (workers,
threads, executor) are left out, so a run can be resumed with other ones.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from translator import __version__
from translator.document import FORMAT_VERSION
from translator.pipeline import Stages


def run_identity(stages: Stages, model: dict[str, Any]) -> dict[str, Any]:
    """What the run key hashes, as recorded in the manifest."""
    settings = stages.settings
    run = settings.run
    return {
        "format": FORMAT_VERSION,
        "model": model,
        "glossary": stages.glossary.identity(),
        "rules": _rules_identity(stages),
        "postedit": _postedit_identity(stages),
        "options": {
            "glossaries": [str(p) for p in run.glossaries],
            "packs": list(run.packs),
            "default_glossary": run.default_glossary,
            "boilerplate_rules": [str(p) for p in run.boilerplate_rules],
            "formats": sorted(run.formats),
            "model": str(settings.model.path) if settings.model.path else None,
        },
    }


def run_key(identity: dict[str, Any]) -> str:
    payload = json.dumps({"tool": __version__, **identity}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def article_key(base_key: str, input_sha256: str) -> str:
    return hashlib.sha256(f"{base_key}:{input_sha256}".encode()).hexdigest()


def _rules_identity(stages: Stages) -> dict[str, Any]:
    """The boilerplate rules in force: their ids, and a hash of what each one does."""
    digest = hashlib.sha256()
    rules = stages.rules.rules
    for rule in rules:
        digest.update(f"{rule.id}\t{rule.category}\t{rule.action}\t{rule.max_words}\t{rule.pattern.pattern}\n".encode())
    return {"count": len(rules), "sha256": digest.hexdigest(), "ids": sorted(rule.id for rule in rules)}


def _postedit_identity(stages: Stages) -> dict[str, Any]:
    """The post-edit rules that will run, in order, and a hash of the settings and user rule files."""
    from translator.postedit import rule_set

    config = stages.settings.postedit
    digest = hashlib.sha256(repr(config).encode())
    for path in config.rule_files:
        digest.update(Path(path).read_bytes() if Path(path).is_file() else b"")
    return {"ids": rule_set(config).ids, "sha256": digest.hexdigest()}
