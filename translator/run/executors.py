"""Executors by name: where a run's work happens (`[run] executor`, `--executor`).

An executor takes the run's tasks and yields each one's result once it is settled and written;
the runner owns everything else (inputs, resume, manifest, index). Each entry names the module
that holds it, so an executor's dependencies load only when it is chosen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translator.run.work import PrepareContext
    from translator.settings import Settings

EXECUTORS: dict[str, str] = {
    "local": "translator.run.local:LocalExecutor",
}


def make_executor(settings: Settings, context: PrepareContext) -> Any:
    module, name = EXECUTORS[settings.run.executor].split(":")
    cls = getattr(importlib.import_module(module), name)
    return cls(context, settings.run.workers, settings.run.chunk_segments)
